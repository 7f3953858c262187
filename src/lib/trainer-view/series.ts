/**
 * Chart series for the training curves, shaped for uPlot (`[xs, ...ys]`, one array per
 * series, aligned by index) and for the tables that mirror each chart.
 */

/** One training batch: step counts gradient updates from 1. */
export interface TrainingPoint {
  step: number;
  loss: number;
  /** Accuracy on this batch, 0–1. */
  accuracy: number;
}

/** One evaluation on a held-out split (validation or test), taken after `step` updates. */
export interface EvaluationPoint {
  step: number;
  /** 0-based epoch the step belongs to. */
  epoch: number;
  /** Accuracy on the split, 0–1. */
  accuracy: number;
  loss: number;
  /** Examples evaluated. */
  examples: number;
}

/**
 * Averages consecutive points into at most `maxPoints` buckets so a long run stays cheap
 * to draw; each bucket keeps its last step, so the curve ends where training is.
 */
export function downsample(points: readonly TrainingPoint[], maxPoints: number): TrainingPoint[] {
  if (maxPoints < 1) throw new RangeError(`maxPoints must be at least 1, got ${maxPoints}`);
  if (points.length <= maxPoints) return points.slice();
  const size = Math.ceil(points.length / maxPoints);
  const out: TrainingPoint[] = [];
  for (let start = 0; start < points.length; start += size) {
    const bucket = points.slice(start, start + size);
    const last = bucket[bucket.length - 1] as TrainingPoint;
    out.push({
      step: last.step,
      loss: bucket.reduce((sum, p) => sum + p.loss, 0) / bucket.length,
      accuracy: bucket.reduce((sum, p) => sum + p.accuracy, 0) / bucket.length,
    });
  }
  return out;
}

/** `[steps, losses, accuracies]` for the training chart. */
export function trainingSeries(
  points: readonly TrainingPoint[],
  maxPoints = 400,
): [number[], number[], number[]] {
  const shown = downsample(points, maxPoints);
  return [shown.map((p) => p.step), shown.map((p) => p.loss), shown.map((p) => p.accuracy)];
}

/**
 * `[steps, validationAccuracies, testAccuracies]` for the evaluation chart: the validation
 * curve, and the test score (when the reader asked for one) as a lone point at its step. Gaps
 * are null; a test score at the step of a validation point shares its x.
 */
export function evaluationSeries(
  points: readonly EvaluationPoint[],
  test: EvaluationPoint | null = null,
): [number[], (number | null)[], (number | null)[]] {
  const steps = points.map((p) => p.step);
  const validation: (number | null)[] = points.map((p) => p.accuracy);
  const tests: (number | null)[] = points.map(() => null);
  if (test) {
    let at = steps.findIndex((step) => step >= test.step);
    if (at === -1) at = steps.length;
    if (steps[at] !== test.step) {
      steps.splice(at, 0, test.step);
      validation.splice(at, 0, null);
      tests.splice(at, 0, null);
    }
    tests[at] = test.accuracy;
  }
  return [steps, validation, tests];
}

/**
 * Rows for the table twin of the training chart: at most `maxRows`, evenly spread over
 * the run and always including the latest batch (what a screen-reader user asks first).
 */
export function trainingTableRows(points: readonly TrainingPoint[], maxRows = 12): TrainingPoint[] {
  if (points.length <= maxRows) return points.slice();
  const rows: TrainingPoint[] = [];
  for (let i = 0; i < maxRows; i++) {
    const index = Math.round((i * (points.length - 1)) / (maxRows - 1));
    rows.push(points[index] as TrainingPoint);
  }
  return rows;
}
