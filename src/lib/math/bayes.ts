import { MathInputError } from './errors';

export interface BayesInput {
  /** P(H): how likely the hypothesis is before the evidence, 0–1. */
  prior: number;
  /** P(E|H): how likely the evidence is when the hypothesis holds (e.g. a test's sensitivity). */
  likelihood: number;
  /** P(E|not H): how likely the evidence is when it does not (e.g. a false positive rate). */
  falseAlarm: number;
}

export interface BayesResult {
  /** P(E): the overall probability of seeing the evidence. */
  evidence: number;
  /** P(H|E): the probability of the hypothesis after seeing the evidence. */
  posterior: number;
  /** Expected counts in a population of `population` people. */
  counts: { truePositive: number; falseNegative: number; falsePositive: number; trueNegative: number };
  population: number;
}

function checkProbability(name: keyof BayesInput, value: number): void {
  if (!Number.isFinite(value) || value < 0 || value > 1) {
    throw new MathInputError(
      'bad-probability',
      `${name} is ${value}; a probability must be between 0 and 1 (for 5%, give 0.05).`,
      { name, value },
    );
  }
}

/**
 * Bayes' rule: P(H|E) = P(E|H)·P(H) / (P(E|H)·P(H) + P(E|not H)·(1 − P(H))), plus the
 * same numbers as expected counts over `population` people, which is how most readers
 * find it easiest to check.
 */
export function posterior(input: BayesInput, population = 10_000): BayesResult {
  checkProbability('prior', input.prior);
  checkProbability('likelihood', input.likelihood);
  checkProbability('falseAlarm', input.falseAlarm);
  const hit = input.likelihood * input.prior;
  const falseHit = input.falseAlarm * (1 - input.prior);
  const evidence = hit + falseHit;
  if (evidence === 0) {
    throw new MathInputError(
      'no-evidence',
      'With these numbers the evidence can never be seen (P(E) = 0), so there is no posterior: raise P(E|H) or P(E|not H).',
    );
  }
  return {
    evidence,
    posterior: hit / evidence,
    counts: {
      truePositive: population * hit,
      falseNegative: population * (1 - input.likelihood) * input.prior,
      falsePositive: population * falseHit,
      trueNegative: population * (1 - input.falseAlarm) * (1 - input.prior),
    },
    population,
  };
}
