/**
 * Training kernels for TF.js's WebAssembly backend.
 *
 * TF.js 4.22's `wasm` backend runs convolutions through XNNPACK but has no
 * `Conv2DBackpropFilter`, so no CNN can train on it. This module registers the
 * missing kernel, built from the backend's own fast kernels: the filter gradient is
 * itself a convolution, over transposed tensors, which XNNPACK runs as a packed GEMM.
 * It also replaces the backend's `Conv2DBackpropInput` (a scalar C++ loop) with a
 * convolution of the zero-dilated, padded `dy` with the flipped filter, which is
 * several times faster on the guide's models (see `scripts/bench.ts`, `--kernels`).
 *
 * Every other kernel that the guide's models need to train (`MaxPoolGrad`,
 * `AvgPoolGrad`, `LRNGrad`, and the element-wise ops behind batch norm and PReLU
 * gradients) already exists in the backend; `tests/unit/wasm-kernels.test.ts` proves it
 * by running each model's full gradient on `wasm` against the `cpu` backend.
 *
 * Nothing happens on import: call `registerWasmTrainingKernels()` once the wasm
 * backend's module is loaded (before or after `tf.setBackend('wasm')`).
 */
import {
  backend_util,
  getKernel,
  type KernelConfig,
  type KernelFunc,
  type NamedAttrMap,
  type NamedTensorInfoMap,
  registerKernel,
  type TensorInfo,
  unregisterKernel,
} from '@tensorflow/tfjs';

/** The subset of `BackendWasm` (from `@tensorflow/tfjs-backend-wasm`) that we use. */
interface WasmBackendLike {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  disposeData(dataId: object, force?: boolean): boolean;
  typedArrayFromHeap(info: TensorInfo): Float32Array;
}

/**
 * How the filter gradient is computed:
 * - `conv`: one XNNPACK convolution of `x` (batch ↔ channels swapped) with `dy` as the
 *   filter, dilated by the forward stride (default, the fastest measured);
 * - `im2col`: patches of `x` gathered in JS over the wasm heap, then one wasm matrix
 *   product with `dy`;
 * - `js`: a direct loop in JS over the wasm heap (the slowest, kept as a reference).
 */
export type FilterGradStrategy = 'conv' | 'im2col' | 'js';
/** `conv`: composed from XNNPACK convolutions (default); `native`: the backend's own loop. */
export type InputGradStrategy = 'conv' | 'native';

export interface WasmTrainingKernelOptions {
  filterGrad?: FilterGradStrategy;
  inputGrad?: InputGradStrategy;
}

const BACKEND = 'wasm';
const FILTER_GRAD = 'Conv2DBackpropFilter';
const INPUT_GRAD = 'Conv2DBackpropInput';
const MAX_POOL_GRAD = 'MaxPoolGrad';
/** Matrix products the backend runs ~10× slower when an operand is transposed. */
const MATMUL_KERNELS = ['BatchMatMul', '_FusedMatMul'] as const;

let registered = false;
let filterGradStrategy: FilterGradStrategy = 'conv';
let inputGradStrategy: InputGradStrategy = 'conv';
/** The backend's own `Conv2DBackpropInput`, kept for the `native` strategy. */
let nativeInputGrad: KernelConfig | undefined;

/**
 * Registers, for the `wasm` backend, the kernels it needs to train the guide's CNNs.
 * Safe to call any number of times: the kernels are registered once; later calls only
 * change the strategies (used by the benchmark to compare them).
 * @returns the names of the kernels this module provides for `wasm`.
 */
export function registerWasmTrainingKernels(options: WasmTrainingKernelOptions = {}): string[] {
  if (options.filterGrad) filterGradStrategy = checkStrategy(options.filterGrad, ['conv', 'im2col', 'js']);
  if (options.inputGrad) inputGradStrategy = checkStrategy(options.inputGrad, ['conv', 'native']);
  if (!registered) {
    registered = true;
    if (getKernel(FILTER_GRAD, BACKEND) === undefined) {
      registerKernel({ kernelName: FILTER_GRAD, backendName: BACKEND, kernelFunc: conv2DBackpropFilter });
    }
    const existing = getKernel(INPUT_GRAD, BACKEND);
    if (existing && existing.kernelFunc !== conv2DBackpropInput) {
      nativeInputGrad = existing;
      // Replacing a registered kernel needs an unregister first (else TF.js warns).
      unregisterKernel(INPUT_GRAD, BACKEND);
    }
    // The backend's MaxPoolGrad gives wrong gradients when there is more than one
    // channel (e.g. 2×2 stride-2 pooling of [1, 8, 8, 2]); ours replaces it.
    if (getKernel(MAX_POOL_GRAD, BACKEND)) unregisterKernel(MAX_POOL_GRAD, BACKEND);
    registerKernel({ kernelName: MAX_POOL_GRAD, backendName: BACKEND, kernelFunc: maxPoolGrad });
    for (const name of MATMUL_KERNELS) wrapUntransposed(name);
    wrapLeadingSum();
    if (getKernel(INPUT_GRAD, BACKEND) === undefined) {
      registerKernel({
        kernelName: INPUT_GRAD,
        backendName: BACKEND,
        kernelFunc: conv2DBackpropInput,
        // The engine sets up kernels when the backend starts; the native kernel we fall
        // back to needs its setup too if that happens after this call.
        setupFunc: (backend) => nativeInputGrad?.setupFunc?.(backend),
      });
    }
  }
  return [FILTER_GRAD, INPUT_GRAD, MAX_POOL_GRAD, ...MATMUL_KERNELS, 'Sum'];
}

function checkStrategy<T extends string>(value: T, allowed: readonly T[]): T {
  if (!allowed.includes(value)) {
    throw new Error(`Unknown wasm kernel strategy "${value}": expected one of ${allowed.join(', ')}.`);
  }
  return value;
}

// ---------------------------------------------------------------------------------
// Calling the backend's own kernels without going through the engine (we are already
// inside a kernel, so nothing may be recorded on the gradient tape).

/** What the engine passes a kernel (`KernelFunc`'s parameter). */
type KernelArgsIn = Parameters<KernelFunc>[0];

/** A named input, or an error naming it (the engine always passes them). */
function input(args: KernelArgsIn, name: string): TensorInfo {
  const info = args.inputs[name];
  if (!info) throw new Error(`wasm training kernel: missing input '${name}'.`);
  return info;
}

/** The kernel's attributes (every kernel we replace has some). */
function attrsOf<T>(args: KernelArgsIn): T {
  return (args.attrs ?? {}) as unknown as T;
}

type KernelArgs = { inputs: NamedTensorInfoMap; backend: WasmBackendLike; attrs?: NamedAttrMap };

function run(kernelName: string, args: KernelArgs): TensorInfo {
  const config = getKernel(kernelName, BACKEND);
  if (!config)
    throw new Error(`The wasm backend has no '${kernelName}' kernel; is TF.js's wasm backend loaded?`);
  return (config.kernelFunc as (a: KernelArgs) => TensorInfo)(args);
}

/** Same data, another shape (a free reshape of a contiguous tensor). */
function view(info: TensorInfo, shape: number[]): TensorInfo {
  return { dataId: info.dataId, shape, dtype: info.dtype };
}

function transpose(backend: WasmBackendLike, x: TensorInfo, perm: number[]): TensorInfo {
  return run('Transpose', { inputs: { x }, backend, attrs: { perm } });
}

type ExplicitPad = [[number, number], [number, number], [number, number], [number, number]];

function conv2d(
  backend: WasmBackendLike,
  x: TensorInfo,
  filter: TensorInfo,
  pad: ExplicitPad,
  dilations: [number, number],
): TensorInfo {
  return run('Conv2D', {
    inputs: { x, filter },
    backend,
    attrs: {
      strides: [1, 1],
      pad,
      dilations,
      dataFormat: 'NHWC',
      dimRoundingMode: undefined,
    } as unknown as NamedAttrMap,
  });
}

function slice(backend: WasmBackendLike, x: TensorInfo, begin: number[], size: number[]): TensorInfo {
  return run('Slice', { inputs: { x }, backend, attrs: { begin, size } });
}

function convInfoFor(
  xShape: number[],
  filterShape: number[],
  attrs: NamedAttrMap,
  kernelName: string,
): backend_util.Conv2DInfo {
  const { strides, pad, dataFormat, dimRoundingMode } = attrs as unknown as {
    strides: number | [number, number];
    pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
    dataFormat: 'NHWC' | 'NCHW';
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
  };
  const format = backend_util.convertConv2DDataFormat(dataFormat ?? 'NHWC');
  if (format !== 'channelsLast') {
    throw new Error(
      `wasm ${kernelName} supports dataFormat 'NHWC' only, got '${dataFormat}'; use channelsLast layers.`,
    );
  }
  return backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    format,
  );
}

// ---------------------------------------------------------------------------------
// Conv2DBackpropFilter: dW[fh,fw,ci,co] = Σ_{n,oh,ow} x[n, oh·sh − pt + fh, ow·sw − pl + fw, ci] · dy[n,oh,ow,co]

function conv2DBackpropFilter(args: KernelArgsIn): TensorInfo {
  const backend = args.backend as WasmBackendLike;
  const x = input(args, 'x');
  const dy = input(args, 'dy');
  const filterShape = attrsOf<{ filterShape: number[] }>(args).filterShape;
  const info = convInfoFor(x.shape, filterShape, attrsOf<NamedAttrMap>(args), FILTER_GRAD);
  if (filterGradStrategy === 'im2col') return filterGradIm2col(backend, x, dy, info);
  if (filterGradStrategy === 'js') return filterGradJs(backend, x, dy, info);
  return filterGradConv(backend, x, dy, info);
}

/**
 * The filter gradient as a convolution: batch and channels of `x` swap places, so the
 * input is [Cin, H, W, N]; `dy` becomes the filter [OH, OW, N, Cout], dilated by the
 * forward stride; the output [Cin, FH, FW, Cout] is transposed to [FH, FW, Cin, Cout].
 */
function filterGradConv(
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
    let input = x;
    if (bottom < 0 || right < 0) {
      const h = c.inHeight + Math.min(bottom, 0);
      const w = c.inWidth + Math.min(right, 0);
      input = slice(backend, x, [0, 0, 0, 0], [c.batchSize, h, w, c.inChannels]);
      temps.push(input);
      bottom = Math.max(bottom, 0);
      right = Math.max(right, 0);
    }
    const xT = swapBatchAndChannels(backend, input);
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

/**
 * The filter gradient as one matrix product: patches [N·OH·OW, FH·FW·Cin] of `x`,
 * gathered in JS straight from the wasm heap, transposed times dy [N·OH·OW, Cout].
 */
function filterGradIm2col(
  backend: WasmBackendLike,
  x: TensorInfo,
  dy: TensorInfo,
  c: backend_util.Conv2DInfo,
): TensorInfo {
  const rows = c.batchSize * c.outHeight * c.outWidth;
  const cols = c.filterHeight * c.filterWidth * c.inChannels;
  const patches = backend.makeOutput([1, rows, cols], 'float32');
  try {
    // Views only after every allocation: growing the heap detaches older views.
    const p = backend.typedArrayFromHeap(patches);
    const xs = backend.typedArrayFromHeap(x);
    p.fill(0);
    const ci = c.inChannels;
    let row = 0;
    for (let n = 0; n < c.batchSize; n++) {
      for (let oh = 0; oh < c.outHeight; oh++) {
        for (let ow = 0; ow < c.outWidth; ow++, row++) {
          let col = row * cols;
          for (let fh = 0; fh < c.filterHeight; fh++) {
            const h = oh * c.strideHeight - c.padInfo.top + fh;
            if (h < 0 || h >= c.inHeight) {
              col += c.filterWidth * ci;
              continue;
            }
            for (let fw = 0; fw < c.filterWidth; fw++, col += ci) {
              const w = ow * c.strideWidth - c.padInfo.left + fw;
              if (w < 0 || w >= c.inWidth) continue;
              const src = ((n * c.inHeight + h) * c.inWidth + w) * ci;
              p.set(xs.subarray(src, src + ci), col);
            }
          }
        }
      }
    }
    const product = run('BatchMatMul', {
      inputs: { a: patches, b: view(dy, [1, rows, c.outChannels]) },
      backend,
      attrs: { transposeA: true, transposeB: false },
    });
    return view(product, [c.filterHeight, c.filterWidth, c.inChannels, c.outChannels]);
  } finally {
    backend.disposeData(patches.dataId);
  }
}

/** The defining sum as a loop in JS over the wasm heap. */
function filterGradJs(
  backend: WasmBackendLike,
  x: TensorInfo,
  dy: TensorInfo,
  c: backend_util.Conv2DInfo,
): TensorInfo {
  const out = backend.makeOutput([c.filterHeight, c.filterWidth, c.inChannels, c.outChannels], 'float32');
  const dw = backend.typedArrayFromHeap(out);
  const xs = backend.typedArrayFromHeap(x);
  const dys = backend.typedArrayFromHeap(dy);
  dw.fill(0);
  const { inChannels: ci, outChannels: co } = c;
  for (let fh = 0; fh < c.filterHeight; fh++) {
    for (let fw = 0; fw < c.filterWidth; fw++) {
      for (let n = 0; n < c.batchSize; n++) {
        for (let oh = 0; oh < c.outHeight; oh++) {
          const h = oh * c.strideHeight - c.padInfo.top + fh;
          if (h < 0 || h >= c.inHeight) continue;
          for (let ow = 0; ow < c.outWidth; ow++) {
            const w = ow * c.strideWidth - c.padInfo.left + fw;
            if (w < 0 || w >= c.inWidth) continue;
            const xo = ((n * c.inHeight + h) * c.inWidth + w) * ci;
            const dyo = ((n * c.outHeight + oh) * c.outWidth + ow) * co;
            let wo = (fh * c.filterWidth + fw) * ci * co;
            for (let i = 0; i < ci; i++, wo += co) {
              const xv = xs[xo + i] as number;
              for (let o = 0; o < co; o++)
                dw[wo + o] = (dw[wo + o] as number) + xv * (dys[dyo + o] as number);
            }
          }
        }
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------
// Conv2DBackpropInput: dx = conv(dy dilated by the stride and padded, W flipped in
// space with its channel axes swapped).

function conv2DBackpropInput(args: KernelArgsIn): TensorInfo {
  const backend = args.backend as WasmBackendLike;
  const dy = input(args, 'dy');
  const filter = input(args, 'filter');
  const inputShape = attrsOf<{ inputShape: number[] }>(args).inputShape;
  const c = convInfoFor(inputShape, filter.shape, attrsOf<NamedAttrMap>(args), INPUT_GRAD);
  const top = c.filterHeight - 1 - c.padInfo.top;
  const left = c.filterWidth - 1 - c.padInfo.left;
  const dilatedHeight = (c.outHeight - 1) * c.strideHeight + 1;
  const dilatedWidth = (c.outWidth - 1) * c.strideWidth + 1;
  const bottom = c.inHeight + c.filterHeight - 1 - dilatedHeight - top;
  const right = c.inWidth + c.filterWidth - 1 - dilatedWidth - left;
  // One input channel (the first MNIST layer, whose dx TF.js's fused conv computes
  // although nothing uses it): XNNPACK would compute a single output channel, and the
  // backend's loop measured faster (and a JS loop slower still). The loop also handles
  // paddings larger than the filter.
  const useNative =
    inputGradStrategy === 'native' || c.inChannels === 1 || Math.min(top, left, bottom, right) < 0;
  if (useNative && nativeInputGrad) {
    return nativeInputGrad.kernelFunc(args) as TensorInfo;
  }
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

// ---------------------------------------------------------------------------------
// MaxPoolGrad: each dy value goes to the first maximum of its window (scanning rows,
// then columns, as TF.js's cpu backend does, so ties after a ReLU resolve the same way).

function maxPoolGrad(args: KernelArgsIn): TensorInfo {
  const backend = args.backend as WasmBackendLike;
  const dy = input(args, 'dy');
  const x = input(args, 'input');
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

// ---------------------------------------------------------------------------------
// BatchMatMul and _FusedMatMul with transposeA/transposeB: the backend hands only the
// untransposed case to XNNPACK and runs the others in a scalar loop (measured 7–15×
// slower on a dense layer's gradients, which are exactly those cases). Transposing
// the operand first and multiplying untransposed is much faster.

function wrapUntransposed(kernelName: string): void {
  const native = getKernel(kernelName, BACKEND);
  if (!native) return;
  unregisterKernel(kernelName, BACKEND);
  registerKernel({
    kernelName,
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
        const a = attrs.transposeA ? swapLastTwo(input(args, 'a')) : input(args, 'a');
        const b = attrs.transposeB ? swapLastTwo(input(args, 'b')) : input(args, 'b');
        return native.kernelFunc({
          ...args,
          inputs: { ...args.inputs, a, b },
          attrs: { ...args.attrs, transposeA: false, transposeB: false },
        });
      } finally {
        for (const t of temps) backend.disposeData(t.dataId);
      }
    },
  });
}

// ---------------------------------------------------------------------------------
// Sum over the leading axes (a bias gradient: dy [N, H, W, C] summed to [C]). The
// backend first transposes the reduced axes to the end, a full copy with a slow
// generic transpose; a column sum in JS over the heap reads the data once instead.

function wrapLeadingSum(): void {
  const native = getKernel('Sum', BACKEND);
  if (!native) return;
  unregisterKernel('Sum', BACKEND);
  registerKernel({
    kernelName: 'Sum',
    backendName: BACKEND,
    setupFunc: native.setupFunc,
    kernelFunc: (args) => {
      const x = input(args, 'x');
      const { axis, keepDims } = attrsOf<{ axis: number | number[]; keepDims?: boolean }>(args);
      const rank = x.shape.length;
      const axes = [
        ...new Set((Array.isArray(axis) ? axis : [axis]).map((a) => (a < 0 ? a + rank : a))),
      ].sort();
      const leading = axes.length > 0 && axes.length < rank && axes.every((a, i) => a === i);
      if (x.dtype !== 'float32' || !leading) return native.kernelFunc(args);
      const backend = args.backend as WasmBackendLike;
      const kept = x.shape.slice(axes.length);
      const outer = x.shape.slice(0, axes.length).reduce((a, b) => a * b, 1);
      const inner = kept.reduce((a, b) => a * b, 1);
      const outShape = keepDims ? [...axes.map(() => 1), ...kept] : kept;
      const out = backend.makeOutput(outShape, 'float32');
      const result = backend.typedArrayFromHeap(out);
      const xs = backend.typedArrayFromHeap(x);
      // Accumulate in float64 rows for accuracy over tens of thousands of terms.
      const acc = new Float64Array(inner);
      for (let o = 0; o < outer; o++) {
        const base = o * inner;
        for (let i = 0; i < inner; i++) acc[i] = (acc[i] as number) + (xs[base + i] as number);
      }
      result.set(acc);
      return out;
    },
  });
}
