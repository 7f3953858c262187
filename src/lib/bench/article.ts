/**
 * The article's 2017 figures beside the committed benchmark: for each figure, the closest
 * measurement this guide has (same kind of network, same kind of hardware), so the hardware
 * chapter can say what a reader's machine would show in its place. The workloads differ
 * (TensorFlow 1.x in Python then; TensorFlow.js in a browser here), which the chapter says.
 */
import { ARTICLE_FIGURES } from '../pictures/hardware.ts';
import type { BenchBackend, BenchReport, ThroughputResult } from './results.ts';
import { bestBatchTable, comparisonTable } from './tables.ts';

/** Which network the article timed: TensorFlow's CIFAR-10 tutorial net, or its own production model. */
export type ArticleWorkload = 'tutorial' | 'production';

export interface ArticleRow {
  /** Stable id, also the i18n key's last part (`bench.article.say.<id>`). */
  id: string;
  workload: ArticleWorkload;
  /** The hardware as the article names it. */
  hardware: string;
  kind: 'cpu' | 'gpu';
  /** Training images per second the article reported. */
  imagesPerSecond: number;
  /** The closest committed measurement, or null when the report has none. */
  here: ThroughputResult | null;
}

/** FACTS.md §8: TensorFlow's built-in CIFAR demo, 770 images/s on an i7, 2,200 on a GTX 1080 Ti. */
export const ARTICLE_TUTORIAL_FIGURES = [
  { hardware: 'Intel Core i7', kind: 'cpu', imagesPerSecond: 770 },
  { hardware: 'GTX 1080 Ti', kind: 'gpu', imagesPerSecond: 2200 },
] as const;

const GPU_BACKENDS: readonly BenchBackend[] = ['webgpu', 'webgl'];

const fastest = (rows: ThroughputResult[]): ThroughputResult | null =>
  rows.reduce<ThroughputResult | null>((a, r) => (!a || r.imagesPerSecond > a.imagesPerSecond ? r : a), null);

/**
 * The committed figure that stands in for an article figure: for a CPU, the model's fastest
 * wasm lane at the main batch; for a GPU, its fastest WebGPU or WebGL cell at its best batch.
 */
export function closestMeasurement(
  report: Pick<BenchReport, 'throughput' | 'batchSweep'>,
  model: ThroughputResult['model'],
  kind: 'cpu' | 'gpu',
): ThroughputResult | null {
  const ok = (r: ThroughputResult) => !r.error && r.imagesPerSecond > 0;
  if (kind === 'cpu') {
    const row = comparisonTable(report.throughput, 'train').rows.find((r) => r.model === model);
    return fastest(Object.values(row?.cells ?? {}).filter((r) => r.backend === 'wasm' && ok(r)));
  }
  const row = bestBatchTable(report).rows.find((r) => r.model === model);
  return fastest(
    Object.values(row?.cells ?? {})
      .map((cell) => cell.best)
      .filter((r) => GPU_BACKENDS.includes(r.backend) && ok(r)),
  );
}

const slug = (hardware: string) => hardware.toLowerCase().replace(/[^a-z0-9]+/g, '-');

/** The article's seven figures in its order, each with this guide's closest measurement. */
export function articleComparison(report: Pick<BenchReport, 'throughput' | 'batchSweep'>): ArticleRow[] {
  const tutorial = ARTICLE_TUTORIAL_FIGURES.map((f) => ({
    id: `tutorial-${slug(f.hardware)}`,
    workload: 'tutorial' as const,
    hardware: f.hardware,
    kind: f.kind,
    imagesPerSecond: f.imagesPerSecond,
    here: closestMeasurement(report, 'cifar-tutorial', f.kind),
  }));
  const production = ARTICLE_FIGURES.map((f) => {
    const kind = /intel/i.test(f.hardware) ? ('cpu' as const) : ('gpu' as const);
    return {
      id: `production-${slug(f.hardware)}`,
      workload: 'production' as const,
      hardware: f.hardware,
      kind,
      imagesPerSecond: f.imagesPerSecond,
      here: closestMeasurement(report, 'cifar-modern', kind),
    };
  });
  return [...tutorial, ...production];
}
