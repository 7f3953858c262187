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

export const maxPoolGrad: KernelConfig = {
  kernelName: MAX_POOL_GRAD,
  backendName: BACKEND,
  kernelFunc: maxPoolGradKernel,
};
