/**
 * What every wasm training kernel shares: the slice of the backend it uses, and calls to the
 * backend's own kernels made without the engine (we are already inside a kernel, so nothing
 * may be recorded on the gradient tape).
 */
import {
  backend_util,
  getKernel,
  type KernelConfig,
  type KernelFunc,
  type NamedAttrMap,
  type NamedTensorInfoMap,
  type TensorInfo,
} from '@tensorflow/tfjs';

export const BACKEND = 'wasm';

/**
 * `native` (the backend's own kernel) with a faster path in front: `fast` returns the output,
 * or null to leave the call to `native` (a dtype, shape or attribute it does not handle).
 */
export function withFastPath(
  native: KernelConfig,
  fast: (args: KernelArgsIn) => TensorInfo | null,
): KernelConfig {
  return {
    kernelName: native.kernelName,
    backendName: BACKEND,
    setupFunc: native.setupFunc,
    kernelFunc: (args) => fast(args) ?? native.kernelFunc(args),
  };
}

/** The subset of `BackendWasm` (from `@tensorflow/tfjs-backend-wasm`) that we use. */
export interface WasmBackendLike {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  disposeData(dataId: object, force?: boolean): boolean;
  typedArrayFromHeap(info: TensorInfo): Float32Array;
}

/** What the engine passes a kernel (`KernelFunc`'s parameter). */
export type KernelArgsIn = Parameters<KernelFunc>[0];

/** A named input, or an error naming it (the engine always passes them). */
export function inputOf(args: KernelArgsIn, name: string): TensorInfo {
  const info = args.inputs[name];
  if (!info) throw new Error(`wasm training kernel: missing input '${name}'.`);
  return info;
}

/** The kernel's attributes (every kernel we replace has some). */
export function attrsOf<T>(args: KernelArgsIn): T {
  return (args.attrs ?? {}) as unknown as T;
}

export type KernelArgs = { inputs: NamedTensorInfoMap; backend: WasmBackendLike; attrs?: NamedAttrMap };

export function run(kernelName: string, args: KernelArgs): TensorInfo {
  const config = getKernel(kernelName, BACKEND);
  if (!config)
    throw new Error(`The wasm backend has no '${kernelName}' kernel; is TF.js's wasm backend loaded?`);
  return (config.kernelFunc as (a: KernelArgs) => TensorInfo)(args);
}

/** Same data, another shape (a free reshape of a contiguous tensor). */
export function view(info: TensorInfo, shape: number[]): TensorInfo {
  return { dataId: info.dataId, shape, dtype: info.dtype };
}

export function transpose(backend: WasmBackendLike, x: TensorInfo, perm: number[]): TensorInfo {
  return run('Transpose', { inputs: { x }, backend, attrs: { perm } });
}

export type ExplicitPad = [[number, number], [number, number], [number, number], [number, number]];

export function conv2d(
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

export function slice(backend: WasmBackendLike, x: TensorInfo, begin: number[], size: number[]): TensorInfo {
  return run('Slice', { inputs: { x }, backend, attrs: { begin, size } });
}

export function convInfoFor(
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
