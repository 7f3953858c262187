import { describe, expect, it } from 'vitest';
import { inkBounds, MNIST_SIZE, toMnistInput } from '../../src/lib/trainer-view/digit';
import { CLASSIC_RESULTS, publishedFigure } from '../../src/lib/trainer-view/reproduce';
import { findSettingsIssues } from '../../src/lib/trainer-view/settings';

/** A 280×280 canvas with a filled rectangle of ink. */
function canvasWithBar(left: number, top: number, width: number, height: number) {
  const size = 280;
  const ink = new Float32Array(size * size);
  for (let y = top; y < top + height; y++) for (let x = left; x < left + width; x++) ink[y * size + x] = 1;
  return { ink, width: size, height: size };
}

describe('a drawn digit in MNIST framing', () => {
  it('is null when nothing is drawn', () => {
    expect(toMnistInput({ ink: new Float32Array(100), width: 10, height: 10 })).toBeNull();
  });

  it('scales the ink to a 20-pixel box and centres it by mass in 28×28', () => {
    // A tall bar in the top-left corner, like a "1" drawn off-centre.
    const out = toMnistInput(canvasWithBar(10, 10, 40, 200));
    expect(out).toHaveLength(MNIST_SIZE * MNIST_SIZE);
    const bounds = inkBounds({ ink: out as Float32Array, width: MNIST_SIZE, height: MNIST_SIZE }, 0.5);
    expect(bounds).not.toBeNull();
    const { left, top, right, bottom } = bounds as NonNullable<typeof bounds>;
    expect(bottom - top + 1).toBe(20);
    expect(right - left + 1).toBe(4);
    // Centred: the bar spans rows 4–23 and sits around column 14.
    expect(top).toBe(4);
    expect((left + right + 1) / 2).toBeCloseTo(14, 0);
    expect(Math.max(...(out as Float32Array))).toBeLessThanOrEqual(1);
  });

  it('names the problem when the buffer does not match the size', () => {
    expect(() => toMnistInput({ ink: new Float32Array(10), width: 4, height: 4 })).toThrow(
      /ink has 10 values, expected width × height = 16/,
    );
  });
});

describe('the classic results table', () => {
  it('states each published figure as its source does', () => {
    const figures = Object.fromEntries(CLASSIC_RESULTS.map((r) => [r.id, publishedFigure(r)]));
    expect(figures['mlp-300']).toBeCloseTo(0.047, 10);
    expect(figures['mlp-800']).toBeCloseTo(0.016, 10);
    expect(figures.lenet5).toBeCloseTo(0.0095, 10);
    expect(figures['cifar-tutorial']).toBeCloseTo(0.86, 10);
  });

  it('has presets the trainers accept, with the architecture named in each row', () => {
    for (const result of CLASSIC_RESULTS)
      expect(findSettingsIssues(result.dataset, result.preset)).toEqual([]);
    expect(CLASSIC_RESULTS.map((r) => [r.preset.model, r.preset.hidden])).toEqual([
      ['mnist-mlp', 300],
      ['mnist-mlp', 800],
      ['mnist-cnn', 0],
      ['cifar-tutorial', 0],
    ]);
  });
});
