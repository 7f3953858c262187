/**
 * Learning-rate schedules over a whole run, as a pure function of the global step, so a run
 * resumed from a checkpoint continues on the same curve. `train()` calls `learningRateAt`
 * before every step; the recipes (`recipes.ts`) choose a schedule per preset.
 */
import type { LrScheduleName } from './catalog';

/** Schedules the loop knows, in the order the settings list them. */
export const LR_SCHEDULES: readonly LrScheduleName[] = ['constant', 'step', 'cosine', 'linear', 'onecycle'];

/** Share of the run `onecycle` spends warming up from a tenth of the base rate to the base rate. */
export const ONE_CYCLE_WARMUP = 0.25;

/**
 * Learning rate for a 0-based global `step` of a run of `totalSteps`.
 * - `constant`: the base rate throughout;
 * - `step`: halved at every epoch boundary after the first;
 * - `cosine`: cosine decay from the base rate to 1% of it at the last step;
 * - `linear`: straight-line decay from the base rate to 1% of it at the last step;
 * - `onecycle`: straight up from 10% of the base rate to the base rate over the first quarter,
 *   then straight down to 0.1% of it at the last step (a large rate early, a tiny one to settle).
 */
export function learningRateAt(
  schedule: LrScheduleName,
  base: number,
  step: number,
  stepsPerEpoch: number,
  totalSteps: number,
): number {
  const t = Math.min(1, step / Math.max(1, totalSteps - 1));
  switch (schedule) {
    case 'constant':
      return base;
    case 'step':
      return base * 0.5 ** Math.floor(step / Math.max(1, stepsPerEpoch));
    case 'cosine': {
      const min = base * 0.01;
      return min + 0.5 * (base - min) * (1 + Math.cos(Math.PI * t));
    }
    case 'linear':
      return base * (1 - 0.99 * t);
    case 'onecycle': {
      if (t < ONE_CYCLE_WARMUP) return base * (0.1 + (0.9 * t) / ONE_CYCLE_WARMUP);
      const down = (t - ONE_CYCLE_WARMUP) / (1 - ONE_CYCLE_WARMUP);
      return base * (1 - 0.999 * down);
    }
    default:
      throw new Error(
        `Unknown learning-rate schedule '${String(schedule)}'; expected ${LR_SCHEDULES.join(', ')}.`,
      );
  }
}
