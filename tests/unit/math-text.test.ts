import { describe, expect, it } from 'vitest';
import { multiply } from '../../src/lib/math/matrix';
import { describeError, fillTemplate } from '../../src/lib/math/text';

describe('reader-facing math messages', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(fillTemplate('[{{m}}×{{p}}] {{missing}}', { m: 3, p: 3 })).toBe('[3×3] {{missing}}');
  });

  it('translates a shape mismatch with the shapes in it', () => {
    let caught: unknown;
    try {
      multiply([[1, 2]], [[1, 2]]);
    } catch (error) {
      caught = error;
    }
    const strings = { 'math.error.shape-mismatch': 'A[{{aRows}}×{{aCols}}]とB[{{bRows}}×{{bCols}}]' };
    expect(describeError(caught, strings)).toBe('A[1×2]とB[1×2]');
    // Without a template the developer message still says what is wrong.
    expect(describeError(caught, {})).toMatch(/A has 2 columns but B has 1 rows/);
    expect(describeError(new Error('boom'), strings)).toBe('boom');
  });
});
