import { describe, expect, it } from 'vitest';
import { indexByClass, pageOf, toRgba } from '../../src/lib/data/explorer';

describe('the dataset explorer view model', () => {
  it('groups example indices by class, in order', () => {
    expect(indexByClass(Uint8Array.of(2, 0, 2, 1, 2), 4)).toEqual([[1], [3], [0, 2, 4], []]);
  });

  it('pages through a class and clamps out-of-range pages', () => {
    const indices = Array.from({ length: 50 }, (_, index) => index * 10);
    expect(pageOf(indices, 0)).toMatchObject({ from: 1, to: 24, total: 50, page: 0, pages: 3 });
    const last = pageOf(indices, 2);
    expect(last).toMatchObject({ from: 49, to: 50, page: 2 });
    expect(last.indices).toEqual([480, 490]);
    expect(pageOf(indices, 7).page).toBe(2);
    expect(pageOf(indices, -1).page).toBe(0);
    expect(pageOf([], 0)).toMatchObject({ from: 0, to: 0, total: 0, pages: 1, indices: [] });
  });

  it('turns grey and RGB pixels into opaque RGBA', () => {
    const grey = Uint8Array.of(9, 9, 10, 200);
    expect([...toRgba(grey, 1, [1, 2, 1])]).toEqual([10, 10, 10, 255, 200, 200, 200, 255]);
    const rgb = Uint8Array.of(0, 0, 0, 1, 2, 3);
    expect([...toRgba(rgb, 1, [1, 1, 3])]).toEqual([1, 2, 3, 255]);
  });
});
