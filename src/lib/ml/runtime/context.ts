/**
 * The runtime's state and the chores every command shares: the backend, the model in memory,
 * the data cache, the checkpoints kept in memory beside the store, and posting events.
 */
import type * as tf from '@tensorflow/tfjs';
import { type LoadProgress, loadSplit } from '../../data/loader';
import {
  type BackendChoice,
  type ChooseBackendOptions,
  chooseBackend,
  reinitializeBackend,
  type WasmPaths,
  type WasmThreadHost,
} from '../backend';
import { type LabeledImages, takeSubset } from '../batches';
import type { BackendName, BackendPreference, DatasetName, ModelId, RuntimeHost } from '../catalog';
import type { CheckpointRecord, CheckpointStore } from '../checkpoint';
import { type DeviceAdapter, headlessDevice } from '../device';
import { countParams, summarizeModel } from '../models';
import type { CheckpointInfo, TrainerEvent } from '../protocol';
import type { TrainingController } from '../train';
import { artifactsOf, optimizerStateOf } from './serialise';

export type LoadData = (
  dataset: DatasetName,
  split: 'train' | 'test',
  options: { limit?: number; signal?: AbortSignal; onProgress?: (p: LoadProgress) => void },
) => Promise<LabeledImages>;

export type Post = (event: TrainerEvent, transfer?: Transferable[]) => void;

export interface TrainerRuntimeOptions {
  where: RuntimeHost;
  post: Post;
  checkpoints: CheckpointStore;
  /** Default: `loadSplit` from `src/lib/data/loader.ts` with the `dataUrl` of `init`. */
  loadData?: LoadData;
  /** Overrides `init.wasmPath` (the worker passes Vite `?url` assets here). */
  wasmPaths?: WasmPaths;
  /** Where the wasm backend's threads come from (`browserWasmThreadHost()` in the worker); none: one thread. */
  wasmThreadHost?: WasmThreadHost;
  /** The device check and GPU context (`browserDevice` from `src/platform/device.ts` in a browser). Default: `headlessDevice`. */
  device?: DeviceAdapter;
}

/** The training run in progress. */
export interface Run {
  abort: AbortController;
  controller: TrainingController;
  done: Promise<void>;
  modelId: ModelId;
}

export interface RuntimeContext {
  readonly options: TrainerRuntimeOptions;
  readonly post: Post;
  readonly device: DeviceAdapter;
  dataUrl: string;
  wasmPaths: WasmPaths | undefined;
  /** Forced wasm thread count from `init` (the page's `?threads=`); undefined: TF.js's default. */
  wasmThreads: number | undefined;
  /** The page's `navigator.hardwareConcurrency` from `init`, when it sent one. */
  pageCores: number | undefined;
  backend: BackendChoice | null;
  model: tf.LayersModel | null;
  modelId: ModelId | null;
  run: Run | null;
  /** Last saved checkpoint per model, kept in memory too so recovery never waits on storage. */
  readonly latest: Map<ModelId, CheckpointRecord>;
  readonly dataCache: Map<string, { limit: number | null; data: LabeledImages }>;
  requestedBackend: BackendPreference | null;
}

export function createContext(options: TrainerRuntimeOptions): RuntimeContext {
  return {
    options,
    post: options.post,
    device: options.device ?? headlessDevice,
    dataUrl: '',
    wasmPaths: options.wasmPaths,
    wasmThreads: undefined,
    pageCores: undefined,
    backend: null,
    model: null,
    modelId: null,
    run: null,
    latest: new Map(),
    dataCache: new Map(),
    requestedBackend: null,
  };
}

function postBackend(ctx: RuntimeContext, requested: BackendPreference): void {
  const backend = ctx.backend as BackendChoice;
  ctx.post({
    type: 'backend',
    name: backend.name,
    requested,
    where: ctx.options.where,
    ...(backend.threads !== undefined ? { threads: backend.threads } : {}),
    device: backend.device,
    skipped: backend.skipped,
  });
}

/** The worker's thread host, seeing as many cores as the page does when the page said. */
function threadHostOf(ctx: RuntimeContext): WasmThreadHost | undefined {
  const host = ctx.options.wasmThreadHost;
  if (!host || ctx.pageCores === undefined) return host;
  return { ...host, hardwareConcurrency: Math.max(host.hardwareConcurrency, ctx.pageCores) };
}

function backendOptions(ctx: RuntimeContext, device: BackendChoice['device']): ChooseBackendOptions {
  return {
    wasmPaths: ctx.wasmPaths,
    wasmThreads: { threadHost: threadHostOf(ctx), threads: ctx.wasmThreads },
    device,
  };
}

/** Activates the preferred backend (after a device check) unless it is already the active one. */
export async function ensureBackend(ctx: RuntimeContext, preference: BackendPreference): Promise<void> {
  if (ctx.backend && preference === ctx.requestedBackend) return;
  ctx.requestedBackend = preference;
  const previous = ctx.backend?.name;
  const device = ctx.backend?.device ?? (await ctx.device.checkDevice());
  ctx.backend = await chooseBackend(preference, backendOptions(ctx, device));
  if (previous && previous !== ctx.backend.name) disposeModel(ctx); // its weights lived on the old backend
  postBackend(ctx, preference);
}

/** Replaces a backend whose GPU context was lost (or falls back) and says which one now runs. */
export async function replaceLostBackend(
  ctx: RuntimeContext,
  lost: BackendName,
  requested: BackendPreference,
): Promise<void> {
  // Probe again: the device may have lost what it had (a GPU backend after a driver reset).
  const device = await ctx.device.checkDevice();
  ctx.backend = await reinitializeBackend(lost, backendOptions(ctx, device));
  postBackend(ctx, requested);
}

export function disposeModel(ctx: RuntimeContext): void {
  try {
    ctx.model?.dispose();
  } catch {
    // A model on a lost GPU context may fail to free; the context took its memory with it.
  }
  ctx.model = null;
  ctx.modelId = null;
}

function loadData(ctx: RuntimeContext): LoadData {
  return (
    ctx.options.loadData ??
    ((dataset, split, o) => {
      if (!ctx.dataUrl) throw new Error('The runtime has no data URL; send init with dataUrl first.');
      return loadSplit(ctx.dataUrl, dataset, split, o);
    })
  );
}

/** One cached load per split; a larger (or whole) cached load serves smaller subsets. */
export async function getData(
  ctx: RuntimeContext,
  dataset: DatasetName,
  split: 'train' | 'test',
  limit: number | null | undefined,
  signal?: AbortSignal,
): Promise<LabeledImages> {
  const key = `${dataset}/${split}`;
  const want = limit ?? null;
  const cached = ctx.dataCache.get(key);
  if (cached && (cached.limit === null || (want !== null && cached.limit >= want)))
    return takeSubset(cached.data, want);
  const data = await loadData(ctx)(dataset, split, {
    ...(want !== null ? { limit: want } : {}),
    signal,
    onProgress: (p) =>
      ctx.post({
        type: 'data-progress',
        dataset,
        split,
        loadedBytes: p.loadedBytes,
        totalBytes: p.totalBytes,
        examples: p.examples,
      }),
  });
  ctx.dataCache.set(key, { limit: want, data });
  return takeSubset(data, want);
}

export async function saveCheckpoint(
  ctx: RuntimeContext,
  model: tf.LayersModel,
  info: CheckpointInfo,
): Promise<CheckpointRecord> {
  const optimizer = await optimizerStateOf(model, info.settings.optimizer ?? 'adam');
  const record: CheckpointRecord = {
    info,
    ...(await artifactsOf(model)),
    ...(optimizer ? { optimizer } : {}),
  };
  ctx.latest.set(info.modelId, record);
  await ctx.options.checkpoints.save(record);
  return record;
}

export async function loadRecord(ctx: RuntimeContext, id: ModelId): Promise<CheckpointRecord | null> {
  return ctx.latest.get(id) ?? (await ctx.options.checkpoints.load(id));
}

export function postSummary(ctx: RuntimeContext, id: ModelId, model: tf.LayersModel): void {
  ctx.post({
    type: 'model-summary',
    modelId: id,
    layers: summarizeModel(model),
    totalParams: countParams(model),
    trainableParams: countParams(model, 'trainable'),
  });
}

/** Answers a request about a model that has neither weights in memory nor a checkpoint. */
export function postMissing(ctx: RuntimeContext, id: ModelId, requestId: number): void {
  ctx.post({
    type: 'error',
    code: 'checkpoint-missing',
    message: `No trained model or saved checkpoint for '${id}'; train it for at least one epoch or import one.`,
    requestId,
    fatal: false,
  });
}
