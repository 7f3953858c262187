/**
 * Tables drawn from a finished evaluation: per-class accuracy, the confusion matrix
 * normalised by row, the top predictions of one image, and the model summary.
 */

export interface ClassAccuracy {
  classIndex: number;
  label: string;
  correct: number;
  total: number;
  /** correct / total, NaN when the class had no test images. */
  accuracy: number;
}

/** Checks that `matrix` is square with one row per class; names the problem otherwise. */
function assertSquare(matrix: readonly (readonly number[])[], classes: number): void {
  if (matrix.length !== classes) {
    throw new RangeError(`confusion matrix has ${matrix.length} rows, expected ${classes} (one per class)`);
  }
  matrix.forEach((row, i) => {
    if (row.length !== classes) {
      throw new RangeError(`confusion matrix row ${i} has ${row.length} cells, expected ${classes}`);
    }
  });
}

/**
 * `matrix[actual][predicted]` counts test images; the diagonal holds the correct ones.
 */
export function perClassAccuracy(
  matrix: readonly (readonly number[])[],
  labels: readonly string[],
): ClassAccuracy[] {
  assertSquare(matrix, labels.length);
  return labels.map((label, i) => {
    const row = matrix[i] as readonly number[];
    const total = row.reduce((sum, count) => sum + count, 0);
    const correct = row[i] as number;
    return { classIndex: i, label, correct, total, accuracy: total > 0 ? correct / total : Number.NaN };
  });
}

/** Each row divided by its sum (the share of a class predicted as each label); empty rows stay 0. */
export function normalizeRows(matrix: readonly (readonly number[])[]): number[][] {
  return matrix.map((row) => {
    const total = row.reduce((sum, count) => sum + count, 0);
    return row.map((count) => (total > 0 ? count / total : 0));
  });
}

/** Overall accuracy from a confusion matrix. */
export function matrixAccuracy(matrix: readonly (readonly number[])[]): number {
  let correct = 0;
  let total = 0;
  matrix.forEach((row, i) => {
    row.forEach((count, j) => {
      total += count;
      if (i === j) correct += count;
    });
  });
  return total > 0 ? correct / total : Number.NaN;
}

/** The most confused pair (actual ≠ predicted) with its count, or undefined when none. */
export function worstConfusion(
  matrix: readonly (readonly number[])[],
): { actual: number; predicted: number; count: number } | undefined {
  let worst: { actual: number; predicted: number; count: number } | undefined;
  matrix.forEach((row, actual) => {
    row.forEach((count, predicted) => {
      if (actual !== predicted && count > 0 && (!worst || count > worst.count)) {
        worst = { actual, predicted, count };
      }
    });
  });
  return worst;
}

export interface RankedClass {
  classIndex: number;
  probability: number;
}

/** The `k` most probable classes, most probable first (ties keep the lower index first). */
export function topK(probabilities: ArrayLike<number>, k = 3): RankedClass[] {
  return Array.from(probabilities, (probability, classIndex) => ({ classIndex, probability }))
    .sort((a, b) => b.probability - a.probability || a.classIndex - b.classIndex)
    .slice(0, k);
}

/** `[null, 28, 28, 8]` → `28×28×8` (the batch dimension is dropped). */
export function formatShape(shape: readonly (number | null)[]): string {
  const dims = shape[0] === null || shape[0] === undefined || shape[0] === -1 ? shape.slice(1) : shape;
  return dims.map((d) => (d === null ? '?' : String(d))).join('×');
}
