import { describe, expect, it } from 'vitest';
import { adamStepSlack, compareTensor, compareTensors, describeWorst } from '../../src/lib/ml/oracle-compare';

const TIGHT = { relative: 1e-3, absolute: 1e-6 };

describe('compareTensor', () => {
  it('measures the largest error against the tensor’s largest reference value', () => {
    const c = compareTensor('w', [2, -4, 0.5], [2.001, -4.002, 0.5], TIGHT);
    expect(c.maxAbsError).toBeCloseTo(0.002, 9);
    expect(c.maxRelError).toBeCloseTo(0.0005, 9);
    expect(c.worstIndex).toBe(1);
    expect(c.reference).toBe(-4);
    expect(c.actual).toBeCloseTo(-4.002, 9);
    // Allowed: 1e-6 + 1e-3 × 4 = 0.004001; the error is half of it.
    expect(c.excess).toBeCloseTo(0.002 / 0.004001, 6);
    expect(c.ok).toBe(true);
  });

  it('lets a near-zero element differ by rounding of the large ones, where a per-element ratio would fail', () => {
    const c = compareTensor('g', [1, 1e-9], [1, 3e-9], TIGHT);
    expect(c.ok).toBe(true);
  });

  it('fails a wrong value and points at it', () => {
    const c = compareTensor('g', [1, 0.2, 0.3], [1, 0.25, 0.3], TIGHT);
    expect(c.ok).toBe(false);
    expect(c.worstIndex).toBe(1);
    expect(c.excess).toBeGreaterThan(10);
  });

  it('fails NaN and infinities on either side', () => {
    expect(compareTensor('g', [1, 2], [1, Number.NaN], TIGHT).ok).toBe(false);
    expect(compareTensor('g', [1, Number.POSITIVE_INFINITY], [1, 2], TIGHT).ok).toBe(false);
    expect(compareTensor('g', [1, 2], [1, Number.NaN], TIGHT).maxAbsError).toBe(Number.POSITIVE_INFINITY);
  });

  it('passes two all-zero tensors and fails a non-zero one against zeros with no absolute allowance', () => {
    expect(compareTensor('b', [0, 0], [0, 0], { relative: 1e-3, absolute: 0 }).ok).toBe(true);
    expect(compareTensor('b', [0, 0], [0, 1e-9], { relative: 1e-3, absolute: 0 }).ok).toBe(false);
    expect(compareTensor('b', [0, 0], [0, 1e-9], TIGHT).ok).toBe(true);
  });

  it('adds per-element slack only where it is given', () => {
    const slack = [0, 0.01];
    expect(compareTensor('w', [1, 0.5], [1, 0.505], TIGHT, slack).ok).toBe(true);
    const worse = compareTensor('w', [1, 0.5], [1.005, 0.505], TIGHT, slack);
    expect(worse.ok).toBe(false);
    expect(worse.worstIndex).toBe(0);
  });

  it('refuses tensors of different sizes, slack of the wrong size and a negative tolerance, naming them', () => {
    expect(() => compareTensor('3.Dense/kernel', [1, 2], [1], TIGHT)).toThrow(
      /3\.Dense\/kernel.*2 values.*gave 1/,
    );
    expect(() => compareTensor('w', [1, 2], [1, 2], TIGHT, [0])).toThrow(/slack has 1 values for 2/);
    expect(() => compareTensor('w', [1], [1], { relative: -1, absolute: 0 })).toThrow(/relative.*-1/);
  });
});

describe('compareTensors', () => {
  it('reports every tensor and names the worst one', () => {
    const reference = [
      { name: '0.Dense/kernel', values: [1, 2, 3] },
      { name: '0.Dense/bias', values: [0.1, 0.2] },
    ];
    const actual = [
      { name: 'x', values: [1, 2, 3.0001] },
      { name: 'y', values: [0.1, 0.3] },
    ];
    const report = compareTensors(reference, actual, TIGHT);
    expect(report.comparisons.map((c) => c.ok)).toEqual([true, false]);
    expect(report.ok).toBe(false);
    expect(report.worst?.name).toBe('0.Dense/bias');
    expect(describeWorst(report)).toMatch(/^worst: 0\.Dense\/bias\[1\] 0\.300 vs 0\.200 .* over 2 tensors$/);
  });

  it('refuses lists of different lengths', () => {
    expect(() => compareTensors([{ name: 'a', values: [1] }], [], TIGHT)).toThrow(/1 tensors.*gave 0/);
  });

  it('says so when there was nothing to compare', () => {
    expect(describeWorst(compareTensors([], [], TIGHT))).toBe('no tensors compared');
  });
});

describe('adamStepSlack', () => {
  it('gives 2·lr of slack to gradients below the noise floor of their tensor, and none elsewhere', () => {
    const slack = adamStepSlack([{ name: 'k', values: [0.5, -1e-5, 0, 0.01] }], 0.001, 1e-3);
    expect(Array.from(slack.get('k') ?? [])).toEqual([0, 0.002, 0.002, 0]);
  });

  it('gives none to an all-zero gradient (Adam leaves those weights alone on every backend)', () => {
    expect(Array.from(adamStepSlack([{ name: 'b', values: [0, 0] }], 0.001, 1e-3).get('b') ?? [])).toEqual([
      0, 0,
    ]);
  });
});
