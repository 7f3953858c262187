/**
 * Keeps the reader's result of a ladder preset for chapter 8's ladder table: the last test
 * accuracy of a completed run whose settings are exactly that preset. Stored in localStorage
 * (so the table shows it after a reload) and announced with an `ml-ladder-result` event (so a
 * table on the same page shows it at once).
 */

import { findPreset, matchPreset } from '../../../lib/ml/presets';
import {
  READER_LADDER_KEY,
  type ReaderFigure,
  withReaderFigure,
} from '../../../lib/trainer-view/ladder-figures';
import type { IslandSettings, TrainerDataset } from '../../../lib/trainer-view/settings';

export interface LadderResultDetail extends ReaderFigure {
  presetId: string;
}

export function recordLadderResult(
  root: HTMLElement,
  kind: TrainerDataset,
  settings: IslandSettings,
  accuracy: number,
): void {
  const presetId = matchPreset(kind, settings);
  if (!findPreset(kind, presetId)?.rung) return;
  const figure: ReaderFigure = { accuracy, savedAt: new Date().toISOString() };
  try {
    localStorage.setItem(
      READER_LADDER_KEY,
      withReaderFigure(localStorage.getItem(READER_LADDER_KEY), presetId, figure),
    );
  } catch {
    // Storage full or blocked: the table on this page still gets the event.
  }
  const detail: LadderResultDetail = { presetId, ...figure };
  root.dispatchEvent(new CustomEvent('ml-ladder-result', { bubbles: true, detail }));
}
