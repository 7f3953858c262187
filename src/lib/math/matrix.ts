import { MathInputError } from './errors';

/** A matrix as rows of numbers; every row has the same length. */
export type Matrix = number[][];

export interface MatrixShape {
  rows: number;
  cols: number;
}

/**
 * Returns the shape of `matrix`, checking that it has at least one row, that no row is
 * empty, that every row has the same length and that every entry is a finite number.
 * `name` (e.g. "A") is used in the error messages.
 */
export function getShape(matrix: Matrix, name = 'matrix'): MatrixShape {
  const first = matrix[0];
  if (!first || first.length === 0) {
    throw new MathInputError('empty-matrix', `${name} is empty: give at least one row of numbers.`, { name });
  }
  matrix.forEach((row, r) => {
    if (row.length !== first.length) {
      throw new MathInputError(
        'ragged-matrix',
        `${name} row ${r + 1} has ${row.length} numbers but row 1 has ${first.length}: every row needs the same count.`,
        { name, row: r + 1, count: row.length, expected: first.length },
      );
    }
    row.forEach((value, c) => {
      if (!Number.isFinite(value)) {
        throw new MathInputError(
          'not-a-number',
          `${name} row ${r + 1}, column ${c + 1} is ${String(value)}, not a finite number.`,
          { name, row: r + 1, col: c + 1, value: String(value) },
        );
      }
    });
  });
  return { rows: matrix.length, cols: first.length };
}

/**
 * Multiplies `a` ([m×n]) by `b` ([n×p]) and returns the [m×p] product. Throws a
 * `MathInputError` with code `shape-mismatch` when a's column count differs from b's
 * row count, naming both shapes.
 */
export function multiply(a: Matrix, b: Matrix): Matrix {
  const sa = getShape(a, 'A');
  const sb = getShape(b, 'B');
  if (sa.cols !== sb.rows) {
    throw new MathInputError(
      'shape-mismatch',
      `Cannot multiply A [${sa.rows}×${sa.cols}] by B [${sb.rows}×${sb.cols}]: ` +
        `A has ${sa.cols} columns but B has ${sb.rows} rows; they must be equal.`,
      { aRows: sa.rows, aCols: sa.cols, bRows: sb.rows, bCols: sb.cols },
    );
  }
  return a.map((row) =>
    Array.from({ length: sb.cols }, (_, j) =>
      row.reduce((sum, value, k) => sum + value * (b[k]?.[j] ?? 0), 0),
    ),
  );
}

/** The products that make up cell (row, col) of a × b, for showing the working. */
export function cellTerms(a: Matrix, b: Matrix, row: number, col: number): [number, number][] {
  const left = a[row];
  if (!left) throw new RangeError(`Row ${row + 1} does not exist in A (it has ${a.length} rows).`);
  return left.map((value, k) => [value, b[k]?.[col] ?? Number.NaN]);
}

/**
 * Parses a matrix typed as text: one row per line, numbers separated by spaces, commas
 * or tabs. Blank lines are ignored. Throws a `MathInputError` naming the bad token.
 */
export function parseMatrix(text: string, name = 'matrix'): Matrix {
  const rows = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line, r) =>
      line.split(/[\s,]+/).map((token, c) => {
        const value = Number(token);
        if (!Number.isFinite(value)) {
          throw new MathInputError(
            'not-a-number',
            `${name} row ${r + 1}, column ${c + 1} is "${token}", not a number.`,
            { name, row: r + 1, col: c + 1, value: token },
          );
        }
        return value;
      }),
    );
  getShape(rows, name);
  return rows;
}
