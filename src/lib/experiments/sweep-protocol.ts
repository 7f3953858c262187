/** Messages between the kernel-sweep island and its worker. */
import type { SweepBudget, SweepPoint } from './kernel-sweep';
import type { PointProgress } from './run-point';
import type { SweepPointResult } from './sweep-result';

/** Backends the sweep offers: the ones that need no GPU (wasm, and cpu as the fallback). */
export type SweepBackend = 'wasm' | 'cpu';

export type SweepCommand =
  | {
      type: 'run';
      /** Absolute URL of the data folder (holding `mnist/manifest.json`). */
      dataUrl: string;
      backend: SweepBackend;
      points: SweepPoint[];
      budget: SweepBudget;
    }
  | { type: 'stop' };

export type SweepEvent =
  | { type: 'loading' }
  | { type: 'backend'; name: string; fallbackReason?: string }
  | ({ type: 'progress' } & PointProgress)
  | { type: 'result'; result: SweepPointResult }
  | { type: 'done'; stopped: boolean }
  | { type: 'error'; message: string };
