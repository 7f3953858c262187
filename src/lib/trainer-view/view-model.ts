/**
 * The one object every trainer view draws from (after cnn-explainer's view-model): the
 * runtime's events fold into it with `applyEvent`, which says which parts changed so each
 * view redraws only when its part did. No DOM here; the island owns the drawing.
 */

import { backendFallback } from '../ml/backend-support';
import type {
  BackendEvent,
  CheckpointInfo,
  DatasetName,
  DeviceReport,
  EvaluationEvent,
  MemoryInfo,
  ModelSummaryEvent,
  PredictionEvent,
  ProgressEvent,
  RunState,
  RuntimeHost,
  TrainerErrorCode,
  TrainerEvent,
} from '../ml/protocol';
import type { EvaluationPoint, TrainingPoint } from './series';

/** `loading-runtime`: the page is fetching TF.js and starting the worker. */
export type Phase = RunState | 'loading-runtime';

export type NoticeTone = 'info' | 'success' | 'warning' | 'error';

/** A message for the reader, as an i18n key plus the values its placeholders take. */
export interface Notice {
  /** Stable per kind, so a repeated event replaces its notice instead of stacking. */
  id: string;
  tone: NoticeTone;
  key: string;
  values: Record<string, string | number>;
}

/** Parts of the view-model; views subscribe to the ones they draw. */
export type Part =
  | 'phase'
  | 'runtime'
  | 'data'
  | 'summary'
  | 'progress'
  | 'training'
  | 'evaluation'
  | 'checkpoint'
  | 'notices'
  | 'prediction';

export interface TrainerViewModel {
  dataset: DatasetName;
  phase: Phase;
  where: RuntimeHost | null;
  backend: Pick<BackendEvent, 'name' | 'requested' | 'skipped' | 'threads'> | null;
  device: DeviceReport | null;
  data: { split: 'train' | 'test'; loadedBytes: number; totalBytes: number; examples: number } | null;
  summary: ModelSummaryEvent | null;
  progress: Omit<ProgressEvent, 'type' | 'memory'> | null;
  memory: MemoryInfo | null;
  /** One point per training step, in step order. */
  training: TrainingPoint[];
  /** Validation-split evaluations of this run (live and at epoch ends), in step order. */
  evaluations: EvaluationPoint[];
  /** The newest score on the test split, taken only when the reader asked for it; null until then. */
  testScore: EvaluationPoint | null;
  /** The newest evaluation in full (confusion matrix, gallery), of either split. */
  lastEvaluation: EvaluationEvent | null;
  checkpoint: CheckpointInfo | null;
  prediction: PredictionEvent | null;
  notices: Notice[];
}

export function createViewModel(dataset: DatasetName): TrainerViewModel {
  return {
    dataset,
    phase: 'idle',
    where: null,
    backend: null,
    device: null,
    data: null,
    summary: null,
    progress: null,
    memory: null,
    training: [],
    evaluations: [],
    testScore: null,
    lastEvaluation: null,
    checkpoint: null,
    prediction: null,
    notices: [],
  };
}

/** Clears what belongs to one run, before a new one starts (or when resuming, keeps the curves). */
export function beginRun(vm: TrainerViewModel, { resume }: { resume: boolean }): Set<Part> {
  vm.phase = 'loading-runtime';
  vm.notices = vm.notices.filter((notice) => notice.tone !== 'error' && notice.id !== 'finished');
  if (!resume) {
    vm.training = [];
    vm.evaluations = [];
    vm.testScore = null;
    vm.progress = null;
    vm.lastEvaluation = null;
  }
  return new Set<Part>(['phase', 'notices', 'progress', 'training', 'evaluation']);
}

/** Clears everything but the dataset, as after `reset`. */
export function resetViewModel(vm: TrainerViewModel): Set<Part> {
  Object.assign(vm, createViewModel(vm.dataset), { where: vm.where, backend: vm.backend, device: vm.device });
  return new Set<Part>([
    'phase',
    'runtime',
    'data',
    'summary',
    'progress',
    'training',
    'evaluation',
    'checkpoint',
    'notices',
    'prediction',
  ]);
}

export function addNotice(vm: TrainerViewModel, notice: Notice): Set<Part> {
  vm.notices = [...vm.notices.filter((n) => n.id !== notice.id), notice];
  return new Set<Part>(['notices']);
}

export function dismissNotice(vm: TrainerViewModel, id: string): Set<Part> {
  vm.notices = vm.notices.filter((n) => n.id !== id);
  return new Set<Part>(['notices']);
}

/** The i18n key that explains an error code to the reader. */
export function errorKey(code: TrainerErrorCode): string {
  return `trainer.error.${code}`;
}

/**
 * The notice key for a runtime that did not start: the client's own code when it names one
 * (a worker of another site version, a worker that failed), else TensorFlow.js's load failure.
 */
export function startFailureKey(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'protocol-mismatch' || code === 'worker-failed' ? errorKey(code) : 'trainer.error.load';
}

/**
 * Drops points at or after `step`: after a GPU context loss the run continues from the last
 * checkpoint, so steps repeat and the curves must stay ordered for the charts.
 */
function truncateFrom<T extends { step: number }>(points: T[], step: number): T[] {
  const last = points[points.length - 1];
  if (!last || last.step < step) return points;
  return points.filter((p) => p.step < step);
}

/**
 * Validation evaluations (`live`, `epoch`) extend the validation curve; a test score (`test`,
 * or a checkpoint's `checkpoint`) replaces the one test point and never joins the curve.
 */
function foldEvaluation(vm: TrainerViewModel, event: EvaluationEvent): void {
  vm.lastEvaluation = event;
  const point: EvaluationPoint = {
    step: event.step,
    epoch: event.epoch,
    accuracy: event.result.accuracy,
    loss: event.result.loss,
    examples: event.result.count,
  };
  if (event.split === 'test') {
    vm.testScore = point;
  } else {
    vm.evaluations = truncateFrom(vm.evaluations, event.step);
    vm.evaluations.push(point);
  }
}

/**
 * Tells the reader why the backend they chose is not the one training runs on (a notice worded
 * per reason, `trainer.notice.backendFallback.<code>`), or clears that notice once it is.
 */
function applyBackendFallback(vm: TrainerViewModel, event: BackendEvent): Set<Part> {
  const fallback = backendFallback(event);
  if (!fallback) return vm.notices.some((n) => n.id === 'backend') ? dismissNotice(vm, 'backend') : new Set();
  return addNotice(vm, {
    id: 'backend',
    tone: 'warning',
    key: `trainer.notice.backendFallback.${fallback.code}`,
    values: { requested: fallback.requested, backend: fallback.chosen },
  });
}

/** Folds one runtime event into the view-model; returns the parts that changed. */
export function applyEvent(vm: TrainerViewModel, event: TrainerEvent): Set<Part> {
  const changed = new Set<Part>();
  switch (event.type) {
    case 'ready':
      vm.where = event.where;
      vm.device = event.device;
      changed.add('runtime');
      break;
    case 'backend': {
      vm.backend = {
        name: event.name,
        requested: event.requested,
        skipped: event.skipped,
        ...(event.threads !== undefined ? { threads: event.threads } : {}),
      };
      vm.where = event.where;
      vm.device = event.device;
      changed.add('runtime');
      for (const part of applyBackendFallback(vm, event)) changed.add(part);
      break;
    }
    case 'status':
      vm.phase = event.state;
      changed.add('phase');
      break;
    case 'data-progress':
      vm.data = {
        split: event.split,
        loadedBytes: event.loadedBytes,
        totalBytes: event.totalBytes,
        examples: event.examples,
      };
      changed.add('data');
      break;
    case 'model-summary':
      vm.summary = event;
      changed.add('summary');
      break;
    case 'progress': {
      const { type: _type, memory, ...progress } = event;
      vm.progress = progress;
      vm.memory = memory;
      vm.training = truncateFrom(vm.training, event.step);
      vm.training.push({ step: event.step, loss: event.loss, accuracy: event.accuracy });
      changed.add('progress').add('training');
      break;
    }
    case 'epoch-end':
      vm.memory = event.memory;
      changed.add('progress');
      break;
    case 'evaluation':
      foldEvaluation(vm, event);
      changed.add('evaluation');
      break;
    case 'checkpoint-saved':
      vm.checkpoint = event.checkpoint;
      changed.add('checkpoint');
      break;
    case 'checkpoint-restored':
      vm.checkpoint = event.checkpoint;
      changed.add('checkpoint');
      for (const part of addNotice(vm, {
        id: 'checkpoint',
        tone: 'info',
        key: `trainer.notice.restored.${event.reason}`,
        values: {
          epoch: event.checkpoint.epoch,
          step: event.checkpoint.step,
          savedAt: event.checkpoint.savedAt,
        },
      }))
        changed.add(part);
      break;
    case 'context-lost':
      addNotice(vm, {
        id: 'context',
        tone: 'warning',
        key: 'trainer.notice.contextLost',
        values: { backend: event.backend },
      });
      changed.add('notices');
      break;
    case 'context-recovered':
      vm.backend = vm.backend ? { ...vm.backend, name: event.backend } : vm.backend;
      addNotice(vm, {
        id: 'context',
        tone: 'success',
        key:
          event.fromEpoch === null
            ? 'trainer.notice.contextRecoveredRestart'
            : 'trainer.notice.contextRecovered',
        values: { backend: event.backend, epoch: event.fromEpoch ?? 0 },
      });
      changed.add('notices').add('runtime');
      break;
    case 'prediction':
      vm.prediction = event;
      changed.add('prediction');
      break;
    case 'imported':
      vm.checkpoint = event.checkpoint;
      addNotice(vm, { id: 'checkpoint', tone: 'success', key: 'trainer.notice.imported', values: {} });
      changed.add('checkpoint').add('notices');
      break;
    case 'exported':
      break;
    case 'finished':
      vm.phase = event.reason === 'completed' ? 'finished' : 'stopped';
      addNotice(vm, {
        id: 'finished',
        tone: 'success',
        key: event.reason === 'completed' ? 'trainer.notice.finished' : 'trainer.notice.stopped',
        values: { epochs: event.epochsDone, step: event.step },
      });
      changed.add('phase').add('notices');
      break;
    case 'warning':
      addNotice(vm, {
        id: 'storage',
        tone: 'warning',
        key: `trainer.warning.${event.code}`,
        values: { detail: event.message },
      });
      changed.add('notices');
      break;
    case 'error':
      if (event.fatal) {
        vm.phase = 'error';
        changed.add('phase');
      }
      addNotice(vm, {
        id: event.requestId === undefined ? 'error' : `error-${event.requestId}`,
        tone: event.fatal ? 'error' : 'warning',
        key: errorKey(event.code),
        values: { batchSize: event.suggestedBatchSize ?? '', detail: event.message },
      });
      changed.add('notices');
      break;
  }
  return changed;
}

/** True while a run holds the runtime (the form is locked and Start is not offered). */
export function isBusy(phase: Phase): boolean {
  return (
    phase === 'loading-runtime' || phase === 'loading-data' || phase === 'training' || phase === 'evaluating'
  );
}
