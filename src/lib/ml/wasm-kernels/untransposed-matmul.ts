/**
 * `BatchMatMul` and `_FusedMatMul` with transposed operands, made fast on wasm.
 */
import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import { attrsOf, BACKEND, inputOf, transpose, type WasmBackendLike } from './shared';

/** Matrix products the backend runs ~10× slower when an operand is transposed. */
export const MATMUL_KERNELS = ['BatchMatMul', '_FusedMatMul'] as const;

// BatchMatMul and _FusedMatMul with transposeA/transposeB: the backend hands only the
// untransposed case to XNNPACK and runs the others in a scalar loop (measured 7–15×
// slower on a dense layer's gradients, which are exactly those cases). Transposing
// the operand first and multiplying untransposed is much faster.

/** `native` (the backend's `BatchMatMul` or `_FusedMatMul`), fed only untransposed operands. */
export function untransposedMatMul(native: KernelConfig): KernelConfig {
  return {
    kernelName: native.kernelName,
    backendName: BACKEND,
    setupFunc: native.setupFunc,
    kernelFunc: (args) => {
      const attrs = attrsOf<{ transposeA?: boolean; transposeB?: boolean }>(args);
      if (!attrs.transposeA && !attrs.transposeB) return native.kernelFunc(args);
      const backend = args.backend as WasmBackendLike;
      const temps: TensorInfo[] = [];
      const swapLastTwo = (x: TensorInfo) => {
        const rank = x.shape.length;
        const perm = [...Array(rank - 2).keys(), rank - 1, rank - 2];
        const t = transpose(backend, x, perm);
        temps.push(t);
        return t;
      };
      try {
        const a = attrs.transposeA ? swapLastTwo(inputOf(args, 'a')) : inputOf(args, 'a');
        const b = attrs.transposeB ? swapLastTwo(inputOf(args, 'b')) : inputOf(args, 'b');
        return native.kernelFunc({
          ...args,
          inputs: { ...args.inputs, a, b },
          attrs: { ...args.attrs, transposeA: false, transposeB: false },
        });
      } finally {
        for (const t of temps) backend.disposeData(t.dataId);
      }
    },
  };
}
