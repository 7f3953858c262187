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

/** One evaluation on the test set, taken after `step` updates. */
export interface EvaluationPoint {
  step: number;
  epoch: number;
  /** Test accuracy, 0–1. */
  accuracy: number;
  loss: number;
  /** Test examples evaluated. */
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

/** `[steps, testAccuracies]` for the evaluation chart. */
export function evaluationSeries(points: readonly EvaluationPoint[]): [number[], number[]] {
  return [points.map((p) => p.step), points.map((p) => p.accuracy)];
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
