/**
 * `MaxPoolGrad`, replacing the wasm backend's, which gives wrong gradients when there is more
 * than one channel (e.g. 2×2 stride-2 pooling of [1, 8, 8, 2], a case the tests check against cpu).
 */
import { backend_util, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs';
import { attrsOf, BACKEND, inputOf, type KernelArgsIn, type WasmBackendLike } from './shared';

export const MAX_POOL_GRAD = 'MaxPoolGrad';

// MaxPoolGrad: each dy value goes to the first maximum of its window (scanning rows,
// then columns, as TF.js's cpu backend does, so ties after a ReLU resolve the same way).

function maxPoolGradKernel(args: KernelArgsIn): TensorInfo {
  const backend = args.backend as WasmBackendLike;
  const dy = inputOf(args, 'dy');
  const x = inputOf(args, 'input');
  const { filterSize, strides, pad, dimRoundingMode } = attrsOf<{
    filterSize: number | [number, number];
    strides: number | [number, number];
    pad: 'valid' | 'same' | number;
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
  }>(args);
  const c = backend_util.computePool2DInfo(
    x.shape as [number, number, number, number],
    filterSize,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const dxInfo = backend.makeOutput(x.shape, 'float32');
  const dx = backend.typedArrayFromHeap(dxInfo);
  const xs = backend.typedArrayFromHeap(x);
  const dys = backend.typedArrayFromHeap(dy);
  dx.fill(0);
  if (
    c.filterHeight === 2 &&
    c.filterWidth === 2 &&
    c.strideHeight === 2 &&
    c.strideWidth === 2 &&
    c.padInfo.top === 0 &&
    c.padInfo.left === 0 &&
    c.outHeight * 2 <= c.inHeight &&
    c.outWidth * 2 <= c.inWidth
  ) {
    pairPoolGrad(c, xs, dys, dx);
    return dxInfo;
  }
  const ch = c.inChannels;
  // Offsets of the window's in-bounds pixels, in scan order (rows, then columns).
  const window = new Int32Array(c.filterHeight * c.filterWidth);
  let dyOffset = 0;
  for (let n = 0; n < c.batchSize; n++) {
    const batchOffset = n * c.inHeight * c.inWidth * ch;
    for (let oh = 0; oh < c.outHeight; oh++) {
      const h0 = oh * c.strideHeight - c.padInfo.top;
      for (let ow = 0; ow < c.outWidth; ow++, dyOffset += ch) {
        const w0 = ow * c.strideWidth - c.padInfo.left;
        let size = 0;
        for (let fh = 0; fh < c.filterHeight; fh++) {
          const h = h0 + fh;
          if (h < 0 || h >= c.inHeight) continue;
          for (let fw = 0; fw < c.filterWidth; fw++) {
            const w = w0 + fw;
            if (w >= 0 && w < c.inWidth) window[size++] = batchOffset + (h * c.inWidth + w) * ch;
          }
        }
        if (size === 0) continue;
        for (let k = 0; k < ch; k++) {
          let at = (window[0] as number) + k;
          let best = xs[at] as number;
          for (let i = 1; i < size; i++) {
            const p = (window[i] as number) + k;
            if ((xs[p] as number) > best) {
              best = xs[p] as number;
              at = p;
            }
          }
          dx[at] = (dx[at] as number) + (dys[dyOffset + k] as number);
        }
      }
    }
  }
  return dxInfo;
}

/**
 * The guide's usual pooling (2×2, stride 2, every window inside x): the same first-maximum
 * rule with the four taps unrolled, about three times faster than the general loop (the
 * serial part of a step that threads cannot shorten).
 */
function pairPoolGrad(
  c: ReturnType<typeof backend_util.computePool2DInfo>,
  xs: Float32Array,
  dys: Float32Array,
  dx: Float32Array,
): void {
  const ch = c.inChannels;
  const rowStride = c.inWidth * ch;
  let dyOffset = 0;
  for (let n = 0; n < c.batchSize; n++) {
    const batchOffset = n * c.inHeight * rowStride;
    for (let oh = 0; oh < c.outHeight; oh++) {
      for (let ow = 0; ow < c.outWidth; ow++, dyOffset += ch) {
        const p00 = batchOffset + 2 * oh * rowStride + 2 * ow * ch;
        const p01 = p00 + ch;
        const p10 = p00 + rowStride;
        const p11 = p10 + ch;
        for (let k = 0; k < ch; k++) {
          let at = p00 + k;
          let best = xs[at] as number;
          const v01 = xs[p01 + k] as number;
          if (v01 > best) {
            best = v01;
            at = p01 + k;
          }
          const v10 = xs[p10 + k] as number;
          if (v10 > best) {
            best = v10;
            at = p10 + k;
          }
          if ((xs[p11 + k] as number) > best) at = p11 + k;
          dx[at] = dys[dyOffset + k] as number;
        }
      }
    }
  }
}

export const maxPoolGrad: KernelConfig = {
  kernelName: MAX_POOL_GRAD,
  backendName: BACKEND,
  kernelFunc: maxPoolGradKernel,
};
