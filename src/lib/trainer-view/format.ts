/**
 * Number and time formatting for the trainer's readouts. Locale-aware where the digits
 * differ by language; durations use `h:mm:ss`, which both languages read.
 */

/** `65` → `1:05`, `3725` → `1:02:05`; negative or non-finite input gives `–`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–';
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

export interface EtaInput {
  /** Examples already trained on in this run. */
  done: number;
  /** Examples the whole run will train on (subset × epochs). */
  total: number;
  /** Recent throughput in examples per second. */
  imagesPerSecond: number;
}

/** Seconds left at the current pace, or NaN when the pace is not known yet. */
export function estimateSecondsLeft({ done, total, imagesPerSecond }: EtaInput): number {
  if (!(imagesPerSecond > 0) || !Number.isFinite(imagesPerSecond)) return Number.NaN;
  return Math.max(0, total - done) / imagesPerSecond;
}

/**
 * Exponential moving average for a noisy rate (images/s per batch): `alpha` is the weight
 * of the new sample; the first sample is taken as is.
 */
export function smoothRate(previous: number | undefined, sample: number, alpha = 0.2): number {
  if (previous === undefined || !Number.isFinite(previous)) return sample;
  return previous + alpha * (sample - previous);
}

/** `0.9134` → `91.3%` (`91.3%` in Japanese too). */
export function formatPercent(fraction: number, lang: string, digits = 1): string {
  if (!Number.isFinite(fraction)) return '–';
  return new Intl.NumberFormat(lang, {
    style: 'percent',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(fraction);
}

/** Grouped integer: `60000` → `60,000`. */
export function formatCount(value: number, lang: string): string {
  if (!Number.isFinite(value)) return '–';
  return new Intl.NumberFormat(lang, { maximumFractionDigits: 0 }).format(value);
}

/** A loss or other small real number with 4 significant digits. */
export function formatNumber(value: number, lang: string, significant = 4): string {
  if (!Number.isFinite(value)) return '–';
  return new Intl.NumberFormat(lang, { maximumSignificantDigits: significant }).format(value);
}
