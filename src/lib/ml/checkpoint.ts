/**
 * Checkpoints: a model's TF.js artifacts (topology + weights) with what the page needs to
 * resume (`CheckpointInfo`). The store is injected so the runtime runs against IndexedDB in
 * the browser (`src/platform/checkpoint-store.ts`) and against memory in Node tests.
 */
import type { io } from '@tensorflow/tfjs';
import type { CheckpointInfo, ModelId } from './protocol';

export interface CheckpointRecord {
  info: CheckpointInfo;
  /** `model.json`'s `modelTopology`. */
  modelTopology: object;
  weightSpecs: io.WeightsManifestEntry[];
  /** All weights concatenated, in `weightSpecs` order. */
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
