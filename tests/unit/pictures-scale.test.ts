import { describe, expect, it } from 'vitest';
import {
  BAR_LAYOUT,
  barRect,
  chartHeight,
  fractionOf,
  logScaleFor,
  placeGroups,
  type Scale,
  ticksOf,
  trackOf,
} from '../../src/lib/pictures/scale';

const log: Scale = { kind: 'log', min: 1, max: 10_000 };

describe('the log scale of the hardware chart', () => {
  it('gives each power of ten an equal share of the track', () => {
    expect(fractionOf(1, log)).toBe(0);
    expect(fractionOf(10, log)).toBeCloseTo(0.25, 12);
    expect(fractionOf(100, log)).toBeCloseTo(0.5, 12);
    expect(fractionOf(10_000, log)).toBe(1);
    // The article's 25 and 620 images/s: 620/25 ≈ 25×, about 1.4 of 4 decades.
    expect(fractionOf(620, log) - fractionOf(25, log)).toBeCloseTo(Math.log10(620 / 25) / 4, 12);
  });

  it('clamps values outside the track to its ends', () => {
    expect(fractionOf(0.2, log)).toBe(0);
    expect(fractionOf(0, log)).toBe(0);
    expect(fractionOf(1e6, log)).toBe(1);
  });

  it('spans the data in whole decades, with headroom above for faster machines', () => {
    expect(logScaleFor([19, 25, 140, 460, 620, 0.8, 3822])).toEqual({ kind: 'log', min: 0.1, max: 10_000 });
    expect(logScaleFor([19, 620], 1)).toEqual({ kind: 'log', min: 10, max: 10_000 });
    expect(logScaleFor([100])).toEqual({ kind: 'log', min: 100, max: 1000 });
    expect(() => logScaleFor([0, -3])).toThrow(/at least one value above 0/);
  });

  it('ticks every power of ten on a log scale and in fifths on a linear one', () => {
    expect(ticksOf(log)).toEqual([1, 10, 100, 1000, 10_000]);
    expect(ticksOf({ kind: 'linear', min: 0, max: 1 }).map((v) => Math.round(v * 100))).toEqual([
      0, 20, 40, 60, 80, 100,
    ]);
  });

  it('refuses a scale that cannot place values, naming the fix', () => {
    expect(() => fractionOf(5, { kind: 'log', min: 0, max: 10 })).toThrow(/log scale needs min > 0/);
    expect(() => fractionOf(5, { kind: 'linear', min: 3, max: 3 })).toThrow(/min < max/);
  });
});

describe('the bar layout', () => {
  it('draws bars from the start of the track, at least one unit wide', () => {
    const track = trackOf();
    expect(barRect(10_000, 0, log)).toMatchObject({ x: track.x, width: track.width });
    expect(barRect(1, 0, log).width).toBe(1);
    expect(barRect(100, 2, log).y).toBeGreaterThan(barRect(100, 1, log).y);
  });

  it('places each group under its heading and counts the rows for the height', () => {
    const rows = placeGroups(
      [
        { id: 'article', label: 'Article', bars: [{ label: 'i7', value: 25, valueText: '25' }] },
        { id: 'yours', label: 'Yours', bars: [{ label: 'mlp', value: 1e9, valueText: '1e9' }] },
      ],
      log,
    );
    expect(rows.map((r) => r.kind)).toEqual(['heading', 'bar', 'heading', 'bar']);
    const last = rows[3];
    if (last?.kind !== 'bar') throw new Error('expected a bar');
    expect(last.clamped).toBe(true);
    expect(last.rect.y + last.rect.height).toBeLessThanOrEqual(chartHeight(4));
    expect(last.valueX).toBeGreaterThan(last.rect.x + last.rect.width);
    expect(chartHeight(4)).toBe(BAR_LAYOUT.axisHeight + 4 * BAR_LAYOUT.rowHeight);
  });
});
