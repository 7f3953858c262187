import { describe, expect, it } from 'vitest';
import { createWasmThreadHost, type ThreadScope } from '../../src/lib/ml/wasm-thread-host';
import {
  defaultWasmThreads,
  MAX_WASM_THREADS,
  parseWasmThreadsParam,
  planWasmThreads,
} from '../../src/lib/ml/wasm-threads';

describe('wasm thread plan', () => {
  it('follows TF.js: half the logical cores, at least 1, at most the pool of 8', () => {
    expect([1, 2, 3, 4, 8, 12, 32].map(defaultWasmThreads)).toEqual([1, 1, 1, 2, 4, 6, MAX_WASM_THREADS]);
    expect(planWasmThreads({ isolated: true, hardwareConcurrency: 8 })).toEqual({
      threads: 4,
      threaded: true,
      presentCores: 8,
      reason: 'default',
    });
  });

  it('runs the single-threaded build on a page that is not cross-origin isolated, whatever is forced', () => {
    expect(planWasmThreads({ isolated: false, hardwareConcurrency: 16, forced: 4 })).toEqual({
      threads: 1,
      threaded: false,
      presentCores: 16,
      reason: 'not-isolated',
    });
  });

  it('loads no threaded build when the plan comes to one thread (2 cores, by default)', () => {
    expect(planWasmThreads({ isolated: true, hardwareConcurrency: 2 })).toMatchObject({
      threads: 1,
      threaded: false,
    });
  });

  it('presents twice the forced threads as cores, so a 2-core machine can run 2 threads', () => {
    expect(planWasmThreads({ isolated: true, hardwareConcurrency: 2, forced: 2 })).toEqual({
      threads: 2,
      threaded: true,
      presentCores: 4,
      reason: 'forced',
    });
    // More cores than needed are left as they are.
    expect(planWasmThreads({ isolated: true, hardwareConcurrency: 16, forced: 2 }).presentCores).toBe(16);
  });

  it('refuses a forced count outside 1 to 8, naming it', () => {
    expect(() => planWasmThreads({ isolated: true, hardwareConcurrency: 8, forced: 9 })).toThrow(
      /from 1 to 8; got 9/,
    );
    expect(() => planWasmThreads({ isolated: true, hardwareConcurrency: 8, forced: 1.5 })).toThrow(/got 1.5/);
  });

  it('reads ?threads= from the address', () => {
    expect(parseWasmThreadsParam('?mnist=preset:cnn')).toBeNull();
    expect(parseWasmThreadsParam('?threads=2&mnist=bs:64')).toBe(2);
    expect(() => parseWasmThreadsParam('?threads=many')).toThrow(
      /\?threads=many: expected an integer from 1 to 8/,
    );
  });
});

describe('wasm thread host', () => {
  type Sent = { message: unknown; rest: unknown[] };
  function fakeScope(cores: number) {
    const sent: Sent[] = [];
    class FakeWorker {
      postMessage(message: unknown, ...rest: unknown[]) {
        sent.push({ message, rest });
      }
    }
    const scope = {
      Worker: FakeWorker,
      navigator: Object.create({ hardwareConcurrency: cores }) as { hardwareConcurrency?: number },
      crossOriginIsolated: true,
    };
    return { scope: scope as unknown as ThreadScope, FakeWorker, sent, navigator: scope.navigator };
  }
  const plan = planWasmThreads({ isolated: true, hardwareConcurrency: 2, forced: 2 });

  it('points the pthread workers at our script and presents the cores only while the module starts', () => {
    const { scope, FakeWorker, sent, navigator } = fakeScope(2);
    const host = createWasmThreadHost(scope, 'https://site.test/_astro/threaded.js');
    if (!host) throw new Error('a scope with Worker must get a host');
    expect(host).toMatchObject({ isolated: true, hardwareConcurrency: 2 });
    const memory = { shared: true };

    const undo = host.prepare(plan);
    expect(navigator.hardwareConcurrency).toBe(4);
    const worker = new FakeWorker();
    worker.postMessage({ cmd: 'load', urlOrBlob: 'blob:minified-factory', wasmMemory: memory }, ['t']);
    worker.postMessage({ cmd: 'run', arg: 1 });
    undo();
    worker.postMessage({ cmd: 'load', urlOrBlob: 'blob:later' });

    expect(navigator.hardwareConcurrency).toBe(2);
    expect(sent).toEqual([
      {
        message: { cmd: 'load', urlOrBlob: 'https://site.test/_astro/threaded.js', wasmMemory: memory },
        rest: [['t']],
      },
      { message: { cmd: 'run', arg: 1 }, rest: [] },
      { message: { cmd: 'load', urlOrBlob: 'blob:later' }, rest: [] },
    ]);
  });

  it('has no host where no worker can start', () => {
    expect(createWasmThreadHost({ navigator: { hardwareConcurrency: 8 } }, 'x')).toBeUndefined();
  });
});
