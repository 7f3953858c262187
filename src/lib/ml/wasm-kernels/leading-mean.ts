/**
 * `Mean` over leading axes (batch norm's batch statistics), made fast on wasm.
 */
import type { KernelConfig } from '@tensorflow/tfjs';
import { leadingAxes, sumLeading } from './leading-sum';
import { attrsOf, BACKEND, inputOf, type WasmBackendLike } from './shared';

export const MEAN = 'Mean';

// Mean over the leading axes: batch norm in training takes the mean and the variance of
// [N, H, W, C] over [N, H, W] (`tf.moments`), twice per layer per step. As with `Sum`, the
// backend first transposes the reduced axes to the end (a full copy); a column sum over the
// heap reads the data once instead.

/** `native` (the backend's `Mean`), bypassed for a float32 mean over leading axes. */
export function leadingMean(native: KernelConfig): KernelConfig {
  return {
    kernelName: MEAN,
    backendName: BACKEND,
    setupFunc: native.setupFunc,
    kernelFunc: (args) => {
      const x = inputOf(args, 'x');
      const { axis, keepDims } = attrsOf<{ axis: number | number[]; keepDims?: boolean }>(args);
      const axes = leadingAxes(axis, x.shape.length);
      if (x.dtype !== 'float32' || axes === null) return native.kernelFunc(args);
      const count = x.shape.slice(0, axes.length).reduce((a, b) => a * b, 1);
      if (count === 0) return native.kernelFunc(args);
      return sumLeading(args.backend as WasmBackendLike, x, axes, keepDims, 1 / count);
    },
  };
}
