/**
 * Turns uint8 images into model inputs on the CPU, before any tensor exists: seeded shuffling,
 * CIFAR augmentation (random crop + horizontal flip) and normalisation. Doing this in plain
 * TypeScript keeps it identical on every backend and reproducible from a seed.
 */

/** Images as the data loader returns them (`LoadedSplit` fits). */
export interface LabeledImages {
  /** count × height × width × channels bytes, HWC, 0..255. */
  images: Uint8Array;
  /** count labels, 0..9. */
  labels: Uint8Array;
  count: number;
  shape: [height: number, width: number, channels: number];
}

/** Small, fast, seedable PRNG (mulberry32); returns floats in [0, 1). */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Example order for one epoch; depends only on (seed, epoch), so a resumed run sees the same order. */
export function shuffledIndices(count: number, seed: number, epoch: number): Uint32Array {
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  const random = createRandom(seed * 7919 + epoch * 104_729 + 1);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = order[i] as number;
    order[i] = order[j] as number;
    order[j] = tmp;
  }
  return order;
}

/** First `limit` examples as views (no copy); the whole set when `limit` is null/undefined. */
export function takeSubset(data: LabeledImages, limit: number | null | undefined): LabeledImages {
  if (limit === null || limit === undefined || limit >= data.count) return data;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new Error(`Subset size must be a positive integer or null for the whole split; got ${limit}.`);
  }
  const [h, w, c] = data.shape;
  return {
    images: data.images.subarray(0, limit * h * w * c),
    labels: data.labels.subarray(0, limit),
    count: limit,
    shape: data.shape,
  };
}

export interface BatchOptions {
  /** Model input [height, width, channels]; smaller than the image → crop. */
  inputShape: [number, number, number];
  /** Random crop + horizontal flip (training); otherwise centre crop (evaluation). */
  augment: boolean;
  /** Needed when `augment` is true. */
  random?: () => number;
}

/**
 * Builds a float32 batch `[indices.length, h, w, c]` (row-major HWC). Grey images are scaled
 * to [0, 1]; colour images are standardised per image ((x − mean) / max(std, 1/√n)) like
 * TensorFlow's `per_image_standardization` in the CIFAR-10 tutorial.
 */
export function buildBatch(
  data: LabeledImages,
  indices: ArrayLike<number>,
  options: BatchOptions,
): Float32Array {
  const [srcH, srcW, channels] = data.shape;
  const [h, w, c] = options.inputShape;
  if (c !== channels || h > srcH || w > srcW) {
    throw new Error(
      `Model input ${h}×${w}×${c} does not fit images of ${srcH}×${srcW}×${channels}; pick a model for this dataset.`,
    );
  }
  if (options.augment && !options.random)
    throw new Error('buildBatch: augment needs a seeded random source.');
  const out = new Float32Array(indices.length * h * w * c);
  const pixelsPerImage = h * w * c;
  for (let b = 0; b < indices.length; b++) {
    const index = indices[b] as number;
    const src = index * srcH * srcW * channels;
    let top = (srcH - h) >> 1;
    let left = (srcW - w) >> 1;
    let flip = false;
    if (options.augment && options.random) {
      top = Math.floor(options.random() * (srcH - h + 1));
      left = Math.floor(options.random() * (srcW - w + 1));
      flip = options.random() < 0.5;
    }
    const dst = b * pixelsPerImage;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const sx = flip ? left + w - 1 - x : left + x;
        const from = src + ((top + y) * srcW + sx) * channels;
        const to = dst + (y * w + x) * c;
        for (let k = 0; k < c; k++) out[to + k] = data.images[from + k] as number;
      }
    }
    normalizeImage(out, dst, pixelsPerImage, c);
  }
  return out;
}

/** In place: grey → /255; colour → per-image standardisation (on the 0..255 values). */
function normalizeImage(out: Float32Array, offset: number, n: number, channels: number): void {
  if (channels === 1) {
    for (let i = 0; i < n; i++) out[offset + i] = (out[offset + i] as number) / 255;
    return;
  }
  let mean = 0;
  for (let i = 0; i < n; i++) mean += out[offset + i] as number;
  mean /= n;
  let variance = 0;
  for (let i = 0; i < n; i++) variance += ((out[offset + i] as number) - mean) ** 2;
  const std = Math.max(Math.sqrt(variance / n), 1 / Math.sqrt(n));
  for (let i = 0; i < n; i++) out[offset + i] = ((out[offset + i] as number) - mean) / std;
}

/**
 * Prepares one image given as floats in [0, 1] (e.g. a digit drawn on a canvas) exactly as
 * `buildBatch` prepares test images, so prediction sees what evaluation sees.
 */
export function prepareFloatImage(
  pixels: Float32Array,
  shape: [number, number, number],
  inputShape: [number, number, number],
): Float32Array {
  const expected = shape[0] * shape[1] * shape[2];
  if (pixels.length !== expected) {
    throw new Error(
      `Expected ${expected} pixel values for a ${shape.join('×')} image; got ${pixels.length}.`,
    );
  }
  const bytes = new Uint8Array(expected);
  for (let i = 0; i < expected; i++)
    bytes[i] = Math.round(Math.min(1, Math.max(0, pixels[i] as number)) * 255);
  return buildBatch({ images: bytes, labels: new Uint8Array(1), count: 1, shape }, [0], {
    inputShape,
    augment: false,
  });
}

/**
 * One-hot float32 labels `[indices.length, classes]`. With `smoothing` ε > 0 each target is
 * 1 − ε + ε/classes for the true class and ε/classes for the others (label smoothing).
 */
export function buildOneHot(
  labels: Uint8Array,
  indices: ArrayLike<number>,
  classes = 10,
  smoothing = 0,
): Float32Array {
  if (!(smoothing >= 0 && smoothing < 1)) {
    throw new Error(`Label smoothing must be a number from 0 up to (not including) 1; got ${smoothing}.`);
  }
  const off = smoothing / classes;
  const out = new Float32Array(indices.length * classes).fill(off);
  for (let b = 0; b < indices.length; b++) {
    out[b * classes + (labels[indices[b] as number] as number)] = 1 - smoothing + off;
  }
  return out;
}
