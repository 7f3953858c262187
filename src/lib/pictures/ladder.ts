/**
 * The first-model chapter's ladder of CIFAR-10 test accuracy: the 2017 demo, casual training of
 * a newer network, and the recent models of 2017 (FACTS.md), which the reader's own CIFAR-10
 * results join in the browser.
 */
import type { Scale } from './scale.ts';

export interface LadderRung {
  /** i18n key suffix of the rung's name. */
  id: 'demo' | 'casual' | 'recent';
  /** Test accuracy, 0..1. */
  accuracy: number;
}

export const LADDER_RUNGS: readonly LadderRung[] = [
  { id: 'demo', accuracy: 0.86 },
  { id: 'casual', accuracy: 0.93 },
  { id: 'recent', accuracy: 0.97 },
];

/** From 0 to 100%: bars from a cut-off baseline would exaggerate the gaps. */
export const LADDER_SCALE: Scale = { kind: 'linear', min: 0, max: 1 };

/** The dataset whose results belong on the ladder. */
export const LADDER_DATASET = 'cifar10';
