/**
 * How a benchmark rate reads. Apart from `results.ts` so that page scripts which only format
 * (the hardware chart) do not load zod, whose code generation the site's CSP blocks.
 */

/** `1,234` / `12.3` / `0.85`: three significant figures at most, grouped thousands. */
export function formatRate(value: number, locale = 'en'): string {
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return value.toLocaleString(locale, { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}
