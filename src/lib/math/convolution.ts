/**
 * Convolution and pooling as a CNN layer computes them, in plain TypeScript for the
 * convolution island of chapter 3: one k×k kernel slid over an image with a stride and zero
 * padding, and max or average pooling. Like TF.js's `conv2d`, the kernel is not flipped
 * (strictly, cross-correlation), so the Sobel x kernel answers to left-to-right brightening.
 *
 * Images and maps are HWC: `data[(y * width + x) * channels + c]`.
 */
import { MathInputError } from './errors';

/** An image or feature map: height × width × channels values, HWC order. */
export interface Plane {
  height: number;
  width: number;
  channels: number;
  data: Float32Array;
}

/** A square k×k kernel, `weights` row by row (k² numbers). */
export interface Kernel {
  size: number;
  weights: readonly number[];
}

export interface ConvolutionOptions {
  /** Step between neighbouring windows, ≥ 1. Default 1. */
  stride?: number;
  /** Rows and columns of zeros added on every side, ≥ 0. Default 0. */
  padding?: number;
  /**
   * `sum` (default): one feature map, the kernel applied to every channel and the results
   * added, as one filter of a conv layer spans all input channels. `separate`: one map per channel.
   */
  combine?: 'sum' | 'separate';
}

export type PoolKind = 'max' | 'average';

export interface PoolOptions {
  /** Window side, ≥ 1. Default 2. */
  size?: number;
  /** Step between windows; defaults to `size` (windows that do not overlap). */
  stride?: number;
}

/** The largest kernel or window the island offers, and the limits on stride and padding. */
export const MAX_KERNEL_SIZE = 7;
export const MAX_STRIDE = 4;
export const MAX_PADDING = 3;

function checkWhole(
  value: number,
  min: number,
  max: number,
  code: 'bad-stride' | 'bad-padding' | 'bad-kernel',
  what: string,
): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new MathInputError(code, `${what} is ${value}; use a whole number from ${min} to ${max}.`, {
      value,
      min,
      max,
    });
  }
}

/**
 * The output side of a convolution or pooling: `floor((n + 2p − k) / s) + 1` for input side
 * `n`, window `k`, padding `p` and stride `s`. Throws when the padded input is smaller than the window.
 */
export function outputSize(n: number, k: number, stride = 1, padding = 0): number {
  checkWhole(k, 1, Number.MAX_SAFE_INTEGER, 'bad-kernel', 'The kernel size');
  checkWhole(stride, 1, Number.MAX_SAFE_INTEGER, 'bad-stride', 'The stride');
  checkWhole(padding, 0, Number.MAX_SAFE_INTEGER, 'bad-padding', 'The padding');
  if (n + 2 * padding < k) {
    throw new MathInputError(
      'empty-output',
      `A ${k}×${k} window does not fit in ${n} + 2×${padding} = ${n + 2 * padding} pixels; use less kernel or more padding.`,
      { n, k, padding, padded: n + 2 * padding },
    );
  }
  return Math.floor((n + 2 * padding - k) / stride) + 1;
}

/** Checks a kernel: `size` from 1 to `MAX_KERNEL_SIZE` and size² finite weights. */
export function checkKernel(kernel: Kernel): void {
  checkWhole(kernel.size, 1, MAX_KERNEL_SIZE, 'bad-kernel', 'The kernel size');
  const expected = kernel.size * kernel.size;
  if (kernel.weights.length !== expected || !kernel.weights.every(Number.isFinite)) {
    throw new MathInputError(
      'bad-kernel-weights',
      `A ${kernel.size}×${kernel.size} kernel needs ${expected} numbers; got ${kernel.weights.length}.`,
      { size: kernel.size, expected, count: kernel.weights.length },
    );
  }
}

/** A kernel from rows of numbers (e.g. `parseMatrix`'s output); throws unless it is square. */
export function kernelFromRows(rows: readonly (readonly number[])[]): Kernel {
  const size = rows.length;
  if (rows.some((row) => row.length !== size)) {
    throw new MathInputError(
      'bad-kernel-weights',
      `A kernel is square: ${size} rows need ${size} numbers each.`,
      { size, expected: size * size, count: rows.reduce((sum, row) => sum + row.length, 0) },
    );
  }
  const kernel = { size, weights: rows.flat() };
  checkKernel(kernel);
  return kernel;
}

/** The kernel as rows, for a table or a text field. */
export function kernelRows(kernel: Kernel): number[][] {
  return Array.from({ length: kernel.size }, (_, r) =>
    kernel.weights.slice(r * kernel.size, (r + 1) * kernel.size),
  );
}

/** The input value at (y, x, c), or 0 in the zero padding outside the image. */
function at(image: Plane, y: number, x: number, c: number): number {
  if (y < 0 || x < 0 || y >= image.height || x >= image.width) return 0;
  return image.data[(y * image.width + x) * image.channels + c] as number;
}

/** The window's weighted sum for output cell (row, col) in channel `c`. */
function windowSum(
  image: Plane,
  kernel: Kernel,
  row: number,
  col: number,
  c: number,
  stride: number,
  padding: number,
): number {
  let sum = 0;
  for (let i = 0; i < kernel.size; i++) {
    for (let j = 0; j < kernel.size; j++) {
      const w = kernel.weights[i * kernel.size + j] as number;
      if (w !== 0) sum += w * at(image, row * stride - padding + i, col * stride - padding + j, c);
    }
  }
  return sum;
}

/** Slides `kernel` over `image`: a map of `outputSize` × `outputSize` cells (see `combine`). */
export function convolve(image: Plane, kernel: Kernel, options: ConvolutionOptions = {}): Plane {
  const { stride = 1, padding = 0, combine = 'sum' } = options;
  checkKernel(kernel);
  checkWhole(stride, 1, MAX_STRIDE, 'bad-stride', 'The stride');
  checkWhole(padding, 0, MAX_PADDING, 'bad-padding', 'The padding');
  const height = outputSize(image.height, kernel.size, stride, padding);
  const width = outputSize(image.width, kernel.size, stride, padding);
  const channels = combine === 'sum' ? 1 : image.channels;
  const data = new Float32Array(height * width * channels);
  for (let row = 0; row < height; row++) {
    for (let col = 0; col < width; col++) {
      for (let c = 0; c < image.channels; c++) {
        const value = windowSum(image, kernel, row, col, c, stride, padding);
        const index = (row * width + col) * channels + (combine === 'sum' ? 0 : c);
        data[index] = (data[index] as number) + value;
      }
    }
  }
  return { height, width, channels, data };
}

/**
 * The terms of output cell (row, col) of a one-channel convolution: each kernel weight with
 * the input value under it (0 in the padding), in kernel order, for the island's working.
 */
export function cellTerms(
  image: Plane,
  kernel: Kernel,
  row: number,
  col: number,
  options: Pick<ConvolutionOptions, 'stride' | 'padding'> = {},
): { weight: number; input: number }[] {
  const { stride = 1, padding = 0 } = options;
  return kernel.weights.map((weight, index) => {
    const i = Math.floor(index / kernel.size);
    const j = index % kernel.size;
    return { weight, input: at(image, row * stride - padding + i, col * stride - padding + j, 0) };
  });
}

/** Max or average pooling of every channel of `map` (no padding). */
export function pool(map: Plane, kind: PoolKind, options: PoolOptions = {}): Plane {
  const { size = 2 } = options;
  const stride = options.stride ?? size;
  checkWhole(size, 1, MAX_KERNEL_SIZE, 'bad-kernel', 'The pooling window');
  checkWhole(stride, 1, MAX_STRIDE, 'bad-stride', 'The stride');
  const height = outputSize(map.height, size, stride, 0);
  const width = outputSize(map.width, size, stride, 0);
  const data = new Float32Array(height * width * map.channels);
  for (let row = 0; row < height; row++) {
    for (let col = 0; col < width; col++) {
      for (let c = 0; c < map.channels; c++) {
        let max = Number.NEGATIVE_INFINITY;
        let sum = 0;
        for (let i = 0; i < size; i++) {
          for (let j = 0; j < size; j++) {
            const value = at(map, row * stride + i, col * stride + j, c);
            max = Math.max(max, value);
            sum += value;
          }
        }
        data[(row * width + col) * map.channels + c] = kind === 'max' ? max : sum / (size * size);
      }
    }
  }
  return { height, width, channels: map.channels, data };
}

/** ReLU: negatives to 0, as a conv layer's activation does before pooling. */
export function relu(map: Plane): Plane {
  return { ...map, data: map.data.map((value) => Math.max(0, value)) };
}

/** Image `index` of HWC 0..255 `images` (a dataset shard) as floats 0..1. */
export function planeFromPixels(
  images: Uint8Array,
  shape: readonly [number, number, number],
  index = 0,
): Plane {
  const [height, width, channels] = shape;
  const size = height * width * channels;
  const data = Float32Array.from(images.subarray(index * size, (index + 1) * size), (v) => v / 255);
  return { height, width, channels, data };
}

/** One channel, the luma (ITU-R BT.601) of an RGB plane; a one-channel plane is returned as is. */
export function toGrey(image: Plane): Plane {
  if (image.channels === 1) return image;
  const data = new Float32Array(image.height * image.width);
  for (let i = 0; i < data.length; i++) {
    const o = i * image.channels;
    data[i] =
      0.299 * (image.data[o] as number) +
      0.587 * (image.data[o + 1] as number) +
      0.114 * (image.data[o + 2] as number);
  }
  return { height: image.height, width: image.width, channels: 1, data };
}

/** The smallest and largest value of a map (both 0 for an empty one). */
export function valueRange(map: Plane): { min: number; max: number } {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const value of map.data) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return map.data.length ? { min, max } : { min: 0, max: 0 };
}

/**
 * Grey levels 0..255 for drawing channel `c` of a map: `range` stretched to black..white (a
 * flat range is mid-grey). By default the map's own range, so weak and strong kernels are both
 * visible; a layer's maps pass the layer's range, so their brightness compares across maps.
 */
export function toGreyLevels(
  map: Plane,
  c = 0,
  range: { min: number; max: number } = valueRange(map),
): Uint8ClampedArray {
  const { min, max } = range;
  const span = max - min;
  const out = new Uint8ClampedArray(map.height * map.width);
  for (let i = 0; i < out.length; i++) {
    const value = map.data[i * map.channels + c] as number;
    out[i] = span > 0 ? Math.round(((value - min) / span) * 255) : 128;
  }
  return out;
}

/** Names of the kernels the island offers; each has its i18n label `conv.kernel.<name>`. */
export const KERNEL_NAMES = ['edge', 'sobel-x', 'sobel-y', 'sharpen', 'blur', 'blur-5', 'identity'] as const;
export type KernelName = (typeof KERNEL_NAMES)[number];

/** The named kernels: classic image-processing filters a trained CNN's first layer often resembles. */
export const KERNELS: Readonly<Record<KernelName, Kernel>> = {
  /** Laplacian-style outline: zero on flat areas, large on any edge. */
  edge: { size: 3, weights: [-1, -1, -1, -1, 8, -1, -1, -1, -1] },
  /** Brightness rising left to right (vertical edges). */
  'sobel-x': { size: 3, weights: [-1, 0, 1, -2, 0, 2, -1, 0, 1] },
  /** Brightness rising top to bottom (horizontal edges). */
  'sobel-y': { size: 3, weights: [-1, -2, -1, 0, 0, 0, 1, 2, 1] },
  sharpen: { size: 3, weights: [0, -1, 0, -1, 5, -1, 0, -1, 0] },
  /** 3×3 box blur: the mean of the window. */
  blur: { size: 3, weights: Array(9).fill(1 / 9) },
  /** 5×5 Gaussian blur, binomial weights (1 4 6 4 1)ᵀ(1 4 6 4 1) / 256. */
  'blur-5': {
    size: 5,
    weights: [1, 4, 6, 4, 1].flatMap((a) => [1, 4, 6, 4, 1].map((b) => (a * b) / 256)),
  },
  identity: { size: 3, weights: [0, 0, 0, 0, 1, 0, 0, 0, 0] },
};
