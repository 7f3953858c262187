import { describe, expect, it } from 'vitest';
import { FUNNEL_STAGES, funnelShapes } from '../../src/lib/pictures/funnel';

describe('the funnel of 100 programmers', () => {
  it("keeps the author's figures: 100 → 30 → 10 → 5 → 2–3", () => {
    expect(FUNNEL_STAGES.map((s) => s.display)).toEqual(['100', '30', '10', '5', '2–3']);
  });

  it('draws centred bands whose widths are in proportion to the people left', () => {
    const { bands, width } = funnelShapes(FUNNEL_STAGES, { width: 400 });
    expect(bands.map((b) => b.width)).toEqual([400, 120, 40, 20, 10]);
    for (const band of bands) expect(band.x + band.width / 2).toBeCloseTo(width / 2, 9);
    expect(bands[1]?.y).toBeGreaterThan((bands[0]?.y ?? 0) + (bands[0]?.height ?? 0));
  });

  it('joins each band to the next with a trapezoid from its bottom corners to the next top corners', () => {
    const { joins, bands } = funnelShapes(FUNNEL_STAGES, { width: 400, rowHeight: 30, gap: 10 });
    expect(joins).toHaveLength(bands.length - 1);
    expect(joins[0]).toBe('0,30 400,30 260,40 140,40');
  });

  it('keeps a tiny stage visible and refuses a funnel that widens', () => {
    const { bands } = funnelShapes([
      { id: 'a', count: 1000, display: '1000' },
      { id: 'b', count: 1, display: '1' },
    ]);
    expect(bands[1]?.width).toBe(6);
    expect(() =>
      funnelShapes([
        { id: 'a', count: 5, display: '5' },
        { id: 'b', count: 10, display: '10' },
      ]),
    ).toThrow(/only narrows: stage b/);
    expect(() => funnelShapes([])).toThrow(/at least one stage/);
  });
});
