/**
 * Classic published results for chapter 9, each with the browser preset that trains the
 * closest architecture our model factories offer. Browser presets are far shorter than the
 * published training: the table says so beside every figure.
 *
 * Published figures (checked against the sources):
 * - LeCun, Bottou, Bengio & Haffner, "Gradient-based learning applied to document
 *   recognition", Proc. IEEE 86(11), 1998: 2-layer NN with 300 hidden units (mean-squared
 *   error) 4.7% test error; LeNet-5 0.95% (without distortions).
 * - Simard, Steinkraus & Platt, "Best practices for convolutional neural networks applied to
 *   visual document analysis", ICDAR 2003: 2-layer NN with 800 hidden units, cross-entropy,
 *   no distortions, 1.6% test error (listed on LeCun's MNIST page; often credited to LeCun).
 * - TensorFlow models repository, tutorials/image/cifar10, the docstring of cifar10_train.py:
 *   about 86% test accuracy after 100K steps of 128 images (256 epochs), about 4 hours on one
 *   Tesla K40m. Chapter 8 and the table's note quote the same figures.
 */
import type { DatasetName } from '../ml/protocol';
import { DEFAULT_SETTINGS, type IslandSettings } from './settings';

export type ClassicId = 'mlp-300' | 'mlp-800' | 'lenet5' | 'cifar-tutorial';

export interface ClassicResult {
  id: ClassicId;
  dataset: DatasetName;
  /** Published test accuracy (1 − error rate), 0–1. */
  publishedAccuracy: number;
  /** How the source states it: MNIST papers give the error rate, the tutorial the accuracy. */
  reportedAs: 'error' | 'accuracy';
  /** i18n key suffix of the citation (`trainer.reproduce.source.<source>`). */
  source: 'lecun1998' | 'simard2003' | 'tf-cifar10';
  /** The short browser run. */
  preset: IslandSettings;
}

export const CLASSIC_RESULTS: readonly ClassicResult[] = [
  {
    id: 'mlp-300',
    dataset: 'mnist',
    publishedAccuracy: 1 - 0.047,
    reportedAs: 'error',
    source: 'lecun1998',
    preset: { ...DEFAULT_SETTINGS.mnist, model: 'mnist-mlp', hidden: 300, subset: 60_000, evalsPerEpoch: 1 },
  },
  {
    id: 'mlp-800',
    dataset: 'mnist',
    publishedAccuracy: 1 - 0.016,
    reportedAs: 'error',
    source: 'simard2003',
    preset: { ...DEFAULT_SETTINGS.mnist, model: 'mnist-mlp', hidden: 800, subset: 60_000, evalsPerEpoch: 1 },
  },
  {
    id: 'lenet5',
    dataset: 'mnist',
    publishedAccuracy: 1 - 0.0095,
    reportedAs: 'error',
    source: 'lecun1998',
    preset: { ...DEFAULT_SETTINGS.mnist, model: 'mnist-cnn', hidden: 0, subset: 60_000, evalsPerEpoch: 1 },
  },
  {
    id: 'cifar-tutorial',
    dataset: 'cifar10',
    publishedAccuracy: 0.86,
    reportedAs: 'accuracy',
    source: 'tf-cifar10',
    preset: {
      ...DEFAULT_SETTINGS.cifar10,
      model: 'cifar-tutorial',
      subset: 10_000,
      testSubset: 10_000,
      evalsPerEpoch: 1,
    },
  },
];

/** The figure as the source states it: error rate for MNIST papers, accuracy for the tutorial. */
export function publishedFigure(result: ClassicResult): number {
  return result.reportedAs === 'error' ? 1 - result.publishedAccuracy : result.publishedAccuracy;
}

/** Images the browser preset trains on in all (subset × epochs), for the table's note. */
export function presetImages(result: ClassicResult): number {
  return result.preset.subset * result.preset.epochs;
}
