/**
 * Classification metrics computed on plain arrays (after `await tensor.data()`), so they are
 * the same on every backend and testable against hand-computed values.
 */

export interface ClassMetrics {
  label: number;
  precision: number;
  recall: number;
  /** Test examples whose true label is this class. */
  support: number;
}
export interface GalleryItem {
  /** Index in the test split. */
  index: number;
  label: number;
  predicted: number;
  /** Highest three classes, most probable first. */
  top3: { label: number; probability: number }[];
  /** The image as shown to the model before cropping, HWC, 0..255. */
  pixels: Uint8Array;
  shape: [number, number, number];
}
export interface EvaluationResult {
  count: number;
  loss: number;
  accuracy: number;
  /** e.g. `[{ k: 1, accuracy }, { k: 3, accuracy }, { k: 5, accuracy }]`. */
  topK: { k: number; accuracy: number }[];
  perClass: ClassMetrics[];
  /** `confusion[trueLabel][predictedLabel]` = count. */
  confusion: number[][];
  /** A fixed sample of test predictions (same indices every time, so readers see them change). */
  gallery: GalleryItem[];
  durationMs: number;
}

function checkLabel(name: string, value: number, classes: number, index: number): void {
  if (!Number.isInteger(value) || value < 0 || value >= classes) {
    throw new Error(`${name}[${index}] must be an integer class in 0..${classes - 1}; got ${value}.`);
  }
}

/** `confusion[trueLabel][predictedLabel]` = count. Throws on mismatched lengths or labels out of range. */
export function confusionMatrix(
  labels: ArrayLike<number>,
  predicted: ArrayLike<number>,
  classes = 10,
): number[][] {
  if (labels.length !== predicted.length) {
    throw new Error(
      `confusionMatrix: ${labels.length} labels but ${predicted.length} predictions; pass one prediction per label.`,
    );
  }
  const matrix = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  addToConfusion(matrix, labels, predicted);
  return matrix;
}

/** Adds a batch to an existing confusion matrix (the evaluator accumulates batch by batch). */
export function addToConfusion(
  matrix: number[][],
  labels: ArrayLike<number>,
  predicted: ArrayLike<number>,
): void {
  const classes = matrix.length;
  for (let i = 0; i < labels.length; i++) {
    const t = labels[i] as number;
    const p = predicted[i] as number;
    checkLabel('labels', t, classes, i);
    checkLabel('predicted', p, classes, i);
    (matrix[t] as number[])[p] = ((matrix[t] as number[])[p] as number) + 1;
  }
}

/** Correct / total from a confusion matrix; 0 for an empty matrix. */
export function accuracyFromConfusion(matrix: number[][]): number {
  let correct = 0;
  let total = 0;
  matrix.forEach((row, t) => {
    row.forEach((n, p) => {
      total += n;
      if (t === p) correct += n;
    });
  });
  return total === 0 ? 0 : correct / total;
}

/**
 * Precision (of the examples predicted as c, the share that are c) and recall (of the examples
 * that are c, the share predicted as c) per class. A class never predicted has precision 0; a
 * class absent from the data has recall 0 and support 0.
 */
export function perClassMetrics(matrix: number[][]): ClassMetrics[] {
  return matrix.map((row, c) => {
    const tp = row[c] as number;
    const support = row.reduce((a, b) => a + b, 0);
    const predictedAsC = matrix.reduce((a, r) => a + (r[c] as number), 0);
    return {
      label: c,
      precision: predictedAsC === 0 ? 0 : tp / predictedAsC,
      recall: support === 0 ? 0 : tp / support,
      support,
    };
  });
}

/**
 * Unweighted means of per-class precision and recall: every class counts the same, so a class
 * the model gives up on drags the figure down even when it is rare. Classes with no support
 * are left out of both means (they have nothing to recall).
 */
export function macroAverages(perClass: readonly ClassMetrics[]): { precision: number; recall: number } {
  const present = perClass.filter((c) => c.support > 0);
  if (present.length === 0) return { precision: 0, recall: 0 };
  const mean = (pick: (c: ClassMetrics) => number) =>
    present.reduce((sum, c) => sum + pick(c), 0) / present.length;
  return { precision: mean((c) => c.precision), recall: mean((c) => c.recall) };
}

/** One unordered pair of classes and how often the model mixed them up, both ways. */
export interface ConfusedPair {
  /** The lower class index of the pair. */
  a: number;
  b: number;
  /** Examples of `a` predicted as `b`. */
  aAsB: number;
  /** Examples of `b` predicted as `a`. */
  bAsA: number;
}

/**
 * The `count` pairs of classes most often confused with each other (both directions summed),
 * most confused first; ties go to the lower pair of indices. Pairs never confused are left out.
 */
export function mostConfusedPairs(matrix: number[][], count: number): ConfusedPair[] {
  const pairs: ConfusedPair[] = [];
  for (let a = 0; a < matrix.length; a++) {
    for (let b = a + 1; b < matrix.length; b++) {
      const aAsB = matrix[a]?.[b] ?? 0;
      const bAsA = matrix[b]?.[a] ?? 0;
      if (aAsB + bAsA > 0) pairs.push({ a, b, aAsB, bAsA });
    }
  }
  return pairs.sort((x, y) => y.aAsB + y.bAsA - (x.aAsB + x.bAsA) || x.a - y.a || x.b - y.b).slice(0, count);
}

/** The k most probable classes of one row, most probable first (ties: lower class first). */
export function topClasses(
  probabilities: ArrayLike<number>,
  k: number,
): { label: number; probability: number }[] {
  return Array.from(probabilities, (probability, label) => ({ label, probability }))
    .sort((a, b) => b.probability - a.probability || a.label - b.label)
    .slice(0, k);
}

/** Index of the largest value (first on ties). */
export function argMax(values: ArrayLike<number>, offset = 0, length = values.length): number {
  let best = 0;
  for (let i = 1; i < length; i++)
    if ((values[offset + i] as number) > (values[offset + best] as number)) best = i;
  return best;
}

/**
 * Counts rows whose true class is among the k most probable. `probabilities` is row-major
 * `[rows, classes]`. A class counts as in the top k when fewer than k classes beat it strictly.
 */
export function countTopK(
  probabilities: ArrayLike<number>,
  labels: ArrayLike<number>,
  classes: number,
  k: number,
): number {
  let hits = 0;
  for (let r = 0; r < labels.length; r++) {
    const offset = r * classes;
    const truth = probabilities[offset + (labels[r] as number)] as number;
    let above = 0;
    for (let c = 0; c < classes; c++) if ((probabilities[offset + c] as number) > truth) above++;
    if (above < k) hits++;
  }
  return hits;
}

/** Mean cross-entropy of the true class, with probabilities clipped at 1e-7 as Keras does. */
export function sumCrossEntropy(
  probabilities: ArrayLike<number>,
  labels: ArrayLike<number>,
  classes: number,
): number {
  let sum = 0;
  for (let r = 0; r < labels.length; r++) {
    const p = probabilities[r * classes + (labels[r] as number)] as number;
    sum -= Math.log(Math.min(Math.max(p, 1e-7), 1 - 1e-7));
  }
  return sum;
}

/**
 * Throughput over a sliding window of recent steps, so the figure settles after warm-up
 * (the first steps compile shaders) instead of averaging it in forever.
 */
export class ThroughputMeter {
  private readonly steps: { ms: number; images: number }[] = [];
  constructor(private readonly window = 20) {}

  record(ms: number, images: number): void {
    this.steps.push({ ms, images });
    if (this.steps.length > this.window) this.steps.shift();
  }

  /** Images per second over the window; 0 before the first step. */
  get imagesPerSec(): number {
    const ms = this.steps.reduce((a, s) => a + s.ms, 0);
    const images = this.steps.reduce((a, s) => a + s.images, 0);
    return ms === 0 ? 0 : (images * 1000) / ms;
  }

  /** Mean milliseconds per step over the window; 0 before the first step. */
  get msPerStep(): number {
    return this.steps.length === 0 ? 0 : this.steps.reduce((a, s) => a + s.ms, 0) / this.steps.length;
  }

  /** Seconds for `remainingSteps` more steps at the current pace. */
  etaSeconds(remainingSteps: number): number {
    return (remainingSteps * this.msPerStep) / 1000;
  }
}
