/**
 * Comparing a backend's tensors with an oracle backend's (TF.js `cpu`), as the GPU oracle
 * tests do for every model's gradients and weights after one training step. Pure numbers:
 * the page that computes the tensors hands them over as flat arrays, so this runs in Node too.
 *
 * An element passes when |actual − reference| ≤ absolute + relative · max|reference|, the
 * maximum taken over the whole tensor (a max-norm relative error, as the wasm kernel tests
 * use): float32 sums in another order differ by a few units in the last place of the
 * tensor's *large* values, so a per-element relative error would fail near-zero elements
 * (a gradient of 1e-9 against 3e-9) that are equally right.
 */

export interface Tolerance {
  /** Allowed error as a fraction of the tensor's largest reference magnitude. */
  relative: number;
  /** Allowed error in the tensor's own units, on top of the relative part. */
  absolute: number;
}

export interface TensorComparison {
  name: string;
  size: number;
  /** max |actual − reference|; Infinity when a value is NaN or infinite on either side. */
  maxAbsError: number;
  /** maxAbsError / max|reference| (0 when both are all zeros). */
  maxRelError: number;
  /** Flat index of the element furthest beyond its allowance (−1 for an empty tensor). */
  worstIndex: number;
  reference: number;
  actual: number;
  /** Worst element's error over what the tolerance allows there: ≤ 1 passes. */
  excess: number;
  ok: boolean;
}

export interface OracleReport {
  comparisons: TensorComparison[];
  /** The comparison with the largest `excess`; null when there were no tensors. */
  worst: TensorComparison | null;
  ok: boolean;
}

function checkTolerance(tolerance: Tolerance): void {
  for (const key of ['relative', 'absolute'] as const) {
    const value = tolerance[key];
    if (!(Number.isFinite(value) && value >= 0))
      throw new Error(`Tolerance ${key} must be a finite number ≥ 0; got ${value}.`);
  }
}

/**
 * One tensor against its reference; throws when their sizes differ (a wrong model, not a wrong
 * kernel). `slack`, when given, adds a per-element absolute allowance on top of the tolerance,
 * for elements whose oracle is known to be ill-conditioned (see `adamStepSlack`).
 */
export function compareTensor(
  name: string,
  reference: ArrayLike<number>,
  actual: ArrayLike<number>,
  tolerance: Tolerance,
  slack?: ArrayLike<number>,
): TensorComparison {
  checkTolerance(tolerance);
  if (reference.length !== actual.length)
    throw new Error(
      `Tensor ${name}: the reference has ${reference.length} values but the backend gave ${actual.length}; compare the same model on both.`,
    );
  if (slack && slack.length !== reference.length)
    throw new Error(
      `Tensor ${name}: slack has ${slack.length} values for ${reference.length}; give one per element.`,
    );
  let scale = 0;
  for (let i = 0; i < reference.length; i++) {
    const r = Math.abs(reference[i] as number);
    if (Number.isFinite(r)) scale = Math.max(scale, r);
  }
  const allowed = tolerance.absolute + tolerance.relative * scale;
  let maxAbsError = 0;
  let excess = 0;
  let worstIndex = reference.length > 0 ? 0 : -1;
  for (let i = 0; i < reference.length; i++) {
    const r = reference[i] as number;
    const a = actual[i] as number;
    const error = Number.isFinite(r) && Number.isFinite(a) ? Math.abs(a - r) : Number.POSITIVE_INFINITY;
    const here = allowed + (slack ? (slack[i] as number) : 0);
    const ratio =
      error === 0 ? 0 : here === 0 || !Number.isFinite(error) ? Number.POSITIVE_INFINITY : error / here;
    maxAbsError = Math.max(maxAbsError, error);
    if (ratio > excess) {
      excess = ratio;
      worstIndex = i;
    }
  }
  return {
    name,
    size: reference.length,
    maxAbsError,
    maxRelError: maxAbsError === 0 ? 0 : scale === 0 ? Number.POSITIVE_INFINITY : maxAbsError / scale,
    worstIndex,
    reference: worstIndex >= 0 ? (reference[worstIndex] as number) : 0,
    actual: worstIndex >= 0 ? (actual[worstIndex] as number) : 0,
    excess,
    ok: excess <= 1,
  };
}

export interface NamedValues {
  name: string;
  values: ArrayLike<number>;
}

/**
 * Every tensor of `actual` against the one in the same position of `reference`; `slack` maps a
 * tensor's name to its per-element extra allowance (see `compareTensor`).
 */
export function compareTensors(
  reference: readonly NamedValues[],
  actual: readonly NamedValues[],
  tolerance: Tolerance,
  slack: ReadonlyMap<string, ArrayLike<number>> = new Map(),
): OracleReport {
  if (reference.length !== actual.length)
    throw new Error(
      `The reference has ${reference.length} tensors but the backend gave ${actual.length}; compare the same model on both.`,
    );
  const comparisons = reference.map((ref, i) =>
    compareTensor(ref.name, ref.values, (actual[i] as NamedValues).values, tolerance, slack.get(ref.name)),
  );
  let worst: TensorComparison | null = null;
  for (const c of comparisons) if (!worst || c.excess > worst.excess) worst = c;
  return { comparisons, worst, ok: comparisons.every((c) => c.ok) };
}

function formatNumber(value: number): string {
  return Number.isFinite(value) ? value.toPrecision(3) : String(value);
}

/**
 * One line naming the worst tensor, for a test failure or a log:
 * `worst: 3.Dense/kernel[17] 0.0123 vs 0.0121 (abs 2.00e-4, rel 1.60e-2 of max, 3.2× the tolerance)`.
 */
export function describeWorst(report: OracleReport): string {
  const w = report.worst;
  if (!w) return 'no tensors compared';
  return `worst: ${w.name}[${w.worstIndex}] ${formatNumber(w.actual)} vs ${formatNumber(w.reference)} (abs ${w.maxAbsError.toExponential(2)}, rel ${w.maxRelError.toExponential(2)} of max, ${formatNumber(w.excess)}× the tolerance) over ${report.comparisons.length} tensors`;
}

/**
 * Adam's first step moves each weight by lr · g / (|g| + ε) ≈ ±lr whatever the gradient's size,
 * so where the oracle's gradient is rounding noise (below `noiseFloor` of its tensor's largest
 * value) a backend that rounds the other way moves the weight the other way: up to 2·lr apart,
 * both right. Those elements get 2·lr of slack; every other element is held to the tolerance,
 * which is what catches a wrong ε or a wrong update (they shift weights whose gradient is clear).
 */
export function adamStepSlack(
  gradients: readonly NamedValues[],
  learningRate: number,
  noiseFloor: number,
): Map<string, Float64Array> {
  const slack = new Map<string, Float64Array>();
  for (const { name, values } of gradients) {
    let max = 0;
    for (let i = 0; i < values.length; i++) max = Math.max(max, Math.abs(values[i] as number));
    const out = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++)
      if (Math.abs(values[i] as number) < noiseFloor * max) out[i] = 2 * learningRate;
    slack.set(name, out);
  }
  return slack;
}
