/**
 * The set-up TF.js's threaded wasm build needs around its start, over a context's globals
 * (a worker's `self`, or a page's `window` for the benchmark), passed in so Node tests can
 * hand it fakes.
 *
 * TF.js gives each pthread worker its Emscripten module as a Blob of the factory's source
 * (`factory.toString()`). Once a bundler has minified that factory, its body names helpers
 * that live outside it, and the workers die with "e is not defined". The unbundled script is
 * self-contained: the caller serves it from our own origin and, while the module starts, the
 * workers' `load` message is pointed at it. TF.js's pthread worker bootstrap (a string the
 * bundler leaves alone) stays as it is.
 *
 * The module also reads `navigator.hardwareConcurrency` once at its start to cap its threads
 * (half the cores): `prepare` presents the count the plan needs for that moment only.
 */
import type { WasmThreadHost } from './backend';
import type { WasmThreadPlan } from './wasm-threads';

type PostMessage = (this: unknown, message: unknown, ...rest: unknown[]) => void;

/** The globals the set-up touches. */
export interface ThreadScope {
  Worker?: { prototype: { postMessage: PostMessage } };
  navigator: { hardwareConcurrency?: number };
  crossOriginIsolated?: boolean;
}

/** The Emscripten message that gives a pthread worker its module (`cmd: 'load'`). */
function isPthreadLoad(message: unknown): message is { cmd: 'load'; urlOrBlob: unknown } {
  return typeof message === 'object' && message !== null && (message as { cmd?: unknown }).cmd === 'load';
}

/** Sends pthread workers to `url` for their module script; returns the undo. */
function routePthreadScript(proto: { postMessage: PostMessage }, url: string): () => void {
  const native = proto.postMessage;
  proto.postMessage = function postMessage(this: unknown, message: unknown, ...rest: unknown[]) {
    const routed = isPthreadLoad(message) ? { ...message, urlOrBlob: url } : message;
    return native.call(this, routed, ...rest);
  };
  return () => {
    proto.postMessage = native;
  };
}

/** Makes `navigator.hardwareConcurrency` read at least `cores`; returns the undo. */
function presentCores(navigator: ThreadScope['navigator'], cores: number): () => void {
  if ((navigator.hardwareConcurrency ?? 1) >= cores) return () => {};
  Object.defineProperty(navigator, 'hardwareConcurrency', { configurable: true, get: () => cores });
  return () => {
    delete navigator.hardwareConcurrency;
  };
}

/**
 * The thread host of `scope`, whose pthread workers load the module from `threadedScriptUrl`
 * (absolute, same origin: the unbundled `tfjs-backend-wasm-threaded-simd.js`). Undefined
 * where no worker can be started.
 */
export function createWasmThreadHost(
  scope: ThreadScope,
  threadedScriptUrl: string,
): WasmThreadHost | undefined {
  const proto = scope.Worker?.prototype;
  if (!proto) return undefined;
  return {
    isolated: scope.crossOriginIsolated === true,
    hardwareConcurrency: scope.navigator.hardwareConcurrency || 1,
    prepare(plan: WasmThreadPlan) {
      const undoCores = presentCores(scope.navigator, plan.presentCores);
      const undoRoute = routePthreadScript(proto, threadedScriptUrl);
      return () => {
        undoRoute();
        undoCores();
      };
    },
  };
}
