/**
 * Every committed pretrained model (`src/data/pretrained/<modelId>/`, written by
 * `npm run pretrain`) loads in Node with TF.js, scores on the whole test split what its card
 * claims (within 0.1 point), and clears the floor the guide promises for its dataset.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSplit } from '../../src/lib/data/loader';
import { setUpWasm } from '../../src/lib/ml/backend';
import { MODEL_INPUT_SHAPE } from '../../src/lib/ml/catalog';
import { registerCustomLayers } from '../../src/lib/ml/models';
import { parsePretrainedCard } from '../../src/lib/ml/pretrained-card';
import { PRETRAINED_RECIPES } from '../../src/lib/ml/recipes';
import { evaluate } from '../../src/lib/ml/train';
import { serveFolder, type TestServer } from '../fixtures/data/fixtures';

const PRETRAINED = resolve('src/data/pretrained');
const DATA = resolve('public/data');
/** What the guide promises a reader of each dataset's pretrained model (issue 9, issue 10). */
const FLOOR = { mnist: 0.985, cifar10: 0.65 } as const;

const folders = existsSync(PRETRAINED) ? readdirSync(PRETRAINED).sort() : [];
let server: TestServer;

beforeAll(async () => {
  // wasm, as the trainers evaluate in the browser: the cpu backend takes minutes on CIFAR-10.
  const wasmFile = createRequire(import.meta.url).resolve(
    '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm.wasm',
  );
  await setUpWasm(`${dirname(wasmFile)}/`);
  expect(await tf.setBackend('wasm')).toBe(true);
  registerCustomLayers();
  server = await serveFolder(DATA);
});
afterAll(async () => {
  await server?.close();
});

async function loadModel(dir: string): Promise<tf.LayersModel> {
  const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  const weights = readFileSync(join(dir, 'weights.bin'));
  const manifest = json.weightsManifest as { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  expect(manifest.map((group) => group.paths)).toEqual([['weights.bin']]);
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: manifest.flatMap((group) => group.weights),
      weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
    }),
  );
}

describe('pretrained models', () => {
  it('ships the MNIST CNN and every recipe of npm run pretrain in a folder named after its model', () => {
    expect(folders).toContain('mnist-cnn');
    for (const folder of folders) {
      const recipe = PRETRAINED_RECIPES.find((r) => r.settings.modelId === folder);
      expect(recipe, `${folder} is not a model npm run pretrain makes`).toBeDefined();
      const card = parsePretrainedCard(
        JSON.parse(readFileSync(join(PRETRAINED, folder, 'card.json'), 'utf8')),
        `${folder}/card.json`,
      );
      expect(card.modelId).toBe(folder);
      expect(card.preset).toBe(recipe?.preset);
    }
  });

  for (const folder of folders) {
    it(`${folder} scores its card's test accuracy on the whole test split`, async () => {
      const dir = join(PRETRAINED, folder);
      const card = parsePretrainedCard(JSON.parse(readFileSync(join(dir, 'card.json'), 'utf8')));
      const model = await loadModel(dir);
      try {
        expect(model.countParams()).toBe(card.params);
        const test = await loadSplit(server.url, card.dataset, 'test');
        const result = await evaluate(model, test, {
          inputShape: MODEL_INPUT_SHAPE[card.modelId],
          gallerySize: 0,
          batchSize: 500,
          // As npm run pretrain scored it: with test-time flip when the recipe uses it.
          flip: card.settings.flipTest === true,
        });
        expect(result.count).toBe(10_000);
        expect(Math.abs(result.accuracy - card.testAccuracy)).toBeLessThanOrEqual(0.001);
        expect(result.accuracy).toBeGreaterThanOrEqual(FLOOR[card.dataset]);
      } finally {
        model.dispose();
      }
    }, 240_000);
  }
});
