/**
 * Training kernels for TF.js's WebAssembly backend, one per file:
 *
 * - `Conv2DBackpropFilter` (conv2d-backprop-filter.ts): TF.js 4.22's `wasm` backend has none,
 *   so no CNN could train on it; ours is a convolution over transposed tensors (XNNPACK).
 * - `Conv2DBackpropInput` (conv2d-backprop-input.ts): replaces the backend's scalar loop with a
 *   convolution of the dilated `dy` and the flipped filter; keeps the loop where it is faster.
 * - `MaxPoolGrad` (max-pool-grad.ts): replaces the backend's, which is wrong with more than
 *   one channel.
 * - `BatchMatMul`, `_FusedMatMul` (untransposed-matmul.ts), `Sum` (leading-sum.ts) and `Mean`
 *   (leading-mean.ts): wrap the backend's, which are 7–15× slower on the transposed and
 *   leading-axis cases that gradients and batch norm use.
 * - `AdamStep` (adam-step.ts): a kernel of our own, one Adam update of one variable in one pass,
 *   which `FusedAdam` (src/lib/ml/optimizers.ts) calls instead of ~13 element-wise kernels.
 * - `Identity` (shared-identity.ts): shares its input's buffer instead of copying it.
 * - `Tile` (block-tile.ts): wraps the backend's generic loop, which took 30% of a batch-norm
 *   net's training step (batch norm's gradient tiles a per-channel vector to the full activation).
 *
 * The other kernels the guide's models need to train (`AvgPoolGrad`, `LRNGrad`, and the
 * element-wise ops behind batch norm and PReLU gradients) are the backend's own;
 * `tests/unit/wasm-kernels.test.ts` checks every model's full gradient on `wasm` against `cpu`.
 *
 * Nothing happens on import: call `registerWasmTrainingKernels()` once the wasm backend's module
 * is loaded (before or after `tf.setBackend('wasm')`).
 */
import { getKernel, type KernelConfig, registerKernel, unregisterKernel } from '@tensorflow/tfjs';
import { ADAM_STEP, adamStepKernel } from './adam-step';
import { blockTile, TILE } from './block-tile';
import { conv2DBackpropFilter, FILTER_GRAD } from './conv2d-backprop-filter';
import { conv2DBackpropInput, INPUT_GRAD } from './conv2d-backprop-input';
import { leadingMean, MEAN } from './leading-mean';
import { leadingSum, SUM } from './leading-sum';
import { MAX_POOL_GRAD, maxPoolGrad } from './max-pool-grad';
import { BACKEND } from './shared';
import { IDENTITY, sharedIdentity } from './shared-identity';
import { MATMUL_KERNELS, untransposedMatMul } from './untransposed-matmul';

/**
 * One kernel to register: `make` gets the kernel registered now (if any) and returns the one
 * to register instead, or null to leave it as it is.
 */
export interface KernelEntry {
  kernelName: string;
  make(existing: KernelConfig | undefined): KernelConfig | null;
}

/**
 * Registers every entry for `backendName`, or none: when one fails, those already registered
 * are taken back and the kernels they replaced restored, and the error is rethrown.
 */
export function registerAllOrNone(backendName: string, entries: readonly KernelEntry[]): void {
  const done: { kernelName: string; previous: KernelConfig | undefined }[] = [];
  try {
    for (const entry of entries) {
      const previous = getKernel(entry.kernelName, backendName);
      const config = entry.make(previous);
      if (!config) continue;
      // Replacing a registered kernel needs an unregister first (else TF.js warns and keeps it).
      if (previous) unregisterKernel(entry.kernelName, backendName);
      done.push({ kernelName: entry.kernelName, previous });
      registerKernel({ ...config, kernelName: entry.kernelName, backendName });
    }
  } catch (error) {
    for (const { kernelName, previous } of done.reverse()) {
      if (getKernel(kernelName, backendName)) unregisterKernel(kernelName, backendName);
      if (previous) registerKernel(previous);
    }
    throw error;
  }
}

/** The kernels this module provides for `wasm`, in registration order. */
export const WASM_TRAINING_KERNELS = [
  FILTER_GRAD,
  INPUT_GRAD,
  MAX_POOL_GRAD,
  ...MATMUL_KERNELS,
  SUM,
  MEAN,
  TILE,
  ADAM_STEP,
  IDENTITY,
];

const ENTRIES: readonly KernelEntry[] = [
  { kernelName: FILTER_GRAD, make: (existing) => (existing ? null : conv2DBackpropFilter) },
  { kernelName: INPUT_GRAD, make: (existing) => conv2DBackpropInput(existing) },
  { kernelName: MAX_POOL_GRAD, make: () => maxPoolGrad },
  ...MATMUL_KERNELS.map((kernelName) => ({
    kernelName,
    make: (existing: KernelConfig | undefined) => (existing ? untransposedMatMul(existing) : null),
  })),
  { kernelName: SUM, make: (existing) => (existing ? leadingSum(existing) : null) },
  { kernelName: MEAN, make: (existing) => (existing ? leadingMean(existing) : null) },
  { kernelName: TILE, make: (existing) => (existing ? blockTile(existing) : null) },
  { kernelName: ADAM_STEP, make: () => adamStepKernel },
  { kernelName: IDENTITY, make: (existing) => (existing ? sharedIdentity(existing) : null) },
];

let registered = false;

/**
 * Registers, for the `wasm` backend, the kernels it needs to train the guide's CNNs: all of
 * them or, if one fails, none. Safe to call any number of times (they are registered once).
 * @returns the names of the kernels this module provides for `wasm`.
 */
export function registerWasmTrainingKernels(): string[] {
  if (!registered) {
    registerAllOrNone(BACKEND, ENTRIES);
    registered = true;
  }
  return [...WASM_TRAINING_KERNELS];
}
