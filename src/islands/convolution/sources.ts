/**
 * Where the island's image comes from: the first test images of MNIST or CIFAR-10, read from
 * the site's own verified shards (the same loader and cache as the trainers), or the reader's drawing.
 */
import { loadSplit } from '../../lib/data/loader';
import type { DatasetName } from '../../lib/data/manifest';
import { type Plane, planeFromPixels } from '../../lib/math/convolution';

/** Test images the island offers per dataset: the first shard is read, this many are kept. */
const SAMPLE_COUNT = 100;

export interface Samples {
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
  shape: [number, number, number];
  /** Class names in the page's language, by label. */
  classNames: string[];
}

const loaded = new Map<DatasetName, Promise<Samples>>();

/** The first test images of `dataset`, loaded once per page. */
export function loadSamples(dataUrl: string, dataset: DatasetName, lang: string): Promise<Samples> {
  let samples = loaded.get(dataset);
  if (!samples) {
    samples = loadSplit(dataUrl, dataset, 'test', { limit: SAMPLE_COUNT }).then((split) => ({
      images: split.images,
      labels: split.labels,
      count: split.count,
      shape: split.shape,
      classNames: split.manifest.classes.map((names) => (lang.startsWith('ja') ? names.ja : names.en)),
    }));
    samples.catch(() => loaded.delete(dataset));
    loaded.set(dataset, samples);
  }
  return samples;
}

/** Image `index` of the samples as floats 0..1. */
export function sampleImage(samples: Samples, index: number): Plane {
  return planeFromPixels(samples.images, samples.shape, index % samples.count);
}

/** The drawing pad's 784 MNIST-framed values as a 28×28 plane. */
export function drawnImage(pixels: Float32Array): Plane {
  return { height: 28, width: 28, channels: 1, data: pixels };
}
