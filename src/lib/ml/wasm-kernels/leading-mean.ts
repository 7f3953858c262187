/**
 * `Mean` over leading axes (batch norm's batch statistics), made fast on wasm.
 */
import type { KernelConfig } from '@tensorflow/tfjs';
import { leadingReduction } from './leading-sum';

export const MEAN = 'Mean';

// Mean over the leading axes: batch norm in training takes the mean and the variance of
// [N, H, W, C] over [N, H, W] (`tf.moments`), twice per layer per step. As with `Sum`, the
// backend first transposes the reduced axes to the end (a full copy); a column sum over the
// heap reads the data once instead.

/** `native` (the backend's `Mean`), bypassed for a float32 mean over leading axes. */
export function leadingMean(native: KernelConfig): KernelConfig {
  return leadingReduction(native, (count) => 1 / count);
}
