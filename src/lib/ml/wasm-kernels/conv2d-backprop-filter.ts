/**
 * `Conv2DBackpropFilter`, which TF.js 4.22's wasm backend lacks (so no CNN could train on it):
 * the filter gradient is itself a convolution, over transposed tensors, which XNNPACK runs as
 * a packed GEMM.
 */
import type { backend_util, KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import {
  attrsOf,
  BACKEND,
  conv2d,
  convInfoFor,
  type ExplicitPad,
  inputOf,
  slice,
  transpose,
  view,
  type WasmBackendLike,
} from './shared';

export const FILTER_GRAD = 'Conv2DBackpropFilter';

// Conv2DBackpropFilter: dW[fh,fw,ci,co] = Σ_{n,oh,ow} x[n, oh·sh − pt + fh, ow·sw − pl + fw, ci] · dy[n,oh,ow,co]

/** One way to compute the filter gradient (tests compare others against this module's). */
export type FilterGradient = (
  backend: WasmBackendLike,
  x: TensorInfo,
  dy: TensorInfo,
  info: backend_util.Conv2DInfo,
) => TensorInfo;

/** The kernel, computing the gradient with `gradient` (default: as a convolution). */
export function conv2DBackpropFilterKernel(gradient: FilterGradient = filterGradConv): KernelFunc {
  return (args) => {
    const x = inputOf(args, 'x');
    const dy = inputOf(args, 'dy');
    const filterShape = attrsOf<{ filterShape: number[] }>(args).filterShape;
    const info = convInfoFor(x.shape, filterShape, attrsOf<NamedAttrMap>(args), FILTER_GRAD);
    return gradient(args.backend as WasmBackendLike, x, dy, info);
  };
}

export const conv2DBackpropFilter: KernelConfig = {
  kernelName: FILTER_GRAD,
  backendName: BACKEND,
  kernelFunc: conv2DBackpropFilterKernel(),
};

/**
 * The filter gradient as a convolution: batch and channels of `x` swap places, so the
 * input is [Cin, H, W, N]; `dy` becomes the filter [OH, OW, N, Cout], dilated by the
 * forward stride; the output [Cin, FH, FW, Cout] is transposed to [FH, FW, Cin, Cout].
 */
export function filterGradConv(
  backend: WasmBackendLike,
  x: TensorInfo,
  dy: TensorInfo,
  c: backend_util.Conv2DInfo,
): TensorInfo {
  const temps: TensorInfo[] = [];
  try {
    const top = c.padInfo.top;
    const left = c.padInfo.left;
    // Padding that makes the output exactly FH × FW; negative means trailing rows or
    // columns of x that no window reaches, which we cut off instead.
    let bottom = c.filterHeight + (c.outHeight - 1) * c.strideHeight - c.inHeight - top;
    let right = c.filterWidth + (c.outWidth - 1) * c.strideWidth - c.inWidth - left;
    let cropped = x;
    if (bottom < 0 || right < 0) {
      const h = c.inHeight + Math.min(bottom, 0);
      const w = c.inWidth + Math.min(right, 0);
      cropped = slice(backend, x, [0, 0, 0, 0], [c.batchSize, h, w, c.inChannels]);
      temps.push(cropped);
      bottom = Math.max(bottom, 0);
      right = Math.max(right, 0);
    }
    const xT = swapBatchAndChannels(backend, cropped);
    temps.push(xT);
    const dyT = transpose(backend, dy, [1, 2, 0, 3]);
    temps.push(dyT);
    const pad: ExplicitPad = [
      [0, 0],
      [top, bottom],
      [left, right],
      [0, 0],
    ];
    const grad = conv2d(backend, xT, dyT, pad, [c.strideHeight, c.strideWidth]);
    temps.push(grad);
    return transpose(backend, grad, [1, 2, 0, 3]);
  } finally {
    for (const t of temps) backend.disposeData(t.dataId);
  }
}

/**
 * [N, H, W, C] → [C, H, W, N] as a 2-D transpose ([N, H·W·C] → [H·W·C, N]) followed, when
 * C > 1, by swapping the outer two axes of [H·W, C, N] (moving whole rows of N floats):
 * measured about twice as fast as the backend's one 4-D transpose with perm [3, 1, 2, 0].
 */
function swapBatchAndChannels(backend: WasmBackendLike, x: TensorInfo): TensorInfo {
  const [n, h, w, c] = x.shape as [number, number, number, number];
  const flat = transpose(backend, view(x, [n, h * w * c]), [1, 0]);
  if (c === 1) return view(flat, [1, h, w, n]);
  try {
    return view(transpose(backend, view(flat, [h * w, c, n]), [1, 0, 2]), [c, h, w, n]);
  } finally {
    backend.disposeData(flat.dataId);
  }
}
