/**
 * Checkpoints: a model's TF.js artifacts (topology + weights) with what the page needs to
 * resume (`CheckpointInfo`). The store is injected so the runtime runs against IndexedDB in
 * the browser (`src/platform/checkpoint-store.ts`) and against memory in Node tests.
 */
import type { io } from '@tensorflow/tfjs';
import type { CheckpointInfo, ModelId, OptimizerName } from './protocol';

export interface CheckpointRecord {
  info: CheckpointInfo;
  /** `model.json`'s `modelTopology`. */
  modelTopology: object;
  weightSpecs: io.WeightsManifestEntry[];
  /** All weights concatenated, in `weightSpecs` order. */
  weightData: ArrayBuffer;
  /** The optimizer's state when saved (absent in checkpoints from before it was kept, and in imports). */
  optimizer?: OptimizerState;
}

/**
 * An optimizer's `getWeights()` encoded like the model's weights: the iteration count first,
 * then its slots (Adam: first and second moments), so a resumed run continues where it was.
 */
export interface OptimizerState {
  name: OptimizerName;
  weightSpecs: io.WeightsManifestEntry[];
  weightData: ArrayBuffer;
}

export interface CheckpointStore {
  save(record: CheckpointRecord): Promise<void>;
  load(modelId: ModelId): Promise<CheckpointRecord | null>;
  list(): Promise<CheckpointInfo[]>;
  /** Deletes one model's checkpoint, or every checkpoint when `modelId` is omitted. */
  delete(modelId?: ModelId): Promise<void>;
}

/** Keeps checkpoints in memory: Node tests, and browsers where IndexedDB is blocked. */
export function createMemoryCheckpointStore(): CheckpointStore {
  const records = new Map<ModelId, CheckpointRecord>();
  return {
    async save(record) {
      records.set(record.info.modelId, { ...record, weightData: record.weightData.slice(0) });
    },
    async load(modelId) {
      return records.get(modelId) ?? null;
    },
    async list() {
      return [...records.values()].map((r) => r.info);
    },
    async delete(modelId) {
      if (modelId) records.delete(modelId);
      else records.clear();
    },
  };
}

/** Why a checkpoint could not be written: storage full, the database blocked by another tab, or anything else. */
export type StorageFailure = 'quota' | 'blocked' | 'other';

/** A checkpoint store's failure, with its `reason` for the reader's notice. */
export class CheckpointStoreError extends Error {
  constructor(
    readonly reason: StorageFailure,
    message: string,
  ) {
    super(message);
    this.name = 'CheckpointStoreError';
  }
}

/** Classifies a failed save: `QuotaExceededError` (a DOMException, in any realm) is `quota`. */
export function storageFailure(error: unknown): StorageFailure {
  if (error instanceof CheckpointStoreError) return error.reason;
  if (error instanceof Error && error.name === 'QuotaExceededError') return 'quota';
  return 'other';
}
