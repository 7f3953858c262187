/** Locale-aware figures that more than one island shows. */

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB'] as const;

/**
 * Bytes in binary units with `lang`'s digits: `1536` → `1.5 KiB`, `1_603_955` → `1.5 MiB`.
 * Binary because TF.js reports memory in bytes of 1024 and shards are sized the same way;
 * negative or non-finite input gives `–`.
 */
export function formatBytes(bytes: number, lang: string): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '–';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 ? 0 : 1;
  const number = new Intl.NumberFormat(lang, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  return `${number.format(value)} ${BYTE_UNITS[unit]}`;
}
