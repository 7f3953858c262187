import { describe, expect, it } from 'vitest';
import type { LabeledImages } from '../../src/lib/ml/batches';
import { splitTrainValidation } from '../../src/lib/ml/splits';

/** 100 one-pixel images whose pixel value is their own index, so every copy can be traced back. */
function indexed(count: number): LabeledImages {
  const images = new Uint8Array(count);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    images[i] = i;
    labels[i] = i % 10;
  }
  return { images, labels, count, shape: [1, 1, 1] };
}

describe('splitTrainValidation', () => {
  it('holds out exactly the asked number of examples, disjoint from training and covering the split', () => {
    const data = indexed(100);
    const { train, validation } = splitTrainValidation(data, { validationSize: 20, seed: 7 });
    expect(validation.count).toBe(20);
    expect(train.count).toBe(80);
    const seen = [...train.images, ...validation.images].sort((a, b) => a - b);
    expect(seen).toEqual(Array.from({ length: 100 }, (_, i) => i));
    // Labels travel with their images.
    for (let j = 0; j < validation.count; j++) {
      expect(validation.labels[j]).toBe((validation.images[j] as number) % 10);
    }
  });

  it('gives the same split for the same seed and a different one for another seed', () => {
    const data = indexed(100);
    const a = splitTrainValidation(data, { validationSize: 20, seed: 7 });
    const b = splitTrainValidation(data, { validationSize: 20, seed: 7 });
    const c = splitTrainValidation(data, { validationSize: 20, seed: 8 });
    expect([...a.validationIndices]).toEqual([...b.validationIndices]);
    expect([...a.validationIndices]).not.toEqual([...c.validationIndices]);
  });

  it('does not simply take the first or last examples', () => {
    const { validationIndices } = splitTrainValidation(indexed(1000), { validationSize: 100, seed: 1 });
    expect(validationIndices[0]).toBeLessThan(100);
    expect(validationIndices[99]).toBeGreaterThan(900);
  });

  it('refuses a validation set as large as the training split, naming the limit', () => {
    expect(() => splitTrainValidation(indexed(10), { validationSize: 10, seed: 1 })).toThrow(
      /validationSize must be an integer from 0 to 9/,
    );
  });
});
