import type { DatasetName, LoadProgress } from '../../lib/data/loader';

/** Messages between the explorer's page script and its worker. */
export interface ExplorerRequest {
  id: number;
  /** Absolute URL of the data folder. */
  dataUrl: string;
  dataset: DatasetName;
  /** Examples of the test split to load (the first shard). */
  limit: number;
}

export type ExplorerResponse =
  | { id: number; type: 'progress'; progress: LoadProgress }
  | {
      id: number;
      type: 'loaded';
      images: Uint8Array;
      labels: Uint8Array;
      count: number;
      shape: [number, number, number];
      milliseconds: number;
    }
  | {
      id: number;
      type: 'error';
      message: string;
      /** `worker`: the worker itself failed (did not load, crashed, or sent a message that could not be read). */
      code: 'missing' | 'network' | 'integrity' | 'format' | 'worker' | 'other';
      shard: string;
      expected?: string;
      actual?: string;
    };
