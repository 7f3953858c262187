/**
 * `Conv2DBackpropInput`, replacing the wasm backend's scalar C++ loop with a convolution of the
 * zero-dilated, padded `dy` with the flipped filter (several times faster on the guide's CNNs),
 * or, for one input channel, a matrix product and a scatter-add.
 */
import type { backend_util, KernelConfig, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import {
  attrsOf,
  BACKEND,
  conv2d,
  convInfoFor,
  type ExplicitPad,
  inputOf,
  type KernelArgsIn,
  run,
  slice,
  transpose,
  view,
  type WasmBackendLike,
} from './shared';

export const INPUT_GRAD = 'Conv2DBackpropInput';

// Conv2DBackpropInput: dx = conv(dy dilated by the stride and padded, W flipped in
// space with its channel axes swapped).

/**
 * The kernel. `native` is the backend's own `Conv2DBackpropInput`, which this one replaces but
 * still calls where the backend's loop is faster or the composition cannot work.
 */
export function conv2DBackpropInput(native: KernelConfig | undefined): KernelConfig {
  return {
    kernelName: INPUT_GRAD,
    backendName: BACKEND,
    kernelFunc: (args) => backpropInput(args, native),
    // The engine sets up kernels when the backend starts; the native kernel we fall
    // back to needs its setup too if that happens after registration.
    setupFunc: (backend) => native?.setupFunc?.(backend),
  };
}

function backpropInput(args: KernelArgsIn, native: KernelConfig | undefined): TensorInfo {
  const backend = args.backend as WasmBackendLike;
  const dy = inputOf(args, 'dy');
  const filter = inputOf(args, 'filter');
  const inputShape = attrsOf<{ inputShape: number[] }>(args).inputShape;
  const c = convInfoFor(inputShape, filter.shape, attrsOf<NamedAttrMap>(args), INPUT_GRAD);
  const top = c.filterHeight - 1 - c.padInfo.top;
  const left = c.filterWidth - 1 - c.padInfo.left;
  const dilatedHeight = (c.outHeight - 1) * c.strideHeight + 1;
  const dilatedWidth = (c.outWidth - 1) * c.strideWidth + 1;
  const bottom = c.inHeight + c.filterHeight - 1 - dilatedHeight - top;
  const right = c.inWidth + c.filterWidth - 1 - dilatedWidth - left;
  // One input channel (the first MNIST layer, whose dx TF.js's fused conv computes
  // although nothing uses it): XNNPACK's convolution would compute a single output channel,
  // and the backend's loop took 20% of mnist-cnn's step; a matrix product then a scatter-add
  // in JS is several times faster (see `singleChannelInputGrad`).
  if (c.inChannels === 1) return singleChannelInputGrad(backend, dy, filter, c);
  // The backend's loop handles paddings larger than the filter.
  if (Math.min(top, left, bottom, right) < 0 && native) return native.kernelFunc(args) as TensorInfo;
  if (Math.min(top, left, bottom, right) < 0) {
    throw new Error(
      `wasm ${INPUT_GRAD}: padding larger than the filter needs the backend's own kernel, which is missing.`,
    );
  }
  const temps: TensorInfo[] = [];
  try {
    let dyIn = dy;
    if (c.strideHeight > 1 || c.strideWidth > 1) {
      dyIn = dilate(backend, dy, c.strideHeight, c.strideWidth, dilatedHeight, dilatedWidth);
      temps.push(dyIn);
    }
    // [FH, FW, Cin, Cout] → flipped [FH, FW, Cout, Cin].
    const flipped = run('Reverse', { inputs: { x: filter }, backend, attrs: { dims: [0, 1] } });
    temps.push(flipped);
    const weights = transpose(backend, flipped, [0, 1, 3, 2]);
    temps.push(weights);
    const pad: ExplicitPad = [
      [0, 0],
      [top, bottom],
      [left, right],
      [0, 0],
    ];
    return conv2d(backend, dyIn, weights, pad, [1, 1]);
  } finally {
    for (const t of temps) backend.disposeData(t.dataId);
  }
}

/**
 * Inserts stride−1 zeros between rows and columns of dy [N, OH, OW, C]:
 * [N, OH, 1, OW, 1, C] padded to [N, OH, sh, OW, sw, C], cut to [N, dh, dw, C].
 */
function dilate(
  backend: WasmBackendLike,
  dy: TensorInfo,
  sh: number,
  sw: number,
  dh: number,
  dw: number,
): TensorInfo {
  const [n, oh, ow, ch] = dy.shape as [number, number, number, number];
  const padded = run('PadV2', {
    inputs: { x: view(dy, [n, oh, 1, ow, 1, ch]) },
    backend,
    attrs: {
      paddings: [
        [0, 0],
        [0, 0],
        [0, sh - 1],
        [0, 0],
        [0, sw - 1],
        [0, 0],
      ],
      constantValue: 0,
    },
  });
  try {
    return slice(backend, view(padded, [n, oh * sh, ow * sw, ch]), [0, 0, 0, 0], [n, dh, dw, ch]);
  } finally {
    backend.disposeData(padded.dataId);
  }
}

/**
 * dx for one input channel: cols = dy [N·OH·OW, Cout] × Wᵀ [Cout, FH·FW] (XNNPACK), then each
 * row of cols is added into the FH × FW window of x it came from (col2im, in JS over the heap).
 */
function singleChannelInputGrad(
  backend: WasmBackendLike,
  dy: TensorInfo,
  filter: TensorInfo,
  c: backend_util.Conv2DInfo,
): TensorInfo {
  const rows = c.batchSize * c.outHeight * c.outWidth;
  const taps = c.filterHeight * c.filterWidth;
  const cols = run('BatchMatMul', {
    inputs: { a: view(dy, [1, rows, c.outChannels]), b: view(filter, [1, taps, c.outChannels]) },
    backend,
    attrs: { transposeA: false, transposeB: true },
  });
  try {
    const dxInfo = backend.makeOutput([c.batchSize, c.inHeight, c.inWidth, 1], 'float32');
    // Views only after every allocation: growing the heap detaches older views.
    const dx = backend.typedArrayFromHeap(dxInfo);
    const cs = backend.typedArrayFromHeap(cols);
    dx.fill(0);
    const { inHeight, inWidth, outHeight, outWidth, filterHeight, filterWidth, strideHeight, strideWidth } =
      c;
    const left = c.padInfo.left;
    // Per filter column, the output columns whose tap lands inside x: a branch-free inner loop.
    const first = new Int32Array(filterWidth);
    const end = new Int32Array(filterWidth);
    for (let fw = 0; fw < filterWidth; fw++) {
      first[fw] = Math.max(0, Math.ceil((left - fw) / strideWidth));
      end[fw] = Math.min(outWidth, Math.floor((inWidth - 1 + left - fw) / strideWidth) + 1);
    }
    for (let n = 0; n < c.batchSize; n++) {
      const image = n * inHeight * inWidth;
      for (let oh = 0; oh < outHeight; oh++) {
        const h0 = oh * strideHeight - c.padInfo.top;
        const rowBase = (n * outHeight + oh) * outWidth * taps;
        for (let fh = 0; fh < filterHeight; fh++) {
          const h = h0 + fh;
          if (h < 0 || h >= inHeight) continue;
          const line = image + h * inWidth - left;
          for (let fw = 0; fw < filterWidth; fw++) {
            const from = first[fw] as number;
            const to = end[fw] as number;
            let src = rowBase + from * taps + fh * filterWidth + fw;
            let dst = line + from * strideWidth + fw;
            for (let ow = from; ow < to; ow++, src += taps, dst += strideWidth) {
              dx[dst] = (dx[dst] as number) + (cs[src] as number);
            }
          }
        }
      }
    }
    return dxInfo;
  } finally {
    backend.disposeData(cols.dataId);
  }
}
