/**
 * The decide chapter's funnel of 100 programmers as shapes: one centred band per stage, its
 * width in proportion to the people still there, joined to the next band by a trapezoid.
 * Pure geometry for `src/islands/pictures/Funnel.astro`.
 */

export interface FunnelStage {
  /** i18n key of the stage's name. */
  id: string;
  /** People of the starting 100 at this stage; a range's middle for "2–3". */
  count: number;
  /** How the count reads, e.g. `2–3`. */
  display: string;
}

/** The author's figures (FACTS.md): 100 → about 30 consider → 10 act → 5 after a month → at most 2–3 finish. */
export const FUNNEL_STAGES: readonly FunnelStage[] = [
  { id: 'all', count: 100, display: '100' },
  { id: 'consider', count: 30, display: '30' },
  { id: 'act', count: 10, display: '10' },
  { id: 'month', count: 5, display: '5' },
  { id: 'finish', count: 2.5, display: '2–3' },
];

export interface FunnelBand {
  stage: FunnelStage;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface FunnelShapes {
  width: number;
  height: number;
  bands: FunnelBand[];
  /** SVG `points` of the trapezoid between band i and band i + 1. */
  joins: string[];
}

/**
 * Bands `rowHeight` tall with `gap` between them, widths in proportion to the first stage's
 * count across `width`; no band narrower than `minWidth`, so "2–3" of 100 stays visible.
 */
export function funnelShapes(
  stages: readonly FunnelStage[],
  { width = 480, rowHeight = 34, gap = 14, minWidth = 6 } = {},
): FunnelShapes {
  if (stages.length === 0) throw new RangeError('A funnel needs at least one stage.');
  const top = stages[0]?.count ?? 0;
  for (const [i, stage] of stages.entries()) {
    if (!(stage.count > 0))
      throw new RangeError(`Funnel stage ${stage.id} needs a count above 0; got ${stage.count}.`);
    const before = stages[i - 1];
    if (before && stage.count > before.count) {
      throw new RangeError(
        `A funnel only narrows: stage ${stage.id} (${stage.count}) is wider than ${before.id} (${before.count}).`,
      );
    }
  }
  const bands = stages.map((stage, i) => {
    const w = Math.max(minWidth, (stage.count / top) * width);
    return { stage, x: (width - w) / 2, y: i * (rowHeight + gap), width: w, height: rowHeight };
  });
  const joins = bands.slice(1).map((next, i) => {
    const above = bands[i] as FunnelBand;
    const y0 = above.y + above.height;
    const points = [
      [above.x, y0],
      [above.x + above.width, y0],
      [next.x + next.width, next.y],
      [next.x, next.y],
    ];
    return points.map(([x, y]) => `${round(x as number)},${round(y as number)}`).join(' ');
  });
  return { width, height: stages.length * rowHeight + (stages.length - 1) * gap, bands, joins };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
