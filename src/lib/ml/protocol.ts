/**
 * Messages between the page (`TrainerClient`) and the training runtime, which runs in a
 * module Web Worker or, as a fallback, on the main thread. Both directions are plain
 * structured-cloneable objects tagged by `type`, so the same runtime serves both places.
 *
 * Page → runtime: {@link TrainerCommand}. Runtime → page: {@link TrainerEvent}.
 * Commands that expect an answer carry a `requestId`; the answering event repeats it.
 *
 * Pure types and a few constants: no TF.js import, safe to load in any island.
 */

/** Bumped whenever a message changes shape; the runtime reports it in `ready`. */
export const PROTOCOL_VERSION = 4;

import type {
  BackendName,
  BackendPreference,
  DatasetName,
  ModelId,
  RuntimeHost,
  TrainerSettings,
} from './catalog.ts';
import type { DeviceReport } from './device.ts';
import type { LayerOutput } from './layer-output.ts';
import type {
  EvaluateCheckpointCommand,
  EvaluateTestCommand,
  EvaluationEvent,
} from './protocol-evaluation.ts';
import type { WasmThreadReport, WasmThreadRequest } from './wasm-threads.ts';

export {
  type Activation,
  BACKEND_ORDER,
  type BackendName,
  type BackendPreference,
  type DatasetName,
  type LrScheduleName,
  MODEL_DATASET,
  MODEL_IDS,
  MODEL_INPUT_SHAPE,
  type ModelId,
  type ModelOptions,
  type OptimizerName,
  type RuntimeHost,
  type TrainerSettings,
} from './catalog.ts';
// The catalogue (datasets, models, backends, the settings and their limits) lives in
// `catalog.ts`, the device report in `device.ts`; the protocol re-exports what its messages
// use, so existing imports keep working.
export type { DeviceReport } from './device.ts';
export type { ClassMetrics, EvaluationResult, GalleryItem } from './metrics.ts';
// The evaluation messages (validation during training, the test split on request) live in
// `protocol-evaluation.ts`.
export type {
  EvaluateCheckpointCommand,
  EvaluateTestCommand,
  EvaluationEvent,
  EvaluationSplit,
} from './protocol-evaluation.ts';

// ───────────────────────────── page → runtime ─────────────────────────────

/** First message. `dataUrl` must be absolute inside a worker (e.g. `new URL(BASE_URL + 'data/', location.href).href`). */
export interface InitCommand extends WasmThreadRequest {
  type: 'init';
  dataUrl: string;
  /** Absolute folder URL holding TF.js's `.wasm` files on our own origin (ends with `/`). */
  wasmPath?: string;
}
/**
 * Builds the model (or restores the saved checkpoint when `resume` is true and one exists for
 * `settings.modelId`), loads the data and trains. Emits `status`, `backend`, `model-summary`,
 * `progress`… and ends with `finished`.
 */
export interface StartCommand {
  type: 'start';
  settings: TrainerSettings;
  resume?: boolean;
}
/** Pause after the current step; weights stay in memory. */
export interface PauseCommand {
  type: 'pause';
}
export interface ResumeCommand {
  type: 'resume';
}
/** While paused: run exactly one step, then stay paused. */
export interface StepCommand {
  type: 'step';
}
/** End the run after the current step; weights and the last checkpoint are kept. */
export interface StopCommand {
  type: 'stop';
}
/** Stop, free the model and its optimizer, and delete the saved checkpoint of `modelId` (all if absent). */
export interface ResetCommand {
  type: 'reset';
  modelId?: ModelId;
}
/** Export the current model (or the saved checkpoint if no model is in memory); answers with `exported`. */
export interface ExportCommand {
  type: 'export';
  requestId: number;
  modelId: ModelId;
}
/**
 * Import TF.js files (`model.json` + `weights.bin`, any order) as the checkpoint of `modelId`;
 * answers with `imported` or `error` (`checkpoint-invalid`).
 */
export interface ImportCommand {
  type: 'import';
  requestId: number;
  modelId: ModelId;
  files: File[];
}
/**
 * Classify one image with the model in memory (else the saved checkpoint). For a drawn digit:
 * 784 floats, row-major 28×28, 0 = background, 1 = ink. Answers with `prediction`.
 */
export interface PredictCommand {
  type: 'predict';
  requestId: number;
  modelId: ModelId;
  /** height*width*channels floats in [0, 1], HWC order. */
  pixels: Float32Array;
  shape: [number, number, number];
}
/**
 * Test hook: make the GPU context lose itself (WebGL `WEBGL_lose_context`, WebGPU
 * `device.destroy()`) so the recovery path can be exercised; ignored on other backends.
 */
export interface LoseContextCommand {
  type: 'debug-lose-context';
}
/** Free everything; the worker then closes. */
export interface DisposeCommand {
  type: 'dispose';
}

export type TrainerCommand =
  | InitCommand
  | StartCommand
  | PauseCommand
  | ResumeCommand
  | StepCommand
  | StopCommand
  | ResetCommand
  | EvaluateCheckpointCommand
  | EvaluateTestCommand
  | ExportCommand
  | ImportCommand
  | PredictCommand
  | LoseContextCommand
  | DisposeCommand;

// ───────────────────────────── runtime → page ─────────────────────────────

export type RunState =
  | 'idle'
  | 'loading-data'
  | 'training'
  | 'paused'
  | 'evaluating'
  | 'stopped'
  | 'finished'
  | 'error';

export interface ReadyEvent {
  type: 'ready';
  protocolVersion: number;
  /** `worker` or `main-thread` (fallback). */
  where: RuntimeHost;
  /** What this context can use; the client moves to the main thread when only the page has a GPU. */
  device: DeviceReport;
}

export interface BackendEvent extends WasmThreadReport {
  type: 'backend';
  name: BackendName;
  requested: BackendPreference;
  where: RuntimeHost;
  device: DeviceReport;
  /** Backends tried before this one, with why each was skipped or failed. */
  skipped: { name: BackendName; reason: string }[];
}

export interface StatusEvent {
  type: 'status';
  state: RunState;
}

export interface DataProgressEvent {
  type: 'data-progress';
  dataset: DatasetName;
  split: 'train' | 'test';
  loadedBytes: number;
  totalBytes: number;
  examples: number;
}

export interface LayerSummary {
  name: string;
  /** Keras class name, e.g. `Conv2D`, `Dense`, `BatchNormalization`. */
  className: string;
  /** Output shape without the batch dimension, e.g. `[24, 24, 64]`. */
  outputShape: number[];
  params: number;
}
export interface ModelSummaryEvent {
  type: 'model-summary';
  modelId: ModelId;
  layers: LayerSummary[];
  totalParams: number;
  trainableParams: number;
}

/** `tf.memory()` in cloneable form. */
export interface MemoryInfo {
  numTensors: number;
  numBytes: number;
  /** WebGL/WebGPU only. */
  numBytesInGPU?: number;
  /** True when TF.js could not count exactly (e.g. strings on some backends). */
  unreliable?: boolean;
}

/** Where training stands after one step. Loss/accuracy are on the training batch, not the test set. */
export interface StepProgress {
  /** 0-based epoch. */
  epoch: number;
  epochs: number;
  /** 0-based batch within the epoch. */
  batch: number;
  batchesPerEpoch: number;
  /** Steps done in the whole run, counting earlier runs this one resumed (1-based after the first step). */
  step: number;
  totalSteps: number;
  loss: number;
  accuracy: number;
  learningRate: number;
  /** Training throughput averaged over recent steps. */
  imagesPerSec: number;
  /** Wall time of the last step, milliseconds. */
  msPerStep: number;
  /** Estimated seconds until the last epoch ends. */
  etaSeconds: number;
}

/** After every training step: the step's progress and the backend's memory. */
export interface ProgressEvent extends StepProgress {
  type: 'progress';
  memory: MemoryInfo;
}

/** One finished epoch of training. */
export interface EpochSummary {
  /** 0-based epoch. */
  epoch: number;
  epochs: number;
  /** Mean training loss and accuracy over the epoch. */
  loss: number;
  accuracy: number;
  durationMs: number;
  imagesPerSec: number;
}

/** After every epoch: its summary and the backend's memory. */
export interface EpochEndEvent extends EpochSummary {
  type: 'epoch-end';
  memory: MemoryInfo;
}

export interface CheckpointInfo {
  modelId: ModelId;
  /** Epochs completed when saved. */
  epoch: number;
  step: number;
  /** ISO 8601. */
  savedAt: string;
  settings: TrainerSettings;
  /** Validation accuracy at save time if measured (a checkpoint saved before protocol 3 may carry `testAccuracy` instead). */
  validationAccuracy: number | null;
}
export interface CheckpointSavedEvent {
  type: 'checkpoint-saved';
  checkpoint: CheckpointInfo;
}
export interface CheckpointRestoredEvent {
  type: 'checkpoint-restored';
  checkpoint: CheckpointInfo;
  /** `resume`: reader asked; `context-loss`: automatic recovery. */
  reason: 'resume' | 'context-loss' | 'import';
}

export interface ContextLostEvent {
  type: 'context-lost';
  backend: BackendName;
}
export interface ContextRecoveredEvent {
  type: 'context-recovered';
  /** Backend now in use (may be a fallback). */
  backend: BackendName;
  /** Epoch training continues from (from the last checkpoint); null if none existed and training restarted. */
  fromEpoch: number | null;
}

export interface ExportedFile {
  name: string;
  blob: Blob;
}
export interface ExportedEvent {
  type: 'exported';
  requestId: number;
  /** `model.json` and `weights.bin`, TF.js layers format. */
  files: ExportedFile[];
}
export interface ImportedEvent {
  type: 'imported';
  requestId: number;
  checkpoint: CheckpointInfo;
}
export interface PredictionEvent {
  type: 'prediction';
  requestId: number;
  /** Ten class probabilities summing to 1. */
  probabilities: number[];
  top3: { label: number; probability: number }[];
  /** What each layer made of the image, input side first; the last is the probabilities. */
  layers: LayerOutput[];
}

export interface FinishedEvent {
  type: 'finished';
  reason: 'completed' | 'stopped';
  epochsDone: number;
  step: number;
}

export type TrainerErrorCode =
  | 'out-of-memory'
  | 'data-load-failed'
  | 'backend-unavailable'
  | 'context-lost'
  | 'checkpoint-missing'
  | 'checkpoint-invalid'
  | 'invalid-settings'
  | 'worker-failed'
  | 'protocol-mismatch'
  | 'busy'
  | 'internal';
export interface ErrorEvent {
  type: 'error';
  code: TrainerErrorCode;
  /** English detail for logs; the page shows a translated text for `code`. */
  message: string;
  /** Set when the error answers a request. */
  requestId?: number;
  /** `out-of-memory`: a batch size likely to fit. */
  suggestedBatchSize?: number;
  /** True when the run ended; false when the runtime recovered or only a request failed. */
  fatal: boolean;
}

/** Why a checkpoint was not saved: storage full, IndexedDB blocked by another tab, or another failure. */
export type TrainerWarningCode = 'checkpoint-quota' | 'checkpoint-blocked' | 'checkpoint-not-saved';
/** Something failed that training survives (it goes on); the page shows a translated text for `code`. */
export interface WarningEvent {
  type: 'warning';
  code: TrainerWarningCode;
  /** English detail for logs. */
  message: string;
}

export type TrainerEvent =
  | ReadyEvent
  | BackendEvent
  | StatusEvent
  | DataProgressEvent
  | ModelSummaryEvent
  | ProgressEvent
  | EpochEndEvent
  | EvaluationEvent
  | CheckpointSavedEvent
  | CheckpointRestoredEvent
  | ContextLostEvent
  | ContextRecoveredEvent
  | ExportedEvent
  | ImportedEvent
  | PredictionEvent
  | FinishedEvent
  | WarningEvent
  | ErrorEvent;

export type TrainerEventType = TrainerEvent['type'];
export type TrainerEventOf<T extends TrainerEventType> = Extract<TrainerEvent, { type: T }>;
