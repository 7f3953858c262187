/**
 * The reader's own figures on chapter 8's ladder: the test accuracy of their last completed
 * run of each ladder preset, kept in localStorage as one JSON object by preset id. Pure
 * (the caller reads and writes the storage) and free of zod, so the ladder's client stays small.
 */

/** The localStorage key of all the reader's ladder figures. */
export const READER_LADDER_KEY = 'ml-guide-ladder';

export interface ReaderFigure {
  /** Test accuracy at the end of the reader's run, 0..1. */
  accuracy: number;
  /** ISO 8601 time the run finished. */
  savedAt: string;
}

function isFigure(value: unknown): value is ReaderFigure {
  if (typeof value !== 'object' || value === null) return false;
  const { accuracy, savedAt } = value as Record<string, unknown>;
  return typeof accuracy === 'number' && accuracy >= 0 && accuracy <= 1 && typeof savedAt === 'string';
}

/**
 * The reader's figures by preset id, from what localStorage held: anything unreadable or
 * malformed counts as no figure (a hand-edited or older entry must not break the page).
 */
export function readReaderFigures(stored: string | null): Record<string, ReaderFigure> {
  let data: unknown;
  try {
    data = JSON.parse(stored ?? '{}');
  } catch {
    return {};
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return {};
  const figures: Record<string, ReaderFigure> = {};
  for (const [id, value] of Object.entries(data)) {
    if (isFigure(value)) figures[id] = { accuracy: value.accuracy, savedAt: value.savedAt };
  }
  return figures;
}

/** What to store after a run of `presetId`: the other rungs' figures kept, this one replaced. */
export function withReaderFigure(stored: string | null, presetId: string, figure: ReaderFigure): string {
  return JSON.stringify({ ...readReaderFigures(stored), [presetId]: figure });
}
