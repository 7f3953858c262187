import { describe, expect, it } from 'vitest';
import { analyseErrors } from '../../src/lib/trainer-view/error-analysis';

// Rows: true class; columns: predicted. Worked by hand:
//   cat:  8 right of 10 (recall 0.8); predicted cat 8 + 3 + 0 = 11 times (precision 8/11)
//   dog:  6 right of 10 (recall 0.6); predicted dog 1 + 6 + 1 = 8 times (precision 6/8)
//   frog: 9 right of 10 (recall 0.9); predicted frog 1 + 1 + 9 = 11 times (precision 9/11)
const confusion = [
  [8, 1, 1],
  [3, 6, 1],
  [0, 1, 9],
];
const labels = ['cat', 'dog', 'frog'];

describe('the error analysis beside the confusion matrix', () => {
  it('gives precision and recall per class, named, against a hand-computed matrix', () => {
    const { rows } = analyseErrors(confusion, labels);
    expect(rows.map((r) => r.label)).toEqual(labels);
    expect(rows.map((r) => r.support)).toEqual([10, 10, 10]);
    expect(rows[0]?.precision).toBeCloseTo(8 / 11, 12);
    expect(rows[1]?.precision).toBeCloseTo(6 / 8, 12);
    expect(rows[2]?.precision).toBeCloseTo(9 / 11, 12);
    expect(rows.map((r) => r.recall)).toEqual([0.8, 0.6, 0.9]);
  });

  it('averages every class with the same weight (macro)', () => {
    const { macro } = analyseErrors(confusion, labels);
    expect(macro.precision).toBeCloseTo((8 / 11 + 6 / 8 + 9 / 11) / 3, 12);
    expect(macro.recall).toBeCloseTo((0.8 + 0.6 + 0.9) / 3, 12);
  });

  it('names the most confused pairs, both directions summed, most confused first', () => {
    const { pairs } = analyseErrors(confusion, labels);
    // cat↔dog 1 + 3 = 4, dog↔frog 1 + 1 = 2, cat↔frog 1 + 0 = 1.
    expect(pairs.map((p) => `${p.nameA} ↔ ${p.nameB} (${p.aAsB} + ${p.bAsA})`)).toEqual([
      'cat ↔ dog (1 + 3)',
      'dog ↔ frog (1 + 1)',
      'cat ↔ frog (1 + 0)',
    ]);
    expect(analyseErrors(confusion, labels, 1).pairs).toHaveLength(1);
    expect(
      analyseErrors(
        [
          [5, 0],
          [0, 5],
        ],
        ['a', 'b'],
      ).pairs,
    ).toEqual([]);
  });

  it('refuses class names that do not match the matrix, saying what to pass', () => {
    expect(() => analyseErrors(confusion, ['cat', 'dog'])).toThrow(
      /3 rows but 2 class names were given; pass one name per class/,
    );
  });
});
