import { describe, expect, it } from 'vitest';
import { colorAt, cssColor, relativeLuminance, textColorOn } from '../../src/lib/trainer-view/color-scale';
import {
  estimateSecondsLeft,
  formatCount,
  formatDuration,
  formatPercent,
  smoothRate,
} from '../../src/lib/trainer-view/format';

describe('readout formatting', () => {
  it('formats durations as m:ss or h:mm:ss', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(65)).toBe('1:05');
    expect(formatDuration(3725)).toBe('1:02:05');
    expect(formatDuration(59.6)).toBe('1:00');
    expect(formatDuration(Number.NaN)).toBe('–');
    expect(formatDuration(-1)).toBe('–');
  });

  it('estimates the time left from the pace, unknown until there is one', () => {
    expect(estimateSecondsLeft({ done: 1000, total: 6000, imagesPerSecond: 500 })).toBe(10);
    expect(estimateSecondsLeft({ done: 7000, total: 6000, imagesPerSecond: 500 })).toBe(0);
    expect(estimateSecondsLeft({ done: 0, total: 6000, imagesPerSecond: 0 })).toBeNaN();
  });

  it('smooths a noisy rate, starting from the first sample', () => {
    expect(smoothRate(undefined, 100)).toBe(100);
    expect(smoothRate(100, 200, 0.25)).toBe(125);
  });

  it('formats percentages, counts and bytes for each language', () => {
    expect(formatPercent(0.9134, 'en')).toBe('91.3%');
    expect(formatPercent(0.9134, 'ja')).toBe('91.3%');
    expect(formatPercent(Number.NaN, 'en')).toBe('–');
    expect(formatCount(60000, 'en')).toBe('60,000');
  });
});

describe('heatmap colour scale', () => {
  it('runs from pale to dark and clamps outside [0, 1]', () => {
    expect(colorAt(0)).toEqual([253, 231, 37]);
    expect(colorAt(1)).toEqual([68, 1, 84]);
    expect(colorAt(-3)).toEqual(colorAt(0));
    expect(colorAt(7)).toEqual(colorAt(1));
    expect(colorAt(Number.NaN)).toEqual(colorAt(0));
    expect(cssColor(colorAt(0.5))).toBe('rgb(33 145 140)');
  });

  it('gets darker as the value grows, so order survives without hue', () => {
    const luminances = [0, 0.2, 0.4, 0.6, 0.8, 1].map((v) => relativeLuminance(colorAt(v)));
    for (let i = 1; i < luminances.length; i++) {
      expect(luminances[i]).toBeLessThan(luminances[i - 1] as number);
    }
  });

  it('picks the legible text colour for each cell', () => {
    expect(textColorOn(colorAt(0))).toBe('#000');
    expect(textColorOn(colorAt(1))).toBe('#fff');
    expect(textColorOn([255, 255, 255])).toBe('#000');
    expect(textColorOn([0, 0, 0])).toBe('#fff');
  });
});
