import { MathInputError } from './errors';

/** A point in one or two dimensions. */
export type Point = number[];

/** A function to minimise, with its derivative worked out by hand. */
export interface Objective {
  id: string;
  dimensions: 1 | 2;
  /** Human-readable formula, e.g. "(x − 3)²". */
  formula: string;
  value(point: Point): number;
  /** The analytic gradient: one partial derivative per dimension. */
  gradient(point: Point): Point;
  /** Where the minimum lies, for checking convergence. */
  minimum: Point;
}

/** f(x) = (x − 3)², minimum at x = 3; each step scales the distance by (1 − 2·rate). */
export const parabola: Objective = {
  id: 'parabola',
  dimensions: 1,
  formula: '(x − 3)²',
  value: ([x = 0]) => (x - 3) ** 2,
  gradient: ([x = 0]) => [2 * (x - 3)],
  minimum: [3],
};

/**
 * f(x, y) = x² + 10y², a long narrow bowl: steep in y, shallow in x. Descent is stable
 * only for rates below 0.1 (the y factor is 1 − 20·rate) and zigzags in y near that limit.
 */
export const bowl: Objective = {
  id: 'bowl',
  dimensions: 2,
  formula: 'x² + 10y²',
  value: ([x = 0, y = 0]) => x ** 2 + 10 * y ** 2,
  gradient: ([x = 0, y = 0]) => [2 * x, 20 * y],
  minimum: [0, 0],
};

export const OBJECTIVES: Record<string, Objective> = { parabola, bowl };

/**
 * Central-difference estimate of the gradient: (f(p + h·eᵢ) − f(p − h·eᵢ)) / 2h per
 * dimension. Its error shrinks like h², so h = 1e-5 agrees with the analytic gradient to
 * about 1e-9 on these smooth functions.
 */
export function numericGradient(f: (point: Point) => number, point: Point, h = 1e-5): Point {
  return point.map((_, i) => {
    const plus = point.slice();
    const minus = point.slice();
    plus[i] = (plus[i] ?? 0) + h;
    minus[i] = (minus[i] ?? 0) - h;
    return (f(plus) - f(minus)) / (2 * h);
  });
}

export interface DescentStep {
  step: number;
  point: Point;
  value: number;
  gradient: Point;
  numericGradient: Point;
}

export interface DescentOptions {
  start: Point;
  learningRate: number;
  steps: number;
}

/** The largest number of steps one call will run, to keep the page responsive. */
export const MAX_STEPS = 1000;

/**
 * Runs gradient descent, p ← p − rate·∇f(p), and returns every point visited, starting
 * with step 0 at `start`. Stops early if the values overflow to a non-finite number
 * (the last entry then shows where it blew up).
 */
export function descend(objective: Objective, options: DescentOptions): DescentStep[] {
  const { start, learningRate, steps } = options;
  if (!Number.isFinite(learningRate) || learningRate <= 0) {
    throw new MathInputError(
      'bad-learning-rate',
      `The learning rate is ${learningRate}; it must be a number greater than 0.`,
      { value: learningRate },
    );
  }
  if (!Number.isInteger(steps) || steps < 0 || steps > MAX_STEPS) {
    throw new MathInputError(
      'bad-steps',
      `The number of steps is ${steps}; it must be a whole number from 0 to ${MAX_STEPS}.`,
      { value: steps, max: MAX_STEPS },
    );
  }
  if (start.length !== objective.dimensions || !start.every(Number.isFinite)) {
    throw new MathInputError(
      'bad-start',
      `The starting point (${start.join(', ')}) must be ${objective.dimensions} finite number(s) for ${objective.formula}.`,
      { value: start.join(', '), dimensions: objective.dimensions },
    );
  }
  const record = (step: number, point: Point): DescentStep => ({
    step,
    point,
    value: objective.value(point),
    gradient: objective.gradient(point),
    numericGradient: numericGradient(objective.value, point),
  });
  const history = [record(0, start.slice())];
  for (let step = 1; step <= steps; step++) {
    const last = history[history.length - 1] as DescentStep;
    const point = last.point.map((p, i) => p - learningRate * (last.gradient[i] ?? 0));
    const next = record(step, point);
    history.push(next);
    if (!Number.isFinite(next.value)) break;
  }
  return history;
}
