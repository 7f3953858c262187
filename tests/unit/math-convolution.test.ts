import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  cellTerms,
  convolve,
  KERNEL_NAMES,
  KERNELS,
  kernelFromRows,
  outputSize,
  type Plane,
  planeFromPixels,
  pool,
  relu,
  toGrey,
  toGreyLevels,
} from '../../src/lib/math/convolution';
import { MathInputError } from '../../src/lib/math/errors';

/** A one-channel plane from rows. */
function plane(rows: number[][]): Plane {
  return {
    height: rows.length,
    width: rows[0]?.length ?? 0,
    channels: 1,
    data: Float32Array.from(rows.flat()),
  };
}

/** A one-channel plane back to rows, rounded to 6 places. */
function rows(map: Plane): number[][] {
  return Array.from({ length: map.height }, (_, y) =>
    Array.from(
      { length: map.width },
      (_, x) => Math.round((map.data[y * map.width + x] as number) * 1e6) / 1e6,
    ),
  );
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof MathInputError) return error.code;
    throw error;
  }
  throw new Error('expected a MathInputError');
}

const NINE = plane([
  [1, 2, 3],
  [4, 5, 6],
  [7, 8, 9],
]);
const SIXTEEN = plane([
  [1, 2, 3, 4],
  [5, 6, 7, 8],
  [9, 10, 11, 12],
  [13, 14, 15, 16],
]);

describe('the output-shape formula floor((n + 2p − k) / s) + 1', () => {
  it('gives the shapes of the chapter’s examples', () => {
    expect(outputSize(28, 3)).toBe(26);
    expect(outputSize(28, 5)).toBe(24); // the small CNN's first layer
    expect(outputSize(28, 3, 2, 1)).toBe(14); // stride 2, padding 1 halves the side
    expect(outputSize(28, 5, 1, 2)).toBe(28); // 'same' padding for 5×5
    expect(outputSize(7, 3, 2, 0)).toBe(3);
    expect(outputSize(8, 3, 2, 0)).toBe(3); // the last column is left over
  });

  it('refuses a window larger than the padded input, and a stride of 0, naming the numbers', () => {
    expect(codeOf(() => outputSize(2, 5, 1, 1))).toBe('empty-output');
    expect(() => outputSize(2, 5, 1, 1)).toThrow(/2 \+ 2×1 = 4/);
    expect(codeOf(() => outputSize(28, 3, 0, 0))).toBe('bad-stride');
    expect(codeOf(() => outputSize(28, 3, 1, -1))).toBe('bad-padding');
  });
});

describe('convolution', () => {
  it('computes Sobel x on a 3×3 image by hand: (−1·1 + 1·3) + (−2·4 + 2·6) + (−1·7 + 1·9) = 8', () => {
    expect(rows(convolve(NINE, KERNELS['sobel-x']))).toEqual([[8]]);
  });

  it('with stride 2 and padding 1 gives the hand-computed 2×2 map', () => {
    const map = convolve(NINE, KERNELS['sobel-x'], { stride: 2, padding: 1 });
    expect([map.height, map.width]).toEqual([outputSize(3, 3, 2, 1), outputSize(3, 3, 2, 1)]);
    expect(rows(map)).toEqual([
      [9, -9],
      [21, -21],
    ]);
  });

  it('leaves the image as it is with the identity kernel and padding 1', () => {
    expect(rows(convolve(SIXTEEN, KERNELS.identity, { padding: 1 }))).toEqual(rows(SIXTEEN));
  });

  it('averages the window with the box blur and keeps a flat image flat with the edge kernel', () => {
    expect(rows(convolve(NINE, KERNELS.blur))).toEqual([[5]]);
    const flat = plane(Array.from({ length: 5 }, () => Array(5).fill(0.5)));
    expect(
      rows(convolve(flat, KERNELS.edge))
        .flat()
        .every((v) => v === 0),
    ).toBe(true);
  });

  it('shows the working of one cell: kernel weights against the input under them, padding as 0', () => {
    const terms = cellTerms(NINE, KERNELS['sobel-x'], 0, 0, { stride: 2, padding: 1 });
    expect(terms.map((t) => t.input)).toEqual([0, 0, 0, 0, 1, 2, 0, 4, 5]);
    expect(terms.reduce((sum, t) => sum + t.weight * t.input, 0)).toBe(9);
  });

  it('adds the channels of an HWC image into one map, or keeps them apart', () => {
    const rgb: Plane = {
      height: 3,
      width: 3,
      channels: 2,
      data: Float32Array.from([...NINE.data].flatMap((v) => [v, 10 * v])),
    };
    expect(rows(convolve(rgb, KERNELS['sobel-x']))).toEqual([[88]]);
    const separate = convolve(rgb, KERNELS['sobel-x'], { combine: 'separate' });
    expect(separate.channels).toBe(2);
    expect([...separate.data]).toEqual([8, 80]);
  });

  it('matches TF.js conv2d (no flip, zero padding) on a random 5×5 kernel and two channels', () => {
    const image: Plane = {
      height: 9,
      width: 8,
      channels: 2,
      data: Float32Array.from({ length: 144 }, (_, i) => Math.sin(i * 1.7)),
    };
    const weights = Array.from({ length: 25 }, (_, i) => Math.cos(i * 0.9));
    const ours = convolve(image, { size: 5, weights }, { stride: 2, padding: 2 });
    const theirs = tf.tidy(() => {
      const x = tf.pad(tf.tensor4d(image.data, [1, 9, 8, 2]), [
        [0, 0],
        [2, 2],
        [2, 2],
        [0, 0],
      ]);
      // The same 5×5 weights in both input channels, one output filter.
      const w = tf.tensor4d(
        weights.flatMap((v) => [v, v]),
        [5, 5, 2, 1],
      );
      return tf.conv2d(x, w, 2, 'valid').dataSync();
    });
    expect([ours.height, ours.width]).toEqual([5, 4]);
    for (const [i, value] of [...theirs].entries()) expect(ours.data[i]).toBeCloseTo(value, 4);
  });

  it('refuses a kernel that is not square or has too few numbers', () => {
    expect(
      codeOf(() =>
        kernelFromRows([
          [1, 2, 3],
          [4, 5, 6],
        ]),
      ),
    ).toBe('bad-kernel-weights');
    expect(codeOf(() => convolve(NINE, { size: 3, weights: [1, 2] }))).toBe('bad-kernel-weights');
    expect(
      kernelFromRows([
        [0, 1],
        [1, 0],
      ]),
    ).toEqual({ size: 2, weights: [0, 1, 1, 0] });
  });
});

describe('pooling', () => {
  it('keeps the largest of each 2×2 window with max pooling', () => {
    expect(rows(pool(SIXTEEN, 'max'))).toEqual([
      [6, 8],
      [14, 16],
    ]);
  });

  it('keeps the mean of each 2×2 window with average pooling', () => {
    expect(rows(pool(SIXTEEN, 'average'))).toEqual([
      [3.5, 5.5],
      [11.5, 13.5],
    ]);
  });

  it('lets windows overlap when the stride is less than the window', () => {
    expect(rows(pool(SIXTEEN, 'max', { size: 3, stride: 1 }))).toEqual([
      [11, 12],
      [15, 16],
    ]);
  });

  it('pools after ReLU as a conv layer does: a map of negatives pools to 0', () => {
    expect(
      rows(
        pool(
          relu(
            plane([
              [-1, -2],
              [-3, -4],
            ]),
          ),
          'max',
        ),
      ),
    ).toEqual([[0]]);
  });
});

describe('pixels in and out', () => {
  it('reads image 1 of a shard as floats 0..1', () => {
    const images = Uint8Array.from([0, 0, 0, 0, 255, 51, 0, 255]);
    expect([...planeFromPixels(images, [2, 2, 1], 1).data]).toEqual([1, Math.fround(0.2), 0, 1]);
  });

  it('turns RGB into luma and stretches a map to grey levels', () => {
    const rgb: Plane = { height: 1, width: 2, channels: 3, data: Float32Array.from([1, 1, 1, 1, 0, 0]) };
    expect([...toGrey(rgb).data].map((v) => Math.round(v * 1000))).toEqual([1000, 299]);
    expect([...toGreyLevels(plane([[-2, 0, 2]]))]).toEqual([0, 128, 255]);
    expect([...toGreyLevels(plane([[3, 3]]))]).toEqual([128, 128]);
    // On a layer's shared scale, a map that did not respond is black, not mid-grey.
    expect([...toGreyLevels(plane([[0, 0]]), 0, { min: 0, max: 4 })]).toEqual([0, 0]);
    expect([...toGreyLevels(plane([[1, 4]]), 0, { min: 0, max: 4 })]).toEqual([64, 255]);
  });

  it('names only kernels of 3×3 or 5×5 whose weights are finite', () => {
    for (const name of KERNEL_NAMES) {
      const kernel = KERNELS[name];
      expect([3, 5]).toContain(kernel.size);
      expect(kernel.weights).toHaveLength(kernel.size ** 2);
    }
    expect(KERNELS['blur-5'].weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
  });
});
