import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLadderReport } from '../../src/lib/bench/ladder';
import { validationSizeFor } from '../../src/lib/ml/holdout';
import { LADDER_BUDGET, LADDER_PRESETS } from '../../src/lib/ml/presets';
import { readReaderFigures, withReaderFigure } from '../../src/lib/trainer-view/ladder-figures';

const LADDER_FILE = join(import.meta.dirname, '../../src/data/ladder/ladder.json');

describe('the committed ladder reference', () => {
  const report = parseLadderReport(JSON.parse(readFileSync(LADDER_FILE, 'utf8')), LADDER_FILE);

  it('holds one result per ladder preset, in the table order, each a test accuracy', () => {
    expect(report.rungs.map((r) => r.presetId)).toEqual(LADDER_PRESETS.map((p) => p.id));
    for (const rung of report.rungs) {
      const preset = LADDER_PRESETS.find((p) => p.id === rung.presetId);
      expect(rung.model).toBe(preset?.settings.model);
      expect(rung.augment).toBe(preset?.settings.augment === 'on');
      // Ten classes: anything trained beats a guess (10%), and nothing this short is near the article.
      expect(rung.testAccuracy).toBeGreaterThan(0.1);
      expect(rung.testAccuracy).toBeLessThan(0.86);
    }
  });

  it('was measured on the budget the presets run, so the reader compares like with like', () => {
    // The trainer trains on the subset less the validation images it holds out; so did the bench.
    const trained = LADDER_BUDGET.subset - validationSizeFor(LADDER_BUDGET.subset);
    for (const rung of report.rungs) expect(rung.trainImages).toBe(trained);
    expect(report.budget).toEqual({
      trainImages: trained * LADDER_BUDGET.epochs,
      testImages: LADDER_BUDGET.testSubset,
      epochs: LADDER_BUDGET.epochs,
      batchSize: LADDER_BUDGET.batchSize,
      seed: LADDER_PRESETS[0]?.settings.seed,
    });
  });

  it('names the field and the command to rerun when the file is broken', () => {
    expect(() => parseLadderReport({ ...report, rungs: [{ presetId: 'x' }] }, 'ladder.json')).toThrow(
      /ladder\.json are invalid at rungs\.0\..*npm run bench -- --ladder/,
    );
  });
});

describe("the reader's ladder figures", () => {
  const figure = { accuracy: 0.41, savedAt: '2026-12-02T10:00:00.000Z' };

  it('keeps each rung and replaces only the rung just run', () => {
    const once = withReaderFigure(null, 'ladder-tutorial', figure);
    const twice = withReaderFigure(once, 'ladder-modern', { ...figure, accuracy: 0.5 });
    const again = withReaderFigure(twice, 'ladder-tutorial', { ...figure, accuracy: 0.39 });
    expect(readReaderFigures(again)).toEqual({
      'ladder-tutorial': { ...figure, accuracy: 0.39 },
      'ladder-modern': { ...figure, accuracy: 0.5 },
    });
  });

  it('treats unreadable or malformed storage as no figure', () => {
    expect(readReaderFigures(null)).toEqual({});
    expect(readReaderFigures('{not json')).toEqual({});
    expect(readReaderFigures('[1,2]')).toEqual({});
    expect(
      readReaderFigures(JSON.stringify({ a: { accuracy: 2, savedAt: 'x' }, b: figure, c: 'x' })),
    ).toEqual({
      b: figure,
    });
  });
});
