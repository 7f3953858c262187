import { describe, expect, it } from 'vitest';
import {
  accuracyFromConfusion,
  confusionMatrix,
  countTopK,
  macroAverages,
  mostConfusedPairs,
  perClassMetrics,
  sumCrossEntropy,
  ThroughputMeter,
  topClasses,
} from '../../src/lib/ml/metrics';

describe('metrics', () => {
  // Three classes, eight examples:
  //   truth:     0 0 0 1 1 1 2 2
  //   predicted: 0 0 1 1 1 2 2 0
  // confusion rows = truth, columns = predicted:
  //   0: [2, 1, 0]   1: [0, 2, 1]   2: [1, 0, 1]
  const truth = [0, 0, 0, 1, 1, 1, 2, 2];
  const predicted = [0, 0, 1, 1, 1, 2, 2, 0];

  it('counts a confusion matrix by true row and predicted column', () => {
    expect(confusionMatrix(truth, predicted, 3)).toEqual([
      [2, 1, 0],
      [0, 2, 1],
      [1, 0, 1],
    ]);
  });

  it('derives accuracy, precision and recall from it', () => {
    const m = confusionMatrix(truth, predicted, 3);
    // Diagonal 2+2+1 = 5 of 8.
    expect(accuracyFromConfusion(m)).toBe(5 / 8);
    // Precision = diagonal / column sum: 2/3, 2/3, 1/2. Recall = diagonal / row sum: 2/3, 2/3, 1/2.
    const per = perClassMetrics(m);
    expect(per.map((c) => c.precision)).toEqual([2 / 3, 2 / 3, 1 / 2]);
    expect(per.map((c) => c.recall)).toEqual([2 / 3, 2 / 3, 1 / 2]);
    expect(per.map((c) => c.support)).toEqual([3, 3, 2]);
  });

  it('gives precision 0 to a class never predicted and recall 0 to an absent class', () => {
    // truth 0 0 1, predicted 0 0 0 → confusion [[2,0],[1,0]].
    const per = perClassMetrics(confusionMatrix([0, 0, 1], [0, 0, 0], 2));
    expect(per[0]).toEqual({ label: 0, precision: 2 / 3, recall: 1, support: 2 });
    expect(per[1]).toEqual({ label: 1, precision: 0, recall: 0, support: 1 });
    expect(accuracyFromConfusion([[0]])).toBe(0);
  });

  it('averages precision and recall over classes, leaving out classes with no examples', () => {
    // Rows are truth, columns predictions: class 2 never occurs, class 1 is never predicted.
    const per = perClassMetrics([
      [3, 0, 1],
      [2, 0, 0],
      [0, 0, 0],
    ]);
    // Precision: 3/5 and 0 (class 2 left out); recall: 3/4 and 0.
    expect(macroAverages(per)).toEqual({ precision: (3 / 5 + 0) / 2, recall: (3 / 4 + 0) / 2 });
    expect(macroAverages([])).toEqual({ precision: 0, recall: 0 });
  });

  it('ranks the pairs of classes most mixed up, both directions summed', () => {
    // cat (3) ↔ dog (5): 4 + 3 = 7; bird (2) → cat: 5; 0 ↔ 1 never confused.
    const m = [
      [0, 0, 0, 0, 5, 0],
      [0, 0, 0, 0, 0, 0],
      [0, 0, 0, 5, 0, 0],
      [0, 0, 0, 0, 0, 4],
      [0, 0, 0, 0, 0, 0],
      [0, 0, 0, 3, 0, 0],
    ];
    expect(mostConfusedPairs(m, 2)).toEqual([
      { a: 3, b: 5, aAsB: 4, bAsA: 3 },
      { a: 0, b: 4, aAsB: 5, bAsA: 0 },
    ]);
    expect(mostConfusedPairs(m, 10)).toHaveLength(3);
  });

  it('rejects labels out of range and mismatched lengths, naming the fix', () => {
    expect(() => confusionMatrix([0, 3], [0, 0], 3)).toThrow(
      /labels\[1\] must be an integer class in 0\.\.2; got 3/,
    );
    expect(() => confusionMatrix([0], [0, 1], 3)).toThrow(/1 labels but 2 predictions/);
  });

  it('counts top-k hits', () => {
    // Row 0 (truth 2): probabilities rank 1 > 2 > 0 → truth is 2nd. Row 1 (truth 0): 0 is 1st.
    // Row 2 (truth 0): 0 is last of three.
    const probs = [0.1, 0.6, 0.3, 0.7, 0.2, 0.1, 0.1, 0.5, 0.4];
    const labels = [2, 0, 0];
    expect(countTopK(probs, labels, 3, 1)).toBe(1);
    expect(countTopK(probs, labels, 3, 2)).toBe(2);
    expect(countTopK(probs, labels, 3, 3)).toBe(3);
    expect(topClasses([0.1, 0.6, 0.3], 2)).toEqual([
      { label: 1, probability: 0.6 },
      { label: 2, probability: 0.3 },
    ]);
  });

  it('sums cross-entropy of the true class', () => {
    // −ln 0.3 − ln 0.7 − ln 0.1.
    const probs = [0.1, 0.6, 0.3, 0.7, 0.2, 0.1, 0.1, 0.5, 0.4];
    expect(sumCrossEntropy(probs, [2, 0, 0], 3)).toBeCloseTo(
      -Math.log(0.3) - Math.log(0.7) - Math.log(0.1),
      6,
    );
  });

  it('measures throughput over a sliding window', () => {
    const meter = new ThroughputMeter(2);
    expect(meter.imagesPerSec).toBe(0);
    meter.record(1000, 10); // dropped once the window moves on
    meter.record(100, 50);
    meter.record(300, 50);
    // Window: 100 images in 400 ms → 250 images/s; 200 ms per step; 5 more steps → 1 s.
    expect(meter.imagesPerSec).toBe(250);
    expect(meter.msPerStep).toBe(200);
    expect(meter.etaSeconds(5)).toBe(1);
  });
});
