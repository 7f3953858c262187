/**
 * `Identity` that shares its input's data instead of copying it, as the wasm backend's own
 * `Reshape` and TF.js's cpu backend's `Identity` do.
 */
import type { KernelConfig } from '@tensorflow/tfjs';
import { inputOf, withFastPath } from './shared';

export const IDENTITY = 'Identity';

// Identity: the backend's copies the whole tensor into a new buffer. A training step calls it
// about once per kernel of the model's layers (tfjs-layers and the gradient tape clone tensors:
// 115 calls per step of cifar-fast, 46 of mnist-cnn), all in the serial part of the step. No
// kernel writes into its inputs (they only fill outputs they allocate), so sharing the
// buffer and counting one more reference, freed with the last tensor, is safe.

/** `native` (the backend's `Identity`), bypassed for every dtype but strings. */
export function sharedIdentity(native: KernelConfig): KernelConfig {
  return withFastPath(native, (args) => {
    const x = inputOf(args, 'x');
    if (x.dtype === 'string') return null;
    (args.backend as unknown as { incRef(dataId: object): void }).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  });
}
