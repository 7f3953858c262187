/**
 * The hardware chapter's bar chart, as data: the article's 2017 figures and the fastest backend
 * of each model on the reference machine. The two are different workloads (the article's
 * production CIFAR model in TensorFlow; this guide's models in a browser), which the chart's
 * group labels say.
 */
import type { BenchBackend, BenchReport, ThroughputResult } from '../bench/results.ts';
import type { ModelId } from '../ml/catalog.ts';

export interface ArticleFigure {
  /** The hardware as the article names it. */
  hardware: string;
  /** Training images per second on the article's production CIFAR-10 model. */
  imagesPerSecond: number;
}

/** FACTS.md: "With a real production model on CIFAR (same settings), images/s". */
export const ARTICLE_FIGURES: readonly ArticleFigure[] = [
  { hardware: 'Intel Core i5', imagesPerSecond: 19 },
  { hardware: 'Intel Core i7', imagesPerSecond: 25 },
  { hardware: 'GTX 960', imagesPerSecond: 140 },
  { hardware: 'GTX 1080', imagesPerSecond: 460 },
  { hardware: 'GTX 1080 Ti', imagesPerSecond: 620 },
];

export interface SpeedBar {
  model: ModelId;
  backend: BenchBackend;
  imagesPerSecond: number;
}

/**
 * One bar per model: its fastest successful backend for training (the main table's batch),
 * in the order the results list the models. Failed, zero and forward-only measurements are
 * left out.
 */
export function fastestPerModel(results: readonly ThroughputResult[]): SpeedBar[] {
  const best = new Map<ModelId, SpeedBar>();
  for (const r of results) {
    if (r.error || !(r.imagesPerSecond > 0) || r.mode !== 'train') continue;
    const known = best.get(r.model);
    if (!known || r.imagesPerSecond > known.imagesPerSecond) {
      best.set(r.model, { model: r.model, backend: r.backend, imagesPerSecond: r.imagesPerSecond });
    }
  }
  return [...best.values()];
}

/** The reference machine's bars: the first report (by machine id) when several are committed. */
export function referenceBars(
  reports: readonly BenchReport[],
): { report: BenchReport; bars: SpeedBar[] } | null {
  const report = [...reports].sort((a, b) => a.machine.id.localeCompare(b.machine.id))[0];
  return report ? { report, bars: fastestPerModel(report.throughput) } : null;
}
