import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listPretrained, pretrainedFor } from '../../src/platform/pretrained-models';

const FOLDER = join(import.meta.dirname, '../../src/data/pretrained');
/** Model folders holding all three files, as `npm run pretrain` writes them. */
const complete = existsSync(FOLDER)
  ? readdirSync(FOLDER).filter((id) =>
      ['model.json', 'weights.bin', 'card.json'].every((file) => existsSync(join(FOLDER, id, file))),
    )
  : [];

describe('the pretrained models the site serves', () => {
  it('lists every complete folder of src/data/pretrained/, with its card parsed and both file URLs', () => {
    const listed = listPretrained();
    expect(listed.map((model) => model.id).sort()).toEqual([...complete].sort());
    for (const model of listed) {
      expect(model.modelUrl).toMatch(/model\.json/);
      expect(model.weightsUrl).toMatch(/weights\.bin/);
      expect(model.card.testAccuracy).toBeGreaterThan(0);
    }
  });

  it('offers each trainer the model of its own dataset, or none', () => {
    for (const dataset of ['mnist', 'cifar10'] as const) {
      const model = pretrainedFor(dataset);
      if (model) expect(model.card.dataset).toBe(dataset);
      else expect(listPretrained().some((m) => m.card.dataset === dataset)).toBe(false);
    }
  });
});
