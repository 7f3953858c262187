/**
 * The training runtime: turns `TrainerCommand`s into training, evaluation and checkpoint work
 * and reports `TrainerEvent`s through `post`. It runs unchanged in the worker
 * (`src/islands/trainer/worker.ts`), on the main thread (fallback), and in Node tests, where
 * the data loader and checkpoint store are swapped for synthetic data and memory.
 */
import * as tf from '@tensorflow/tfjs';
import { DatasetError, type LoadProgress, loadSplit } from '../data/loader';
import {
  type BackendChoice,
  chooseBackend,
  isContextLost,
  loseWebglContextForTest,
  memoryInfo,
  reinitializeBackend,
  type WasmPaths,
  watchContextLoss,
} from './backend';
import { type LabeledImages, prepareFloatImage, takeSubset } from './batches';
import { validateTrainerSettings } from './catalog';
import type { CheckpointRecord, CheckpointStore } from './checkpoint';
import { checkDevice } from './device';
import { topClasses } from './metrics';
import { countParams, createModel, registerCustomLayers, summarizeModel } from './models';
import {
  type BackendPreference,
  type CheckpointInfo,
  type DatasetName,
  MODEL_DATASET,
  MODEL_INPUT_SHAPE,
  type ModelId,
  PROTOCOL_VERSION,
  type TrainerCommand,
  type TrainerErrorCode,
  type TrainerEvent,
  type TrainerSettings,
} from './protocol';
import { evaluate, TrainingController, train } from './train';

export type LoadData = (
  dataset: DatasetName,
  split: 'train' | 'test',
  options: { limit?: number; signal?: AbortSignal; onProgress?: (p: LoadProgress) => void },
) => Promise<LabeledImages>;

export interface TrainerRuntimeOptions {
  where: 'worker' | 'main-thread';
  post: (event: TrainerEvent, transfer?: Transferable[]) => void;
  checkpoints: CheckpointStore;
  /** Default: `loadSplit` from `src/lib/data/loader.ts` with the `dataUrl` of `init`. */
  loadData?: LoadData;
  /** Overrides `init.wasmPath` (the worker passes Vite `?url` assets here). */
  wasmPaths?: WasmPaths;
}

export interface TrainerRuntime {
  /** Resolves when the command has been taken in (a training run continues in the background). */
  handle(command: TrainerCommand): Promise<void>;
  /** Resolves when the current run (if any) has ended. For tests and orderly shutdown. */
  idle(): Promise<void>;
}

/** Error text that means the device ran out of memory (messages differ per backend). */
export function isOutOfMemory(error: unknown): boolean {
  const message = error instanceof Error ? `${error.name} ${error.message}` : String(error);
  return /out of memory|OOM|failed to allocate|allocation failed|RangeError: Array buffer allocation|exceeds the max|texture size|Cannot allocate/i.test(
    message,
  );
}

function errorCode(error: unknown): TrainerErrorCode {
  if (error instanceof DatasetError) return 'data-load-failed';
  if (isOutOfMemory(error)) return 'out-of-memory';
  return 'internal';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function artifactsOf(
  model: tf.LayersModel,
): Promise<{ modelTopology: object; weightSpecs: tf.io.WeightsManifestEntry[]; weightData: ArrayBuffer }> {
  let captured: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const artifacts = captured as tf.io.ModelArtifacts | null;
  if (!artifacts?.modelTopology || !artifacts.weightSpecs || !artifacts.weightData) {
    throw new Error('The model could not be serialised (no topology or weights).');
  }
  const data = artifacts.weightData;
  return {
    modelTopology: artifacts.modelTopology as object,
    weightSpecs: artifacts.weightSpecs,
    weightData: Array.isArray(data) ? tf.io.CompositeArrayBuffer.join(data) : data,
  };
}

async function modelFromRecord(
  record: Pick<CheckpointRecord, 'modelTopology' | 'weightSpecs' | 'weightData'>,
): Promise<tf.LayersModel> {
  registerCustomLayers();
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: record.modelTopology,
      weightSpecs: record.weightSpecs,
      weightData: record.weightData,
    }),
  );
}

interface Run {
  abort: AbortController;
  controller: TrainingController;
  done: Promise<void>;
  modelId: ModelId;
}

export function createTrainerRuntime(options: TrainerRuntimeOptions): TrainerRuntime {
  const { post, checkpoints, where } = options;
  let dataUrl = '';
  let wasmPaths: WasmPaths | undefined = options.wasmPaths;
  let backend: BackendChoice | null = null;
  let model: tf.LayersModel | null = null;
  let modelId: ModelId | null = null;
  let run: Run | null = null;
  /** Last saved checkpoint per model, kept in memory too so recovery never waits on storage. */
  const latest = new Map<ModelId, CheckpointRecord>();
  const dataCache = new Map<string, { limit: number | null; data: LabeledImages }>();
  let requestedBackend: BackendPreference | null = null;

  const loadData: LoadData =
    options.loadData ??
    ((dataset, split, o) => {
      if (!dataUrl) throw new Error('The runtime has no data URL; send init with dataUrl first.');
      return loadSplit(dataUrl, dataset, split, o);
    });

  const fail = (error: unknown, extra: { requestId?: number; fatal: boolean; batchSize?: number }) => {
    const code = errorCode(error);
    post({
      type: 'error',
      code,
      message: messageOf(error),
      fatal: extra.fatal,
      ...(extra.requestId !== undefined ? { requestId: extra.requestId } : {}),
      ...(code === 'out-of-memory' && extra.batchSize
        ? { suggestedBatchSize: Math.max(1, Math.floor(extra.batchSize / 2)) }
        : {}),
    });
  };

  async function ensureBackend(preference: BackendPreference): Promise<void> {
    if (backend && preference === requestedBackend) return;
    requestedBackend = preference;
    const previous = backend?.name;
    backend = await chooseBackend(preference, { wasmPaths, device: backend?.device });
    if (previous && previous !== backend.name) disposeModel(); // its weights lived on the old backend
    post({
      type: 'backend',
      name: backend.name,
      requested: preference,
      where,
      device: backend.device,
      skipped: backend.skipped,
    });
  }

  function disposeModel(): void {
    try {
      model?.dispose();
    } catch {
      // A model on a lost GPU context may fail to free; the context took its memory with it.
    }
    model = null;
    modelId = null;
  }

  /** One cached load per split; a larger (or whole) cached load serves smaller subsets. */
  async function getData(
    dataset: DatasetName,
    split: 'train' | 'test',
    limit: number | null | undefined,
    signal?: AbortSignal,
  ) {
    const key = `${dataset}/${split}`;
    const want = limit ?? null;
    const cached = dataCache.get(key);
    if (cached && (cached.limit === null || (want !== null && cached.limit >= want)))
      return takeSubset(cached.data, want);
    const data = await loadData(dataset, split, {
      ...(want !== null ? { limit: want } : {}),
      signal,
      onProgress: (p) =>
        post({
          type: 'data-progress',
          dataset,
          split,
          loadedBytes: p.loadedBytes,
          totalBytes: p.totalBytes,
          examples: p.examples,
        }),
    });
    dataCache.set(key, { limit: want, data });
    return takeSubset(data, want);
  }

  async function saveCheckpoint(
    id: ModelId,
    m: tf.LayersModel,
    info: CheckpointInfo,
  ): Promise<CheckpointRecord> {
    const record: CheckpointRecord = { info, ...(await artifactsOf(m)) };
    latest.set(id, record);
    await checkpoints.save(record);
    return record;
  }

  async function loadRecord(id: ModelId): Promise<CheckpointRecord | null> {
    return latest.get(id) ?? (await checkpoints.load(id));
  }

  function postSummary(id: ModelId, m: tf.LayersModel): void {
    post({
      type: 'model-summary',
      modelId: id,
      layers: summarizeModel(m),
      totalParams: countParams(m),
      trainableParams: countParams(m, 'trainable'),
    });
  }

  async function runTraining(settings: TrainerSettings, resume: boolean, current: Run): Promise<void> {
    const { signal } = current.abort;
    const id = settings.modelId;
    const dataset = MODEL_DATASET[id];
    const inputShape = MODEL_INPUT_SHAPE[id];
    post({ type: 'status', state: 'loading-data' });
    await ensureBackend(settings.backend ?? 'auto');
    const trainData = await getData(dataset, 'train', settings.trainSubset, signal);
    const testData = await getData(dataset, 'test', settings.testSubset, signal);
    if (signal.aborted) return finish('stopped', 0, 0);

    disposeModel();
    let startEpoch = 0;
    const record = resume ? await loadRecord(id) : null;
    if (record) {
      model = await modelFromRecord(record);
      startEpoch = record.info.epoch;
      post({ type: 'checkpoint-restored', checkpoint: record.info, reason: 'resume' });
    } else {
      model = createModel(id, { seed: settings.seed, ...settings.model });
    }
    modelId = id;
    postSummary(id, model);

    let epochsDone = startEpoch;
    let step = 0;
    for (;;) {
      let contextLost = false;
      const lossSignal = new AbortController();
      const stopWatching = watchContextLoss(() => {
        contextLost = true;
        lossSignal.abort();
      });
      const combined = AbortSignal.any([signal, lossSignal.signal]);
      // A step in flight on a lost context may never settle (its readback waits on a dead GPU),
      // so recovery races it instead of waiting; callbacks of the dead run are ignored.
      const lost = new Promise<'lost'>((resolve) =>
        lossSignal.signal.addEventListener('abort', () => resolve('lost'), { once: true }),
      );
      const alive = () => !lossSignal.signal.aborted;
      post({ type: 'status', state: current.controller.paused ? 'paused' : 'training' });
      try {
        const training = train(model as tf.LayersModel, trainData, {
          epochs: settings.epochs,
          batchSize: settings.batchSize,
          learningRate: settings.learningRate,
          lrSchedule: settings.lrSchedule ?? 'constant',
          optimizer: settings.optimizer ?? 'adam',
          seed: settings.seed,
          inputShape,
          augment: settings.augment ?? true,
          startEpoch,
          testData,
          evaluateEvery: settings.evaluateEvery ?? 0,
          signal: combined,
          controller: current.controller,
          onBatchEnd: (b) => {
            if (!alive()) return;
            step = b.step;
            post({ type: 'progress', ...b, memory: memoryInfo() });
          },
          onEvaluation: (e) => {
            if (alive()) post({ type: 'evaluation', modelId: id, ...e });
          },
          onEpochEnd: async (e) => {
            if (!alive()) return;
            epochsDone = e.epoch + 1;
            const info: CheckpointInfo = {
              modelId: id,
              epoch: e.epoch + 1,
              step: e.step,
              savedAt: new Date().toISOString(),
              settings,
              testAccuracy: e.testAccuracy,
            };
            post({
              type: 'epoch-end',
              epoch: e.epoch,
              epochs: e.epochs,
              loss: e.loss,
              accuracy: e.accuracy,
              durationMs: e.durationMs,
              imagesPerSec: e.imagesPerSec,
              memory: memoryInfo(),
            });
            try {
              await saveCheckpoint(id, model as tf.LayersModel, info);
              post({ type: 'checkpoint-saved', checkpoint: info });
            } catch (error) {
              // Training goes on; only persistence failed (e.g. storage quota).
              post({
                type: 'error',
                code: 'internal',
                message: `Checkpoint not saved: ${messageOf(error)}`,
                fatal: false,
              });
            }
          },
        });
        training.catch(() => {}); // if the race is lost, its late failure is expected
        const result = await Promise.race([training, lost]);
        if (result !== 'lost' && !contextLost) {
          epochsDone = result.epochsDone;
          step = result.step;
          return finish(result.stopped ? 'stopped' : 'completed', epochsDone, step);
        }
      } catch (error) {
        if (!(contextLost || isContextLost())) throw error;
        contextLost = true;
      } finally {
        stopWatching();
      }
      // The GPU context is gone: weights on it are lost. Re-create the backend (or fall back)
      // and continue from the last checkpoint.
      const lostBackend = backend?.name ?? 'webgl';
      post({ type: 'context-lost', backend: lostBackend });
      // Free what the engine still tracks for the dead run (its optimizer never reached its own
      // dispose, since the step it awaited never settled), so the tensor count stays flat.
      try {
        (model as tf.LayersModel | null)?.optimizer?.dispose();
      } catch {
        // Already gone with the context.
      }
      disposeModel();
      backend = await reinitializeBackend(lostBackend, { wasmPaths });
      post({
        type: 'backend',
        name: backend.name,
        requested: settings.backend ?? 'auto',
        where,
        device: backend.device,
        skipped: backend.skipped,
      });
      const saved = latest.get(id) ?? null;
      if (saved) {
        model = await modelFromRecord(saved);
        startEpoch = saved.info.epoch;
        post({ type: 'checkpoint-restored', checkpoint: saved.info, reason: 'context-loss' });
      } else {
        model = createModel(id, { seed: settings.seed, ...settings.model });
        startEpoch = 0;
      }
      post({ type: 'context-recovered', backend: backend.name, fromEpoch: saved ? saved.info.epoch : null });
      if (signal.aborted) return finish('stopped', startEpoch, step);
    }
  }

  function finish(reason: 'completed' | 'stopped', epochsDone: number, step: number): void {
    post({ type: 'finished', reason, epochsDone, step });
    post({ type: 'status', state: reason === 'completed' ? 'finished' : 'stopped' });
  }

  function start(settings: TrainerSettings, resume: boolean): void {
    if (run) {
      post({
        type: 'error',
        code: 'busy',
        message: 'A run is in progress; stop it before starting another.',
        fatal: false,
      });
      return;
    }
    try {
      validateTrainerSettings(settings);
    } catch (error) {
      post({ type: 'error', code: 'invalid-settings', message: messageOf(error), fatal: false });
      return;
    }
    const current: Run = {
      abort: new AbortController(),
      controller: new TrainingController(),
      done: Promise.resolve(),
      modelId: settings.modelId,
    };
    run = current;
    current.done = runTraining(settings, resume, current)
      .catch((error) => {
        fail(error, { fatal: true, batchSize: settings.batchSize });
        post({ type: 'status', state: 'error' });
      })
      .finally(() => {
        if (run === current) run = null;
      });
  }

  async function stopRun(): Promise<void> {
    const current = run;
    if (!current) return;
    current.abort.abort();
    await current.done;
  }

  /** The in-memory model for `id` if it matches, else one loaded from its checkpoint (caller disposes it when `temporary`). */
  async function modelFor(id: ModelId): Promise<{ model: tf.LayersModel; temporary: boolean } | null> {
    if (model && modelId === id) return { model, temporary: false };
    const record = await loadRecord(id);
    if (!record) return null;
    if (!backend) await ensureBackend('auto');
    return { model: await modelFromRecord(record), temporary: true };
  }

  const missing = (id: ModelId, requestId: number) =>
    post({
      type: 'error',
      code: 'checkpoint-missing',
      message: `No trained model or saved checkpoint for '${id}'; train it for at least one epoch or import one.`,
      requestId,
      fatal: false,
    });

  async function exportModel(requestId: number, id: ModelId): Promise<void> {
    const inMemory = model && modelId === id ? model : null;
    const record = inMemory ? null : await loadRecord(id);
    if (!inMemory && !record) return missing(id, requestId);
    const artifacts = inMemory ? await artifactsOf(inMemory) : (record as CheckpointRecord);
    const info = record?.info ?? latest.get(id)?.info ?? null;
    const modelJson = {
      format: 'layers-model',
      generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
      convertedBy: null,
      modelTopology: artifacts.modelTopology,
      weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
      userDefinedMetadata: { mlGuide: { modelId: id, checkpoint: info } },
    };
    post({
      type: 'exported',
      requestId,
      files: [
        { name: 'model.json', blob: new Blob([JSON.stringify(modelJson)], { type: 'application/json' }) },
        { name: 'weights.bin', blob: new Blob([artifacts.weightData], { type: 'application/octet-stream' }) },
      ],
    });
  }

  async function importModel(requestId: number, id: ModelId, files: File[]): Promise<void> {
    const invalid = (message: string) =>
      post({ type: 'error', code: 'checkpoint-invalid', message, requestId, fatal: false });
    const jsonFile = files.find((f) => f.name.endsWith('.json'));
    if (!jsonFile)
      return invalid('No model.json among the files; choose model.json and weights.bin together.');
    let json: {
      modelTopology?: object;
      weightsManifest?: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
      userDefinedMetadata?: { mlGuide?: { checkpoint?: CheckpointInfo | null } };
    };
    try {
      json = JSON.parse(await jsonFile.text());
    } catch (error) {
      return invalid(`${jsonFile.name} is not valid JSON: ${messageOf(error)}`);
    }
    if (!json.modelTopology || !Array.isArray(json.weightsManifest)) {
      return invalid(
        `${jsonFile.name} is not a TF.js layers model (modelTopology and weightsManifest expected).`,
      );
    }
    const others = files.filter((f) => f !== jsonFile);
    const buffers: ArrayBuffer[] = [];
    const weightSpecs: tf.io.WeightsManifestEntry[] = [];
    for (const group of json.weightsManifest) {
      weightSpecs.push(...group.weights);
      for (const path of group.paths) {
        const base = path.split('/').pop();
        const file = others.find((f) => f.name === base) ?? (others.length === 1 ? others[0] : undefined);
        if (!file)
          return invalid(`Weights file '${base}' named in ${jsonFile.name} was not among the chosen files.`);
        buffers.push(await file.arrayBuffer());
      }
    }
    const record = {
      modelTopology: json.modelTopology,
      weightSpecs,
      weightData: tf.io.CompositeArrayBuffer.join(buffers),
    };
    if (!backend) await ensureBackend('auto');
    let loaded: tf.LayersModel;
    try {
      loaded = await modelFromRecord(record);
    } catch (error) {
      return invalid(`The files do not load as a model: ${messageOf(error)}`);
    }
    const expected = [null, ...MODEL_INPUT_SHAPE[id]];
    const input = loaded.inputs[0]?.shape ?? [];
    const output = loaded.outputs[0]?.shape ?? [];
    if (JSON.stringify(input) !== JSON.stringify(expected) || output[1] !== 10) {
      loaded.dispose();
      return invalid(
        `This model takes ${JSON.stringify(input)} and gives ${JSON.stringify(output)}; '${id}' needs input ${JSON.stringify(expected)} and 10 outputs.`,
      );
    }
    const previous = json.userDefinedMetadata?.mlGuide?.checkpoint ?? null;
    const info: CheckpointInfo = {
      modelId: id,
      epoch: previous?.epoch ?? 0,
      step: previous?.step ?? 0,
      savedAt: new Date().toISOString(),
      settings: previous?.settings ?? { modelId: id, epochs: 1, batchSize: 64, learningRate: 0.001, seed: 1 },
      testAccuracy: previous?.testAccuracy ?? null,
    };
    const full: CheckpointRecord = { info, ...record };
    latest.set(id, full);
    await checkpoints.save(full);
    if (!run) {
      disposeModel();
      model = loaded;
      modelId = id;
    } else {
      loaded.dispose();
    }
    post({ type: 'imported', requestId, checkpoint: info });
    post({ type: 'checkpoint-restored', checkpoint: info, reason: 'import' });
  }

  async function evaluateCheckpoint(
    requestId: number,
    id: ModelId,
    testSubset: number | null | undefined,
  ): Promise<void> {
    const record = await loadRecord(id);
    if (!record) return missing(id, requestId);
    if (!backend) await ensureBackend('auto');
    const m = await modelFromRecord(record);
    try {
      const testData = await getData(MODEL_DATASET[id], 'test', testSubset);
      const result = await evaluate(m, testData, { inputShape: MODEL_INPUT_SHAPE[id] });
      post({
        type: 'evaluation',
        source: 'checkpoint',
        requestId,
        modelId: id,
        step: record.info.step,
        epoch: record.info.epoch,
        result,
      });
    } finally {
      m.dispose();
    }
  }

  async function predict(
    requestId: number,
    id: ModelId,
    pixels: Float32Array,
    shape: [number, number, number],
  ): Promise<void> {
    const found = await modelFor(id);
    if (!found) return missing(id, requestId);
    try {
      const inputShape = MODEL_INPUT_SHAPE[id];
      const input = prepareFloatImage(pixels, shape, inputShape);
      const out = tf.tidy(() => found.model.predict(tf.tensor4d(input, [1, ...inputShape])) as tf.Tensor);
      const probabilities = Array.from(await out.data());
      out.dispose();
      post({ type: 'prediction', requestId, probabilities, top3: topClasses(probabilities, 3) });
    } finally {
      if (found.temporary) found.model.dispose();
    }
  }

  async function handle(command: TrainerCommand): Promise<void> {
    const requestId = 'requestId' in command ? command.requestId : undefined;
    try {
      switch (command.type) {
        case 'init': {
          dataUrl = command.dataUrl;
          if (command.wasmPath && !options.wasmPaths) wasmPaths = command.wasmPath;
          post({ type: 'ready', protocolVersion: PROTOCOL_VERSION, where, device: await checkDevice() });
          return;
        }
        case 'start':
          return start(command.settings, command.resume ?? false);
        case 'pause':
          if (run) {
            run.controller.pause();
            post({ type: 'status', state: 'paused' });
          }
          return;
        case 'resume':
          if (run) {
            run.controller.resume();
            post({ type: 'status', state: 'training' });
          }
          return;
        case 'step':
          run?.controller.step();
          return;
        case 'stop':
          return await stopRun();
        case 'reset': {
          await stopRun();
          disposeModel();
          if (command.modelId) latest.delete(command.modelId);
          else latest.clear();
          await checkpoints.delete(command.modelId);
          post({ type: 'status', state: 'idle' });
          return;
        }
        case 'evaluate-checkpoint':
          return await evaluateCheckpoint(command.requestId, command.modelId, command.testSubset);
        case 'export':
          return await exportModel(command.requestId, command.modelId);
        case 'import':
          return await importModel(command.requestId, command.modelId, command.files);
        case 'predict':
          return await predict(command.requestId, command.modelId, command.pixels, command.shape);
        case 'debug-lose-context':
          loseWebglContextForTest();
          return;
        case 'dispose':
          await stopRun();
          disposeModel();
          dataCache.clear();
          return;
        default: {
          const unknown: never = command;
          throw new Error(`Unknown command ${JSON.stringify(unknown)}.`);
        }
      }
    } catch (error) {
      fail(error, { fatal: false, ...(requestId !== undefined ? { requestId } : {}) });
    }
  }

  /**
   * Commands run one after another in arrival order (so `reset` then `start` cannot interleave),
   * except the run controls, which act at once even while a long request such as an evaluation
   * is being served. `start` only schedules the run, so it never blocks the queue.
   */
  const immediate = new Set<TrainerCommand['type']>([
    'pause',
    'resume',
    'step',
    'stop',
    'debug-lose-context',
  ]);
  let queue: Promise<void> = Promise.resolve();
  function enqueue(command: TrainerCommand): Promise<void> {
    if (immediate.has(command.type)) return handle(command);
    const next = queue.then(() => handle(command));
    queue = next.catch(() => {});
    return next;
  }

  return {
    handle: enqueue,
    idle: async () => {
      await run?.done;
    },
  };
}
