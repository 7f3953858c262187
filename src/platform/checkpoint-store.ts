/**
 * IndexedDB checkpoint store (through `idb`), usable from the page and from the training
 * worker. One record per model id holds topology, weights and resume information together, so
 * a checkpoint is written atomically (one transaction) and a half-saved epoch can never be
 * restored. A full disk or a database blocked by another tab rejects with a
 * `CheckpointStoreError` whose `reason` the runtime turns into a notice.
 */
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import {
  type CheckpointRecord,
  type CheckpointStore,
  CheckpointStoreError,
  createMemoryCheckpointStore,
  storageFailure,
} from '../lib/ml/checkpoint';
import type { CheckpointInfo, ModelId } from '../lib/ml/protocol';

const DB_NAME = 'ml-guide-trainer';
const DB_VERSION = 1;
const STORE = 'checkpoints';

interface TrainerDb extends DBSchema {
  checkpoints: { key: ModelId; value: CheckpointRecord };
}

export interface IdbCheckpointStoreOptions {
  /** Default `ml-guide-trainer`. */
  name?: string;
  /** Default 1; a later site version that changes the schema raises it. */
  version?: number;
}

/** Opens the database; rejects (instead of waiting forever) when another tab's connection blocks it. */
function open(name: string, version: number): Promise<IDBPDatabase<TrainerDb>> {
  return new Promise((resolve, reject) => {
    let blocked = false;
    openDB<TrainerDb>(name, version, {
      upgrade(db) {
        if (!db.objectStoreNames.contains(STORE)) db.createObjectStore(STORE, { keyPath: 'info.modelId' });
      },
      blocked() {
        blocked = true;
        reject(
          new CheckpointStoreError(
            'blocked',
            `IndexedDB '${name}' is held open at an older version by another tab of this site; close it to save checkpoints.`,
          ),
        );
      },
      // A newer version of the site in another tab wants the database: let it have it.
      blocking(_current, _blocked, event) {
        (event.target as IDBDatabase).close();
      },
    }).then(
      (db) => {
        if (blocked)
          db.close(); // opened after all, once the other tab let go; nobody waits for it now
        else resolve(db);
      },
      (error) => reject(error),
    );
  });
}

/** IndexedDB-backed store; falls back to memory (checkpoints then last only until reload) without IndexedDB. */
export function createIdbCheckpointStore(options: IdbCheckpointStoreOptions = {}): CheckpointStore {
  if (typeof indexedDB === 'undefined') return createMemoryCheckpointStore();
  const name = options.name ?? DB_NAME;
  const version = options.version ?? DB_VERSION;
  // A connection per operation, closed after it, so this tab never blocks another's upgrade.
  const withDb = async <T>(run: (db: IDBPDatabase<TrainerDb>) => Promise<T>): Promise<T> => {
    const db = await open(name, version);
    try {
      return await run(db);
    } finally {
      db.close();
    }
  };
  return {
    async save(record: CheckpointRecord) {
      try {
        await withDb(async (db) => {
          const tx = db.transaction(STORE, 'readwrite');
          await Promise.all([tx.store.put(record), tx.done]);
        });
      } catch (error) {
        if (error instanceof CheckpointStoreError) throw error;
        const reason = storageFailure(error);
        const detail = error instanceof Error ? error.message : String(error);
        throw new CheckpointStoreError(
          reason,
          reason === 'quota' ? `Storage is full: ${detail}` : `IndexedDB refused the checkpoint: ${detail}`,
        );
      }
    },
    async load(modelId: ModelId) {
      return (await withDb((db) => db.get(STORE, modelId))) ?? null;
    },
    async list(): Promise<CheckpointInfo[]> {
      const records = await withDb((db) => db.getAll(STORE));
      return records.map((r) => r.info);
    },
    async delete(modelId?: ModelId) {
      await withDb((db) => (modelId ? db.delete(STORE, modelId) : db.clear(STORE)));
    },
  };
}
