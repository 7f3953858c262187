/**
 * IndexedDB checkpoint store, usable from the page and from the training worker. One record
 * per model id holds topology, weights and resume information together, so a checkpoint is
 * written atomically (one transaction) and a half-saved epoch can never be restored.
 */
import type { CheckpointRecord, CheckpointStore } from '../lib/ml/checkpoint';
import { createMemoryCheckpointStore } from '../lib/ml/checkpoint';
import type { CheckpointInfo, ModelId } from '../lib/ml/protocol';

const DB_NAME = 'ml-guide-trainer';
const DB_VERSION = 1;
const STORE = 'checkpoints';

function promisify<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed.'));
  });
}

function openDb(): Promise<IDBDatabase> {
  const request = indexedDB.open(DB_NAME, DB_VERSION);
  request.onupgradeneeded = () => {
    const db = request.result;
    if (!db.objectStoreNames.contains(STORE)) db.createObjectStore(STORE, { keyPath: 'info.modelId' });
  };
  return promisify(request);
}

async function withStore<T>(
  mode: IDBTransactionMode,
  run: (store: IDBObjectStore) => IDBRequest<T>,
): Promise<T> {
  const db = await openDb();
  try {
    const tx = db.transaction(STORE, mode);
    const result = await promisify(run(tx.objectStore(STORE)));
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed.'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted (storage full?).'));
    });
    return result;
  } finally {
    db.close();
  }
}

/** IndexedDB-backed store; falls back to memory (checkpoints then last only until reload) without IndexedDB. */
export function createIdbCheckpointStore(): CheckpointStore {
  if (typeof indexedDB === 'undefined') return createMemoryCheckpointStore();
  return {
    async save(record: CheckpointRecord) {
      await withStore('readwrite', (store) => store.put(record));
    },
    async load(modelId: ModelId) {
      const record = await withStore(
        'readonly',
        (store) => store.get(modelId) as IDBRequest<CheckpointRecord | undefined>,
      );
      return record ?? null;
    },
    async list(): Promise<CheckpointInfo[]> {
      const records = await withStore(
        'readonly',
        (store) => store.getAll() as IDBRequest<CheckpointRecord[]>,
      );
      return records.map((r) => r.info);
    },
    async delete(modelId?: ModelId) {
      await withStore('readwrite', (store) => (modelId ? store.delete(modelId) : store.clear()));
    },
  };
}
