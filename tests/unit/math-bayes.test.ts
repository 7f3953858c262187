import { describe, expect, it } from 'vitest';
import { posterior } from '../../src/lib/math/bayes';
import { MathInputError } from '../../src/lib/math/errors';

describe('posterior from a prior and two likelihoods', () => {
  it('gives 90 / 585 for chapter 3’s test (1% prior, 90% sensitivity, 5% false positives)', () => {
    const result = posterior({ prior: 0.01, likelihood: 0.9, falseAlarm: 0.05 });
    expect(result.posterior).toBeCloseTo(90 / 585, 12);
    expect(result.evidence).toBeCloseTo(0.0585, 12);
    expect(result.counts.truePositive).toBeCloseTo(90, 9);
    expect(result.counts.falseNegative).toBeCloseTo(10, 9);
    expect(result.counts.falsePositive).toBeCloseTo(495, 9);
    expect(result.counts.trueNegative).toBeCloseTo(9405, 9);
  });

  it('keeps the counts summing to the population', () => {
    const { counts, population } = posterior({ prior: 0.3, likelihood: 0.7, falseAlarm: 0.2 }, 1000);
    expect(
      counts.truePositive + counts.falseNegative + counts.falsePositive + counts.trueNegative,
    ).toBeCloseTo(population, 9);
  });

  it('leaves the prior unchanged when the evidence is equally likely either way', () => {
    expect(posterior({ prior: 0.37, likelihood: 0.4, falseAlarm: 0.4 }).posterior).toBeCloseTo(0.37, 12);
  });

  it('is certain when the evidence never appears without the hypothesis', () => {
    expect(posterior({ prior: 0.01, likelihood: 0.5, falseAlarm: 0 }).posterior).toBe(1);
  });

  it('rejects a percentage given where a probability belongs, naming it', () => {
    expect(() => posterior({ prior: 5, likelihood: 0.9, falseAlarm: 0.05 })).toThrow(
      /prior is 5; a probability must be between 0 and 1 \(for 5%, give 0.05\)/,
    );
  });

  it('refuses evidence that can never occur', () => {
    try {
      posterior({ prior: 0.5, likelihood: 0, falseAlarm: 0 });
      throw new Error('expected a MathInputError');
    } catch (error) {
      expect(error).toBeInstanceOf(MathInputError);
      expect((error as MathInputError).code).toBe('no-evidence');
    }
  });
});
