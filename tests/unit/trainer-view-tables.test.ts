import { describe, expect, it } from 'vitest';
import {
  downsample,
  evaluationSeries,
  type TrainingPoint,
  trainingSeries,
  trainingTableRows,
} from '../../src/lib/trainer-view/series';
import {
  formatShape,
  matrixAccuracy,
  normalizeRows,
  perClassAccuracy,
  topK,
  worstConfusion,
} from '../../src/lib/trainer-view/tables';

const points: TrainingPoint[] = Array.from({ length: 10 }, (_, i) => ({
  step: i + 1,
  loss: 10 - i,
  accuracy: i / 10,
}));

describe('chart series', () => {
  it('keeps short runs as they are', () => {
    expect(trainingSeries(points.slice(0, 3))).toEqual([
      [1, 2, 3],
      [10, 9, 8],
      [0, 0.1, 0.2],
    ]);
  });

  it('averages long runs into buckets that end on the latest step', () => {
    const shown = downsample(points, 4);
    // Buckets of 3: steps 1–3, 4–6, 7–9, 10.
    expect(shown.map((p) => p.step)).toEqual([3, 6, 9, 10]);
    expect(shown[0]).toEqual({ step: 3, loss: 9, accuracy: expect.closeTo(0.1, 10) });
    expect(shown[3]).toEqual(points[9]);
    expect(() => downsample(points, 0)).toThrow(/maxPoints must be at least 1/);
  });

  it('aligns evaluations by step', () => {
    expect(
      evaluationSeries([
        { step: 24, epoch: 0, accuracy: 0.8, loss: 0.6, examples: 10000 },
        { step: 48, epoch: 0, accuracy: 0.9, loss: 0.4, examples: 10000 },
      ]),
    ).toEqual([
      [24, 48],
      [0.8, 0.9],
      [null, null],
    ]);
  });

  it('puts the test score on the evaluation chart as a lone point at its step', () => {
    const validation = [
      { step: 24, epoch: 0, accuracy: 0.8, loss: 0.6, examples: 600 },
      { step: 48, epoch: 0, accuracy: 0.9, loss: 0.4, examples: 600 },
    ];
    const at = (step: number) => ({ step, epoch: 0, accuracy: 0.88, loss: 0.5, examples: 10000 });
    // Scored at the last validation step: same x, its own series.
    expect(evaluationSeries(validation, at(48))).toEqual([
      [24, 48],
      [0.8, 0.9],
      [null, 0.88],
    ]);
    // Scored while paused between evaluations: a step of its own, a gap in the validation curve.
    expect(evaluationSeries(validation, at(30))).toEqual([
      [24, 30, 48],
      [0.8, null, 0.9],
      [null, 0.88, null],
    ]);
    expect(evaluationSeries([], at(7))).toEqual([[7], [null], [0.88]]);
  });

  it('spreads the table twin over the run and always shows the latest batch', () => {
    const rows = trainingTableRows(points, 4);
    expect(rows.map((p) => p.step)).toEqual([1, 4, 7, 10]);
    expect(trainingTableRows(points.slice(0, 2), 4)).toHaveLength(2);
  });
});

describe('evaluation tables', () => {
  const confusion = [
    [8, 2, 0],
    [1, 9, 0],
    [0, 0, 0],
  ];

  it('gives per-class accuracy from the confusion matrix rows', () => {
    const rows = perClassAccuracy(confusion, ['0', '1', '2']);
    expect(rows.map((r) => [r.correct, r.total])).toEqual([
      [8, 10],
      [9, 10],
      [0, 0],
    ]);
    expect(rows[0]?.accuracy).toBe(0.8);
    expect(rows[2]?.accuracy).toBeNaN();
    expect(matrixAccuracy(confusion)).toBe(0.85);
  });

  it('names the problem when the matrix does not match the classes', () => {
    expect(() => perClassAccuracy(confusion, ['0', '1'])).toThrow(/3 rows, expected 2/);
    expect(() => perClassAccuracy([[1, 2], [3]], ['a', 'b'])).toThrow(/row 1 has 1 cells, expected 2/);
  });

  it('normalises rows and finds the most confused pair', () => {
    expect(normalizeRows(confusion)[0]).toEqual([0.8, 0.2, 0]);
    expect(normalizeRows(confusion)[2]).toEqual([0, 0, 0]);
    expect(worstConfusion(confusion)).toEqual({ actual: 0, predicted: 1, count: 2 });
    expect(worstConfusion([[5]])).toBeUndefined();
  });

  it('ranks the top classes of a prediction', () => {
    expect(topK([0.1, 0.5, 0.2, 0.2], 3)).toEqual([
      { classIndex: 1, probability: 0.5 },
      { classIndex: 2, probability: 0.2 },
      { classIndex: 3, probability: 0.2 },
    ]);
  });

  it('writes layer shapes without the batch dimension', () => {
    expect(formatShape([null, 28, 28, 8])).toBe('28×28×8');
    expect(formatShape([10])).toBe('10');
  });
});
