import { describe, expect, it } from 'vitest';
import { MathInputError } from '../../src/lib/math/errors';
import { bowl, descend, MAX_STEPS, numericGradient, parabola } from '../../src/lib/math/gradient';

describe('numeric and analytic derivatives', () => {
  it('agree on the parabola and the bowl at several points', () => {
    for (const x of [-4, 0, 0.5, 3, 10]) {
      expect(numericGradient(parabola.value, [x])[0]).toBeCloseTo(parabola.gradient([x])[0] ?? Number.NaN, 6);
    }
    for (const point of [
      [1, 1],
      [-2, 0.3],
      [0, 0],
    ]) {
      const numeric = numericGradient(bowl.value, point);
      bowl.gradient(point).forEach((g, i) => {
        expect(numeric[i]).toBeCloseTo(g, 6);
      });
    }
  });

  it('exposes a wrong hand-worked derivative', () => {
    // A classic slip: forgetting the chain rule's factor 2.
    const wrong = ([x = 0]: number[]) => [x - 3];
    expect(Math.abs((numericGradient(parabola.value, [0])[0] ?? 0) - (wrong([0])[0] ?? 0))).toBeGreaterThan(
      1,
    );
  });
});

describe('gradient descent', () => {
  it('follows 0 → 0.6 → 1.08 on (x − 3)² at rate 0.1, as chapter 3 says', () => {
    const history = descend(parabola, { start: [0], learningRate: 0.1, steps: 2 });
    expect(history.map((step) => step.point[0])).toEqual([
      0,
      expect.closeTo(0.6, 12),
      expect.closeTo(1.08, 12),
    ]);
    expect(history[0]?.value).toBe(9);
    expect(history[0]?.gradient).toEqual([-6]);
  });

  it('shrinks the distance to the minimum by 0.8 each step and converges', () => {
    const history = descend(parabola, { start: [0], learningRate: 0.1, steps: 60 });
    const distances = history.map((step) => Math.abs((step.point[0] ?? 0) - 3));
    for (let i = 1; i < distances.length; i++) {
      expect((distances[i] ?? 0) / (distances[i - 1] ?? 1)).toBeCloseTo(0.8, 9);
    }
    expect(history.at(-1)?.point[0]).toBeCloseTo(3, 4);
  });

  it('diverges when the rate is above 1: at 1.1 each step moves 1.2 times further away', () => {
    const history = descend(parabola, { start: [0], learningRate: 1.1, steps: 20 });
    const distances = history.map((step) => Math.abs((step.point[0] ?? 0) - 3));
    expect((distances[1] ?? 0) / (distances[0] ?? 1)).toBeCloseTo(1.2, 9);
    expect(distances.at(-1)).toBeGreaterThan(30 * (distances[0] ?? 0));
  });

  it('goes down the narrow bowl below rate 0.1 and blows up above it', () => {
    const stable = descend(bowl, { start: [-4, 1.5], learningRate: 0.09, steps: 200 });
    expect(stable.at(-1)?.value).toBeLessThan(1e-6);
    const unstable = descend(bowl, { start: [-4, 1.5], learningRate: 0.11, steps: 200 });
    expect(Math.abs(unstable.at(-1)?.point[1] ?? 0)).toBeGreaterThan(1e3);
  });

  it('stops at the first step that overflows', () => {
    const history = descend(parabola, { start: [0], learningRate: 1e200, steps: 50 });
    expect(history.length).toBeLessThan(51);
    expect(Number.isFinite(history.at(-1)?.value)).toBe(false);
  });

  it('rejects a bad rate, step count or start with a message naming the value', () => {
    const check = (fn: () => unknown, code: string, pattern: RegExp) => {
      try {
        fn();
        throw new Error('expected a MathInputError');
      } catch (error) {
        expect(error).toBeInstanceOf(MathInputError);
        expect((error as MathInputError).code).toBe(code);
        expect((error as MathInputError).message).toMatch(pattern);
      }
    };
    check(() => descend(parabola, { start: [0], learningRate: 0, steps: 5 }), 'bad-learning-rate', /is 0;/);
    check(
      () => descend(parabola, { start: [0], learningRate: 0.1, steps: MAX_STEPS + 1 }),
      'bad-steps',
      /from 0 to 1000/,
    );
    check(() => descend(bowl, { start: [1], learningRate: 0.1, steps: 5 }), 'bad-start', /must be 2 finite/);
  });
});
