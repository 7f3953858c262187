/**
 * The benchmark's tables as data, shared by `npm run bench`'s Markdown, the hardware chapter
 * (`BenchmarkTable.astro`) and the reader's benchmark island, so all three compare the same way:
 * one column per backend (wasm once per thread count), one row per model. A comparison table
 * refuses rows measured at different batch sizes; the best-batch table names each cell's batch.
 */
import type { ModelId } from '../ml/catalog.ts';
import {
  BENCH_BACKENDS,
  BENCH_MODELS,
  type BenchBackend,
  type BenchMode,
  type BenchReport,
  mixedBatchProblem,
  type ThroughputResult,
} from './results.ts';

/** A table column: a backend, and for wasm its thread count (`wasm`, `wasm-2t`). */
export interface Lane {
  key: string;
  backend: BenchBackend;
  threads: number;
}

export function laneOf(r: Pick<ThroughputResult, 'backend' | 'threads'>): Lane {
  const threads = r.backend === 'wasm' ? r.threads : 1;
  return { key: threads > 1 ? `${r.backend}-${threads}t` : r.backend, backend: r.backend, threads };
}

/** The lanes present in `results`, in backend order (wasm first), fewer threads first. */
export function lanesOf(results: readonly ThroughputResult[]): Lane[] {
  const lanes = new Map<string, Lane>();
  for (const r of results) lanes.set(laneOf(r).key, laneOf(r));
  return [...lanes.values()].sort(
    (a, b) => BENCH_BACKENDS.indexOf(a.backend) - BENCH_BACKENDS.indexOf(b.backend) || a.threads - b.threads,
  );
}

const rate = (r: ThroughputResult | undefined): number | null =>
  r && !r.error && r.imagesPerSecond > 0 ? r.imagesPerSecond : null;

const modelsOf = (results: readonly ThroughputResult[]): ModelId[] =>
  BENCH_MODELS.filter((m) => results.some((r) => r.model === m));

export interface ComparisonRow {
  model: ModelId;
  /** By lane key. */
  cells: Record<string, ThroughputResult>;
  /** Fastest wasm lane ÷ fastest other backend, when both were measured. */
  speedup: number | null;
}

export interface ComparisonTable {
  mode: BenchMode;
  /** The one batch size every cell was measured at. */
  batchSize: number;
  lanes: Lane[];
  rows: ComparisonRow[];
}

function speedupOf(cells: Record<string, ThroughputResult>): number | null {
  const values = Object.values(cells);
  const best = (pick: (r: ThroughputResult) => boolean) => {
    const rates = values
      .filter(pick)
      .map(rate)
      .filter((v): v is number => v !== null);
    return rates.length > 0 ? Math.max(...rates) : null;
  };
  const wasm = best((r) => r.backend === 'wasm');
  const other = best((r) => r.backend !== 'wasm');
  return wasm !== null && other !== null ? wasm / other : null;
}

/**
 * The `mode` rows of `results` as one comparison. Throws when they were measured at more
 * than one batch size: such a table would compare unequal work.
 */
export function comparisonTable(
  results: readonly ThroughputResult[],
  mode: BenchMode = 'train',
): ComparisonTable {
  const rows = results.filter((r) => r.mode === mode);
  const problem = mixedBatchProblem(rows);
  if (problem) throw new Error(`This table cannot be drawn: ${problem}.`);
  return {
    mode,
    batchSize: rows[0]?.batchSize ?? 0,
    lanes: lanesOf(rows),
    rows: modelsOf(rows).map((model) => {
      const cells: Record<string, ThroughputResult> = {};
      for (const r of rows) if (r.model === model) cells[laneOf(r).key] = r;
      return { model, cells, speedup: speedupOf(cells) };
    }),
  };
}

export interface BestBatchCell {
  /** The fastest successful training measurement of this model on this lane. */
  best: ThroughputResult;
  /** The batch sizes that were measured successfully, ascending. */
  tried: number[];
}

export interface BestBatchTable {
  lanes: Lane[];
  rows: { model: ModelId; cells: Record<string, BestBatchCell> }[];
}

/**
 * Each backend at its own best batch: the training rows of the main table (one batch) and of
 * the batch sweep pooled, the fastest kept per model and lane. Each cell names its batch.
 */
export function bestBatchTable(report: Pick<BenchReport, 'throughput' | 'batchSweep'>): BestBatchTable {
  const pool = [...report.throughput, ...report.batchSweep].filter(
    (r) => r.mode === 'train' && rate(r) !== null,
  );
  return {
    lanes: lanesOf(pool),
    rows: modelsOf(pool).map((model) => {
      const cells: Record<string, BestBatchCell> = {};
      for (const r of pool) {
        if (r.model !== model) continue;
        const key = laneOf(r).key;
        const cell = cells[key];
        if (!cell) cells[key] = { best: r, tried: [r.batchSize] };
        else {
          if (!cell.tried.includes(r.batchSize))
            cell.tried = [...cell.tried, r.batchSize].sort((a, b) => a - b);
          if (r.imagesPerSecond > cell.best.imagesPerSecond) cell.best = r;
        }
      }
      return { model, cells };
    }),
  };
}
