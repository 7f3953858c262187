import { describe, expect, it } from 'vitest';
import { createTranslate } from '../../src/lib/i18n/strings';
import { multiply } from '../../src/lib/math/matrix';
import { describeError } from '../../src/lib/math/text';

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

describe('reader-facing math messages', () => {
  it('translates a shape mismatch with the shapes in it', () => {
    const t = createTranslate(
      { 'math.error.shape-mismatch': 'A[{{aRows}}×{{aCols}}]とB[{{bRows}}×{{bCols}}]' },
      'ja',
      (key) => key,
    );
    expect(
      describeError(
        thrown(() => multiply([[1, 2]], [[1, 2]])),
        t,
      ),
    ).toBe('A[1×2]とB[1×2]');
    // An error that is not one of ours keeps its own message.
    expect(describeError(new Error('boom'), t)).toBe('boom');
  });

  it('says "1 number", not "1 numbers", for a row with one number', () => {
    const t = createTranslate(
      {
        'math.error.ragged-matrix_one': 'Row {{row}} has {{count}} number but row 1 has {{expected}}.',
        'math.error.ragged-matrix_other': 'Row {{row}} has {{count}} numbers but row 1 has {{expected}}.',
      },
      'en',
      (key) => key,
    );
    const B = [[1], [2]];
    expect(
      describeError(
        thrown(() => multiply([[1, 2], [3]], B)),
        t,
      ),
    ).toBe('Row 2 has 1 number but row 1 has 2.');
    expect(
      describeError(
        thrown(() => multiply([[1], [3, 4]], B)),
        t,
      ),
    ).toBe('Row 2 has 2 numbers but row 1 has 1.');
  });
});
