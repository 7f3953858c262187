/**
 * The error analysis beside the confusion matrix: precision and recall per class with their
 * macro averages, and the pairs of classes the model mixes up most, named for the reader.
 * The arithmetic is `metrics.ts`'s; this module only puts names on it.
 */
import { type ConfusedPair, macroAverages, mostConfusedPairs, perClassMetrics } from '../ml/metrics';

export interface ClassPrecisionRecall {
  label: string;
  /** Of the images predicted as this class, the share that are it (0 when never predicted). */
  precision: number;
  /** Of the images of this class, the share predicted as it. */
  recall: number;
  /** Images of this class in the evaluated split. */
  support: number;
}

export interface NamedPair extends ConfusedPair {
  nameA: string;
  nameB: string;
}

export interface ErrorAnalysis {
  rows: ClassPrecisionRecall[];
  macro: { precision: number; recall: number };
  /** Most confused first; pairs never confused are left out. */
  pairs: NamedPair[];
}

/** `confusion[actual][predicted]` counts; `labels` the class names in label order. */
export function analyseErrors(
  confusion: number[][],
  labels: readonly string[],
  pairCount = 3,
): ErrorAnalysis {
  if (confusion.length !== labels.length) {
    throw new RangeError(
      `confusion matrix has ${confusion.length} rows but ${labels.length} class names were given; pass one name per class.`,
    );
  }
  const perClass = perClassMetrics(confusion);
  const name = (i: number) => labels[i] ?? String(i);
  return {
    rows: perClass.map((c) => ({
      label: name(c.label),
      precision: c.precision,
      recall: c.recall,
      support: c.support,
    })),
    macro: macroAverages(perClass),
    pairs: mostConfusedPairs(confusion, pairCount).map((p) => ({ ...p, nameA: name(p.a), nameB: name(p.b) })),
  };
}
