import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type CheckpointRecord, CheckpointStoreError } from '../../src/lib/ml/checkpoint';
import type { TrainerEvent, TrainerSettings } from '../../src/lib/ml/protocol';
import { createTrainerRuntime } from '../../src/lib/ml/runtime';
import { syntheticImages } from '../../src/lib/ml/synthetic';
import { applyEvent, createViewModel } from '../../src/lib/trainer-view/view-model';
import { createIdbCheckpointStore } from '../../src/platform/checkpoint-store';

let dbCount = 0;
/** A fresh database per test, so one test's records never reach another. */
const freshName = () => `trainer-test-${++dbCount}`;

function record(epoch: number): CheckpointRecord {
  return {
    info: {
      modelId: 'mnist-mlp',
      epoch,
      step: epoch * 3,
      savedAt: '2026-01-01T00:00:00.000Z',
      settings: { modelId: 'mnist-mlp', epochs: 2, batchSize: 34, learningRate: 0.01, seed: 1 },
      validationAccuracy: null,
    },
    modelTopology: { class_name: 'Sequential' },
    weightSpecs: [{ name: 'w', shape: [2], dtype: 'float32' }],
    weightData: new Float32Array([1, 2]).buffer,
  };
}

/** Makes every `put` fail as a browser does when the origin's quota is spent. */
function fillTheDisk() {
  return vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
    throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  });
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('IndexedDB checkpoint store', () => {
  it('saves, lists, loads and deletes checkpoints', async () => {
    const store = createIdbCheckpointStore({ name: freshName() });
    await store.save(record(1));
    await store.save(record(2));
    expect((await store.list()).map((c) => c.epoch)).toEqual([2]);
    const loaded = await store.load('mnist-mlp');
    expect(Array.from(new Float32Array(loaded?.weightData ?? new ArrayBuffer(0)))).toEqual([1, 2]);
    await store.delete('mnist-mlp');
    expect(await store.load('mnist-mlp')).toBeNull();
  });

  it('rejects a save on a full disk with reason quota, keeping the last checkpoint', async () => {
    const store = createIdbCheckpointStore({ name: freshName() });
    await store.save(record(1));
    fillTheDisk();
    const failed = store.save(record(2));
    await expect(failed).rejects.toBeInstanceOf(CheckpointStoreError);
    await expect(failed).rejects.toMatchObject({ reason: 'quota', message: /Storage is full/ });
    vi.restoreAllMocks();
    expect((await store.load('mnist-mlp'))?.info.epoch).toBe(1);
  });

  it('rejects with reason blocked, instead of waiting forever, when another tab holds an older version open', async () => {
    const name = freshName();
    // Another tab (an older copy of the site) keeps its connection and ignores versionchange.
    const other = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name, 1);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    other.onversionchange = null;
    const store = createIdbCheckpointStore({ name, version: 2 });
    await expect(store.save(record(1))).rejects.toMatchObject({ reason: 'blocked', message: /another tab/ });
    other.close();
  });
});

describe('a checkpoint the disk refuses', () => {
  it('becomes a translated warning while training goes on to the end', async () => {
    await tf.setBackend('cpu');
    fillTheDisk();
    const events: TrainerEvent[] = [];
    const runtime = createTrainerRuntime({
      where: 'worker',
      post: (e) => events.push(e),
      checkpoints: createIdbCheckpointStore({ name: freshName() }),
      loadData: async (_dataset, split, { limit }) =>
        syntheticImages(limit ?? 100, [28, 28, 1], split === 'train' ? 1 : 2),
    });
    const settings: TrainerSettings = {
      modelId: 'mnist-mlp',
      epochs: 2,
      batchSize: 34,
      learningRate: 0.01,
      seed: 1,
      trainSubset: 100,
      testSubset: 100,
      backend: 'cpu',
      model: { units: [8] },
    };
    await runtime.handle({ type: 'init', dataUrl: 'x' });
    await runtime.handle({ type: 'start', settings });
    await runtime.idle();
    const warnings = events.filter((e) => e.type === 'warning');
    expect(warnings.map((w) => w.code)).toEqual(['checkpoint-quota', 'checkpoint-quota']);
    expect(events.filter((e) => e.type === 'error')).toEqual([]);
    expect(events.filter((e) => e.type === 'progress')).toHaveLength(6);
    expect(events.find((e) => e.type === 'finished')).toMatchObject({ reason: 'completed', epochsDone: 2 });
    const vm = createViewModel('mnist');
    for (const event of events) applyEvent(vm, event);
    expect(vm.notices.find((n) => n.id === 'storage')).toMatchObject({
      tone: 'warning',
      key: 'trainer.warning.checkpoint-quota',
    });
    await runtime.handle({ type: 'dispose' });
  });
});
