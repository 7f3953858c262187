/**
 * The work of `scripts/recipe-search.ts` (bundled, see `bundle.ts`): trains candidate recipes
 * at a fixed image budget (accuracy at a budget does not depend on how busy the machine is)
 * and, separately, times their training steps (images/s, which does).
 */
import { loadavg } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { buildBatch, buildOneHot, createRandom, shuffledIndices } from '../../src/lib/ml/batches';
import { MODEL_DATASET, MODEL_INPUT_SHAPE, type TrainerSettings } from '../../src/lib/ml/catalog';
import { createModel } from '../../src/lib/ml/models';
import { DEFAULT_VALIDATION_SIZE } from '../../src/lib/ml/splits';
import { createOptimizer } from '../../src/lib/ml/train';
import { cachedSplit, type NodeBackend, runRecipe, useBackend } from './recipe-train';

export interface Candidate {
  name: string;
  settings: TrainerSettings;
}

export interface AccuracyRecord {
  kind: 'accuracy';
  name: string;
  settings: TrainerSettings;
  params: number;
  /** Training images seen (epochs × training images). */
  budgetImages: number;
  /** Images trained on per epoch (the subset less its validation images). */
  trainImages: number;
  validationAccuracy: number;
  testAccuracy: number;
  /** Validation and test accuracy of the same weights with test-time flip. */
  validationAccuracyFlip: number;
  testAccuracyFlip: number;
  /** Node wasm, while other work shared the machine: see `load`. */
  nodeImagesPerSec: number;
  trainSeconds: number;
  /** 1-minute load average before and after the run. */
  load: [number, number];
  date: string;
}

export interface ThroughputRecord {
  kind: 'throughput';
  name: string;
  modelId: string;
  model: TrainerSettings['model'] | null;
  batchSize: number;
  steps: number;
  nodeImagesPerSec: number;
  load: [number, number];
  date: string;
}

const round = (value: number, digits = 4) => Number(value.toFixed(digits));

export async function measureAccuracy(
  candidate: Candidate,
  options: { dataUrl: string; backend: NodeBackend; log: (line: string) => void },
): Promise<AccuracyRecord> {
  const before = loadavg()[0] as number;
  const result = await runRecipe({
    dataUrl: options.dataUrl,
    settings: candidate.settings,
    validationSize: DEFAULT_VALIDATION_SIZE,
    backend: options.backend,
    measureTest: true,
    log: options.log,
  });
  result.model.dispose();
  return {
    kind: 'accuracy',
    name: candidate.name,
    settings: candidate.settings,
    params: result.params,
    budgetImages: result.imagesSeen,
    trainImages: result.trainImages,
    validationAccuracy: round(result.validationAccuracy),
    testAccuracy: round(result.testAccuracy ?? 0),
    validationAccuracyFlip: round(result.validationAccuracyFlip),
    testAccuracyFlip: round(result.testAccuracyFlip ?? 0),
    nodeImagesPerSec: Math.round(result.imagesPerSec),
    trainSeconds: round(result.trainSeconds, 1),
    load: [round(before, 2), round(loadavg()[0] as number, 2)],
    date: new Date().toISOString(),
  };
}

/** Times `steps` training steps on real images after a few warm-up steps (Adam, augmented). */
export async function measureThroughput(
  candidate: Candidate,
  options: { dataUrl: string; backend: NodeBackend; steps: number },
): Promise<ThroughputRecord> {
  const { settings } = candidate;
  await useBackend(options.backend);
  const data = await cachedSplit(options.dataUrl, MODEL_DATASET[settings.modelId], 'train');
  const inputShape = MODEL_INPUT_SHAPE[settings.modelId];
  const model = createModel(settings.modelId, { seed: settings.seed, ...settings.model });
  const optimizer = createOptimizer(settings.optimizer ?? 'adam', settings.learningRate);
  model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const order = shuffledIndices(data.count, 1, 0);
  const random = createRandom(1);
  const n = settings.batchSize;
  const step = async (i: number) => {
    const indices = order.subarray((i * n) % (data.count - n), ((i * n) % (data.count - n)) + n);
    const xs = tf.tensor4d(buildBatch(data, indices, { inputShape, augment: true, random }), [
      n,
      ...inputShape,
    ]);
    const ys = tf.tensor2d(buildOneHot(data.labels, indices, 10, settings.labelSmoothing ?? 0), [n, 10]);
    await model.trainOnBatch(xs, ys);
    xs.dispose();
    ys.dispose();
  };
  try {
    for (let i = 0; i < 3; i++) await step(i);
    const before = loadavg()[0] as number;
    const started = performance.now();
    for (let i = 0; i < options.steps; i++) await step(i + 3);
    const seconds = (performance.now() - started) / 1000;
    return {
      kind: 'throughput',
      name: candidate.name,
      modelId: settings.modelId,
      model: settings.model ?? null,
      batchSize: n,
      steps: options.steps,
      nodeImagesPerSec: Math.round((options.steps * n) / seconds),
      load: [round(before, 2), round(loadavg()[0] as number, 2)],
      date: new Date().toISOString(),
    };
  } finally {
    optimizer.dispose();
    model.dispose();
  }
}
