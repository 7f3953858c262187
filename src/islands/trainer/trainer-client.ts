/**
 * The page's handle on a training run. It starts the training runtime in a module Web Worker
 * and falls back to running it on the main thread when workers are unavailable, fail to load,
 * or cannot reach a GPU backend that the page itself can use.
 *
 * Import this module lazily (`await import('./trainer-client')`) when the reader starts an
 * island: the worker, and on fallback the runtime, pull in TF.js.
 *
 * ```ts
 * const client = await TrainerClient.create({ dataUrl: new URL(`${import.meta.env.BASE_URL}data/`, location.href).href });
 * const off = client.on('progress', (e) => chart.push(e.step, e.loss));
 * client.start({ modelId: 'mnist-cnn', epochs: 2, batchSize: 64, learningRate: 0.001, seed: 1 });
 * ```
 */
import { hasGpu } from '../../lib/ml/device';
import {
  type CheckpointInfo,
  type DeviceReport,
  type EvaluationResult,
  type ExportedFile,
  type ModelId,
  PROTOCOL_VERSION,
  type PredictionEvent,
  type RuntimeHost,
  type TrainerCommand,
  type TrainerEvent,
  type TrainerEventOf,
  type TrainerEventType,
  type TrainerSettings,
} from '../../lib/ml/protocol';
import { protocolMismatch } from '../../lib/ml/protocol-check';
import { createIdbCheckpointStore } from '../../platform/checkpoint-store';
import { checkDevice } from '../../platform/device';

export type { TrainerEvent, TrainerEventOf, TrainerEventType, TrainerSettings } from '../../lib/ml/protocol';

export interface TrainerClientOptions {
  /** Absolute URL of the data folder, e.g. `new URL(BASE_URL + 'data/', location.href).href`. */
  dataUrl: string;
  /** Absolute URL of the folder holding TF.js `.wasm` files; default: the bundled `?url` assets. */
  wasmPath?: string;
  /** Forced wasm thread count (1 to 8), e.g. from the page's `?threads=`; default: TF.js's own. */
  wasmThreads?: number;
  /**
   * `auto` (default): worker, moving to the main thread when only the page has a GPU or the
   * worker fails; `worker` / `main-thread`: force one (tests, debugging).
   */
  mode?: 'auto' | RuntimeHost;
  /** Milliseconds to wait for the worker's `ready` before falling back. Default 15 000. */
  readyTimeoutMs?: number;
}

type Listener<T extends TrainerEventType> = (event: TrainerEventOf<T>) => void;
type AnyListener = (event: TrainerEvent) => void;

interface Channel {
  send(command: TrainerCommand, transfer?: Transferable[]): void;
  close(): void;
}

/** Error thrown by request methods; `code` matches the `error` event's code. */
export class TrainerRequestError extends Error {
  constructor(
    readonly code: TrainerEventOf<'error'>['code'],
    message: string,
  ) {
    super(message);
    this.name = 'TrainerRequestError';
  }
}

function isProtocolMismatch(error: unknown): boolean {
  return error instanceof TrainerRequestError && error.code === 'protocol-mismatch';
}

export class TrainerClient {
  private readonly listeners = new Map<TrainerEventType, Set<AnyListener>>();
  private readonly anyListeners = new Set<AnyListener>();
  private readonly pending = new Map<
    number,
    { resolve: (e: TrainerEvent) => void; reject: (e: Error) => void }
  >();
  private nextRequestId = 1;
  private channel: Channel | null = null;
  private disposed = false;
  /** Where the runtime runs once created. */
  where: RuntimeHost = 'worker';
  /** The device report of the context the runtime runs in. */
  device: DeviceReport | null = null;

  private constructor(private readonly options: TrainerClientOptions) {}

  /** Starts the runtime and resolves once it is ready to take commands. */
  static async create(options: TrainerClientOptions): Promise<TrainerClient> {
    const client = new TrainerClient(options);
    await client.connect();
    return client;
  }

  /** Subscribe to one event type; returns the unsubscribe function. */
  on<T extends TrainerEventType>(type: T, listener: Listener<T>): () => void {
    let set = this.listeners.get(type);
    if (!set) {
      set = new Set();
      this.listeners.set(type, set);
    }
    set.add(listener as AnyListener);
    return () => set.delete(listener as AnyListener);
  }

  /** Subscribe to every event (logs, tests). */
  onAny(listener: AnyListener): () => void {
    this.anyListeners.add(listener);
    return () => this.anyListeners.delete(listener);
  }

  /** Train (or, with `resume`, continue from the saved checkpoint of `settings.modelId`). */
  start(settings: TrainerSettings, options: { resume?: boolean } = {}): void {
    this.send({ type: 'start', settings, resume: options.resume ?? false });
  }
  pause(): void {
    this.send({ type: 'pause' });
  }
  resume(): void {
    this.send({ type: 'resume' });
  }
  /** While paused, run one step. */
  step(): void {
    this.send({ type: 'step' });
  }
  stop(): void {
    this.send({ type: 'stop' });
  }
  /** Stop, free the model and delete the checkpoint of `modelId` (every checkpoint if omitted). */
  reset(modelId?: ModelId): void {
    this.send(modelId ? { type: 'reset', modelId } : { type: 'reset' });
  }

  /** `flip`: test-time flip, as the run's `flipTest` setting. */
  async evaluateCheckpoint(
    modelId: ModelId,
    testSubset?: number | null,
    flip = false,
  ): Promise<EvaluationResult> {
    const requestId = this.nextRequestId++;
    const event = await this.request<'evaluation'>({
      type: 'evaluate-checkpoint',
      requestId,
      modelId,
      testSubset,
      flip,
    });
    return event.result;
  }

  /**
   * Score the model in memory (else the saved checkpoint) on the test split: the reader's final
   * score. Refused with `busy` while the run trains; pause it first.
   */
  async evaluateTest(modelId: ModelId, testSubset?: number | null, flip = false): Promise<EvaluationResult> {
    const requestId = this.nextRequestId++;
    const event = await this.request<'evaluation'>({
      type: 'evaluate-test',
      requestId,
      modelId,
      testSubset,
      flip,
    });
    return event.result;
  }

  /** `model.json` + `weights.bin` as Blobs, ready for `URL.createObjectURL` and a download link. */
  async exportModel(modelId: ModelId): Promise<ExportedFile[]> {
    const requestId = this.nextRequestId++;
    const event = await this.request<'exported'>({ type: 'export', requestId, modelId });
    return event.files;
  }

  /** Files from an `<input type=file multiple>`: `model.json` and its weights file. */
  async importModel(modelId: ModelId, files: File[]): Promise<CheckpointInfo> {
    const requestId = this.nextRequestId++;
    const event = await this.request<'imported'>({ type: 'import', requestId, modelId, files });
    return event.checkpoint;
  }

  /** Classify a drawn digit: 784 floats (28×28, 0 = background, 1 = ink). */
  async predict(
    modelId: ModelId,
    pixels: Float32Array,
    shape: [number, number, number] = [28, 28, 1],
  ): Promise<PredictionEvent> {
    const requestId = this.nextRequestId++;
    return this.request<'prediction'>({ type: 'predict', requestId, modelId, pixels, shape });
  }

  /** Checkpoints saved in this browser (read straight from IndexedDB, no runtime round trip). */
  async listCheckpoints(): Promise<CheckpointInfo[]> {
    return createIdbCheckpointStore().list();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.channel?.send({ type: 'dispose' });
    this.channel?.close();
    this.channel = null;
    for (const { reject } of this.pending.values()) reject(new Error('The trainer was disposed.'));
    this.pending.clear();
  }

  // ─────────────────────────────── internals ───────────────────────────────

  private send(command: TrainerCommand): void {
    if (!this.channel)
      throw new Error('The trainer is not connected; call TrainerClient.create() and await it.');
    this.channel.send(command);
  }

  private request<T extends TrainerEventType>(
    command: TrainerCommand & { requestId: number },
  ): Promise<TrainerEventOf<T>> {
    return new Promise((resolve, reject) => {
      this.pending.set(command.requestId, { resolve: resolve as (e: TrainerEvent) => void, reject });
      try {
        this.send(command);
      } catch (error) {
        this.pending.delete(command.requestId);
        reject(error);
      }
    });
  }

  private dispatch = (event: TrainerEvent): void => {
    if ('requestId' in event && event.requestId !== undefined) {
      const waiter = this.pending.get(event.requestId);
      if (waiter) {
        this.pending.delete(event.requestId);
        if (event.type === 'error') waiter.reject(new TrainerRequestError(event.code, event.message));
        else waiter.resolve(event);
      }
    }
    for (const listener of this.listeners.get(event.type) ?? []) listener(event);
    for (const listener of this.anyListeners) listener(event);
  };

  private async connect(): Promise<void> {
    const mode = this.options.mode ?? 'auto';
    if (mode !== 'main-thread' && typeof Worker !== 'undefined') {
      try {
        const ready = await this.connectWorker();
        if (mode === 'worker' || hasGpu(ready.device) || !hasGpu(await checkDevice())) return;
        // The page can reach a GPU the worker cannot (no OffscreenCanvas WebGL, no WebGPU in workers).
        this.channel?.close();
        this.channel = null;
      } catch (error) {
        // A worker of another site version: the page's own runtime would mask it; a reload fixes it.
        if (mode === 'worker' || isProtocolMismatch(error)) {
          this.channel?.close();
          this.channel = null;
          throw error;
        }
        this.channel?.close();
        this.channel = null;
      }
    }
    await this.connectMainThread();
  }

  private connectWorker(): Promise<TrainerEventOf<'ready'>> {
    const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'trainer' });
    this.channel = {
      send: (command) => worker.postMessage(command),
      close: () => worker.terminate(),
    };
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('The training worker did not start in time.')),
        this.options.readyTimeoutMs ?? 15_000,
      );
      worker.addEventListener('message', (message: MessageEvent<TrainerEvent>) => {
        const event = message.data;
        if (event.type === 'ready') {
          clearTimeout(timer);
          const mismatch = protocolMismatch(event);
          if (mismatch) {
            reject(new TrainerRequestError('protocol-mismatch', mismatch));
            this.dispatch({ type: 'error', code: 'protocol-mismatch', message: mismatch, fatal: true });
            return;
          }
          this.where = 'worker';
          this.device = event.device;
          resolve(event);
        }
        this.dispatch(event);
      });
      worker.addEventListener('error', (error) => {
        clearTimeout(timer);
        const message = error.message || 'The training worker failed to load.';
        reject(new Error(message));
        this.dispatch({ type: 'error', code: 'worker-failed', message, fatal: true });
      });
      worker.postMessage(this.initCommand());
    });
  }

  private initCommand(): TrainerCommand {
    const { dataUrl, wasmPath, wasmThreads } = this.options;
    return {
      type: 'init',
      dataUrl,
      wasmPath,
      ...(wasmThreads !== undefined ? { wasmThreads } : {}),
      ...(navigator.hardwareConcurrency ? { hardwareConcurrency: navigator.hardwareConcurrency } : {}),
    };
  }

  private async connectMainThread(): Promise<void> {
    const [{ createTrainerRuntime }, { wasmPaths }, { browserDevice }] = await Promise.all([
      import('../../lib/ml/runtime'),
      import('../../platform/wasm-urls'),
      import('../../platform/browser-device'),
    ]);
    let ready = false;
    const runtime = createTrainerRuntime({
      where: 'main-thread',
      device: browserDevice,
      wasmPaths: this.options.wasmPath ?? wasmPaths(),
      checkpoints: createIdbCheckpointStore(),
      // Deliver asynchronously, as a worker would, so listeners never run inside a command call.
      post: (event) => queueMicrotask(() => this.dispatch(event)),
    });
    this.channel = {
      send: (command) => void runtime.handle(command),
      close: () => void runtime.handle({ type: 'dispose' }),
    };
    this.where = 'main-thread';
    const off = this.on('ready', (event) => {
      ready = true;
      this.device = event.device;
    });
    await runtime.handle(this.initCommand());
    await new Promise((r) => queueMicrotask(() => r(undefined)));
    off();
    if (!ready) throw new Error(`The training runtime did not report ready (protocol ${PROTOCOL_VERSION}).`);
  }
}
