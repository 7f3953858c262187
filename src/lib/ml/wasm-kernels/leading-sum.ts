/**
 * `Sum` over leading axes (a bias gradient), made fast on wasm.
 */
import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import { attrsOf, inputOf, type WasmBackendLike, withFastPath } from './shared';

export const SUM = 'Sum';

// Sum over the leading axes (a bias gradient: dy [N, H, W, C] summed to [C]). The
// backend first transposes the reduced axes to the end, a full copy with a slow
// generic transpose; a column sum in JS over the heap reads the data once instead.

/**
 * The reduced axes in order when they are the leading ones (some, not all), else null.
 * Numeric order: a plain `.sort()` would put axis 10 before axis 2.
 */
export function leadingAxes(axis: number | number[], rank: number): number[] | null {
  const axes = [...new Set((Array.isArray(axis) ? axis : [axis]).map((a) => (a < 0 ? a + rank : a)))].sort(
    (a, b) => a - b,
  );
  return axes.length > 0 && axes.length < rank && axes.every((a, i) => a === i) ? axes : null;
}

/**
 * `x` summed over its leading `axes`, times `scale`, as a new float32 output (kept axes as
 * size 1 when `keepDims`). Shared with `Mean` (leading-mean.ts).
 */
export function sumLeading(
  backend: WasmBackendLike,
  x: TensorInfo,
  axes: number[],
  keepDims: boolean | undefined,
  scale = 1,
): TensorInfo {
  const kept = x.shape.slice(axes.length);
  const outer = x.shape.slice(0, axes.length).reduce((a, b) => a * b, 1);
  const inner = kept.reduce((a, b) => a * b, 1);
  const outShape = keepDims ? [...axes.map(() => 1), ...kept] : kept;
  const out = backend.makeOutput(outShape, 'float32');
  const result = backend.typedArrayFromHeap(out);
  const xs = backend.typedArrayFromHeap(x);
  // Accumulate in float64 rows for accuracy over tens of thousands of terms.
  // Four rows per pass: a quarter of the loads and stores of the accumulator (batch norm's
  // gradient sums a full activation several times per layer, in the serial part of a step).
  const acc = new Float64Array(inner);
  let o = 0;
  for (; o + 4 <= outer; o += 4) {
    const b0 = o * inner;
    const b1 = b0 + inner;
    const b2 = b1 + inner;
    const b3 = b2 + inner;
    for (let i = 0; i < inner; i++) {
      acc[i] =
        (acc[i] as number) +
        (xs[b0 + i] as number) +
        (xs[b1 + i] as number) +
        (xs[b2 + i] as number) +
        (xs[b3 + i] as number);
    }
  }
  for (; o < outer; o++) {
    const base = o * inner;
    for (let i = 0; i < inner; i++) acc[i] = (acc[i] as number) + (xs[base + i] as number);
  }
  if (scale !== 1) for (let i = 0; i < inner; i++) acc[i] = (acc[i] as number) * scale;
  result.set(acc);
  return out;
}

/**
 * `native` (the backend's `Sum` or `Mean`), bypassed for a float32 reduction over leading
 * axes: their sum times `scaleOf(count)`, `count` being the values reduced into each output
 * (the backend keeps an empty reduction).
 */
export function leadingReduction(native: KernelConfig, scaleOf: (count: number) => number): KernelConfig {
  return withFastPath(native, (args) => {
    const x = inputOf(args, 'x');
    const { axis, keepDims } = attrsOf<{ axis: number | number[]; keepDims?: boolean }>(args);
    const axes = leadingAxes(axis, x.shape.length);
    if (x.dtype !== 'float32' || axes === null) return null;
    const count = x.shape.slice(0, axes.length).reduce((a, b) => a * b, 1);
    if (count === 0) return null;
    return sumLeading(args.backend as WasmBackendLike, x, axes, keepDims, scaleOf(count));
  });
}

/** `native` (the backend's `Sum`), bypassed for a float32 sum over leading axes. */
export function leadingSum(native: KernelConfig): KernelConfig {
  return leadingReduction(native, () => 1);
}
