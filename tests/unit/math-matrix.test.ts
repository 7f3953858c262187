import { describe, expect, it } from 'vitest';
import { MathInputError } from '../../src/lib/math/errors';
import { cellTerms, getShape, multiply, parseMatrix } from '../../src/lib/math/matrix';

// The worked example of chapter 3.
const A = [
  [1, 2, 0, 1],
  [0, 1, 3, 2],
  [2, 0, 1, 0],
];
const B = [
  [1, 0, 2],
  [0, 1, 1],
  [3, 1, 0],
  [1, 2, 1],
];

function thrown(fn: () => unknown): MathInputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof MathInputError) return error;
    throw error;
  }
  throw new Error('expected a MathInputError');
}

describe('matrix multiplication', () => {
  it('turns the chapter’s [3×4]×[4×3] into the [3×3] it shows', () => {
    expect(multiply(A, B)).toEqual([
      [2, 4, 5],
      [11, 8, 3],
      [5, 1, 4],
    ]);
  });

  it('gives [4×4] the other way round, so order matters', () => {
    const product = multiply(B, A);
    expect(getShape(product)).toEqual({ rows: 4, cols: 4 });
    expect(product[0]).toEqual([5, 2, 2, 1]);
  });

  it('agrees with a hand-rolled triple loop on random matrices and leaves the identity alone', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return (seed % 19) - 9;
    };
    const m = Array.from({ length: 5 }, () => Array.from({ length: 6 }, random));
    const n = Array.from({ length: 6 }, () => Array.from({ length: 2 }, random));
    const expected = m.map((row) =>
      [0, 1].map((j) => {
        let sum = 0;
        for (let k = 0; k < 6; k++) sum += (row[k] ?? 0) * (n[k]?.[j] ?? 0);
        return sum;
      }),
    );
    expect(multiply(m, n)).toEqual(expected);
    const identity = [0, 1, 2, 3, 4, 5].map((i) => [0, 1, 2, 3, 4, 5].map((j) => (i === j ? 1 : 0)));
    expect(multiply(m, identity)).toEqual(m);
  });

  it('refuses mismatched shapes and names both shapes and the rule', () => {
    const error = thrown(() => multiply(A, A));
    expect(error.code).toBe('shape-mismatch');
    expect(error.message).toMatch(/A \[3×4\] by B \[3×4\].*A has 4 columns but B has 3 rows/);
    expect(error.details).toEqual({ aRows: 3, aCols: 4, bRows: 3, bCols: 4 });
  });

  it('refuses ragged and empty matrices, naming the row', () => {
    const ragged = thrown(() => multiply([[1, 2], [3]], B));
    expect(ragged.code).toBe('ragged-matrix');
    expect(ragged.message).toMatch(/A row 2 has 1 numbers but row 1 has 2/);
    expect(thrown(() => multiply([], B)).code).toBe('empty-matrix');
    expect(thrown(() => multiply(A, [[]])).code).toBe('empty-matrix');
    expect(thrown(() => multiply([[Number.NaN]], [[1]])).code).toBe('not-a-number');
  });

  it('lists the products behind one cell', () => {
    expect(cellTerms(A, B, 0, 0)).toEqual([
      [1, 1],
      [2, 0],
      [0, 3],
      [1, 1],
    ]);
    expect(() => cellTerms(A, B, 3, 0)).toThrow(/Row 4 does not exist in A/);
  });
});

describe('parsing a typed matrix', () => {
  it('reads rows from lines and numbers split by spaces, commas or tabs', () => {
    expect(parseMatrix('1 2, 3\n\n 4\t5 -6.5 \n', 'A')).toEqual([
      [1, 2, 3],
      [4, 5, -6.5],
    ]);
  });

  it('names the token that is not a number and where it is', () => {
    const error = thrown(() => parseMatrix('1 2\n3 x', 'B'));
    expect(error.code).toBe('not-a-number');
    expect(error.message).toBe('B row 2, column 2 is "x", not a number.');
  });

  it('rejects blank input and rows of different lengths', () => {
    expect(thrown(() => parseMatrix('  \n', 'A')).code).toBe('empty-matrix');
    expect(thrown(() => parseMatrix('1 2\n3', 'A')).code).toBe('ragged-matrix');
  });
});
