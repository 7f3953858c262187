/**
 * How many threads TF.js's wasm backend gets, decided before its module starts.
 *
 * TF.js's threaded SIMD build pre-creates {@link MAX_WASM_THREADS} pthread workers and, at the
 * module's start, reads `navigator.hardwareConcurrency / 2` as its core count: its default
 * thread count, and also the most `setThreadsCount` can ask for later. On a 2-core machine
 * that is 1, so forcing 2 threads means presenting at least 4 cores while the module starts
 * ({@link WasmThreadPlan.presentCores}). Threads need cross-origin isolation
 * (`SharedArrayBuffer`); without it, and whenever the plan comes to one thread, the
 * single-threaded SIMD build runs instead, which starts no workers at all.
 *
 * Pure: the browser facts come in as arguments, so this runs and is tested in Node.
 */

/** PTHREAD_POOL_SIZE of TF.js's threaded build, and the cap of its thread pool. */
export const MAX_WASM_THREADS = 8;

/** What the page's `init` command may say about threads (part of `InitCommand`). */
export interface WasmThreadRequest {
  /** Forced wasm thread count, 1 to 8 (the page's `?threads=`); absent: TF.js's default. */
  wasmThreads?: number;
  /**
   * The page's `navigator.hardwareConcurrency`. The same as the worker's in a browser, but
   * device emulation (DevTools, tests) overrides only the page's, and the page is what the
   * reader's machine is meant to look like.
   */
  hardwareConcurrency?: number;
}

/** What the runtime's `backend` event says about threads (part of `BackendEvent`). */
export interface WasmThreadReport {
  /** wasm only: the threads it computes with (1 = the single-threaded build, e.g. on a page that is not isolated). */
  threads?: number;
}

export interface WasmThreadFacts {
  /** `globalThis.crossOriginIsolated` of the context that starts the module. */
  isolated: boolean;
  /** `navigator.hardwareConcurrency` there (logical cores; 0 or missing reads as 1). */
  hardwareConcurrency: number;
  /** A thread count the reader or the benchmark asks for; undefined follows TF.js's default. */
  forced?: number;
}

export interface WasmThreadPlan {
  /** Threads the wasm backend will compute with (1 = the single-threaded build). */
  threads: number;
  /** True when the threaded build is to be loaded. */
  threaded: boolean;
  /** The `hardwareConcurrency` the module must see at its start so it allows `threads`. */
  presentCores: number;
  /** Why this many: `forced`, TF.js's `default`, or the page is `not-isolated`. */
  reason: 'forced' | 'default' | 'not-isolated';
}

/** TF.js's own default: half the logical cores (x86 cores usually run two each), 1 to 8. */
export function defaultWasmThreads(hardwareConcurrency: number): number {
  const cores = Number.isFinite(hardwareConcurrency) ? Math.floor(hardwareConcurrency) : 1;
  return Math.min(MAX_WASM_THREADS, Math.max(1, Math.floor(cores / 2)));
}

/** Checks a forced thread count: an integer from 1 to {@link MAX_WASM_THREADS}. */
export function checkWasmThreads(value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > MAX_WASM_THREADS) {
    throw new Error(
      `wasm threads must be an integer from 1 to ${MAX_WASM_THREADS}; got ${value}. ` +
        'Leave it out to follow TF.js’s default (half the logical cores).',
    );
  }
  return value;
}

export function planWasmThreads(facts: WasmThreadFacts): WasmThreadPlan {
  const cores = Math.max(1, Math.floor(facts.hardwareConcurrency || 1));
  if (!facts.isolated) return { threads: 1, threaded: false, presentCores: cores, reason: 'not-isolated' };
  const forced = facts.forced === undefined ? undefined : checkWasmThreads(facts.forced);
  const threads = forced ?? defaultWasmThreads(cores);
  return {
    threads,
    threaded: threads > 1,
    presentCores: Math.max(cores, threads * 2),
    reason: forced === undefined ? 'default' : 'forced',
  };
}

/**
 * Reads a forced thread count from an address (`?threads=2`); null when absent. Throws, naming
 * the value, when it is not a count from 1 to {@link MAX_WASM_THREADS}.
 */
export function parseWasmThreadsParam(search: string): number | null {
  const raw = new URLSearchParams(search).get('threads');
  if (raw === null || raw.trim() === '') return null;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > MAX_WASM_THREADS) {
    throw new Error(
      `?threads=${raw}: expected an integer from 1 to ${MAX_WASM_THREADS}, or no threads parameter for TF.js’s default.`,
    );
  }
  return value;
}
