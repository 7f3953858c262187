/**
 * Colours for the confusion-matrix heatmap: a sequential scale that reads in both themes
 * and stays ordered for colour-blind readers (light yellow → teal → deep indigo, after
 * viridis, reversed so that empty cells stay pale), and the text colour that keeps each
 * cell's number legible on it.
 */

export type Rgb = readonly [r: number, g: number, b: number];

/** Stops of the scale at 0, 0.25, 0.5, 0.75 and 1. */
const STOPS: readonly Rgb[] = [
  [253, 231, 37],
  [94, 201, 98],
  [33, 145, 140],
  [59, 82, 139],
  [68, 1, 84],
];

/** Colour of `value` in [0, 1]; values outside are clamped, NaN counts as 0. */
export function colorAt(value: number): Rgb {
  const t = Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
  const position = t * (STOPS.length - 1);
  const index = Math.min(STOPS.length - 2, Math.floor(position));
  const local = position - index;
  const from = STOPS[index] as Rgb;
  const to = STOPS[index + 1] as Rgb;
  return [0, 1, 2].map((channel) =>
    Math.round((from[channel] as number) + ((to[channel] as number) - (from[channel] as number)) * local),
  ) as unknown as Rgb;
}

export function cssColor([r, g, b]: Rgb): string {
  return `rgb(${r} ${g} ${b})`;
}

/** WCAG relative luminance, 0 (black) to 1 (white). */
export function relativeLuminance([r, g, b]: Rgb): number {
  const linear = (channel: number) => {
    const c = channel / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** Black or white, whichever contrasts more with `background`. */
export function textColorOn(background: Rgb): '#000' | '#fff' {
  const l = relativeLuminance(background);
  // Contrast with black is (l + 0.05) / 0.05, with white 1.05 / (l + 0.05).
  return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? '#000' : '#fff';
}
