/**
 * `npm run hero`: trains a small model of the guide on MNIST in Node, with the guide's own
 * model and training code, and writes `src/data/hero/mnist-predictions.json`: a few test
 * digits with the model's top-3 guesses, which the landing page draws without TF.js
 * (`src/components/HeroPredictions.astro`). Commit the regenerated file on its own, naming
 * the command.
 *
 *   npm run hero                                  # small CNN, one epoch on 60,000 digits, wasm
 *   npm run hero -- --model mnist-mlp --epochs 2  # the MLP instead
 *   npm run hero -- --train-limit 10000 --backend cpu --out /tmp/hero.json
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { MODEL_IDS, type ModelId } from '../src/lib/ml/catalog.ts';
import { bundleScriptLib } from './lib/bundle.ts';
import { serveFolder } from './lib/static-server.ts';

const ROOT = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    model: { type: 'string', default: 'mnist-cnn' },
    epochs: { type: 'string', default: '1' },
    'train-limit': { type: 'string' },
    backend: { type: 'string', default: 'wasm' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string', default: join(ROOT, 'src/data/hero/mnist-predictions.json') },
  },
});

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const model = values.model as ModelId;
if (!MODEL_IDS.includes(model))
  fail(`--model ${values.model} is not a model of the guide; use mnist-mlp or mnist-cnn.`);
const epochs = Number(values.epochs);
if (!Number.isInteger(epochs) || epochs < 1)
  fail(`--epochs must be a whole number ≥ 1; got ${values.epochs}.`);
const trainLimit = values['train-limit'] === undefined ? null : Number(values['train-limit']);
if (trainLimit !== null && (!Number.isInteger(trainLimit) || trainLimit < 64)) {
  fail(`--train-limit must be a whole number ≥ 64; got ${values['train-limit']}.`);
}
const backend = values.backend;
if (backend !== 'wasm' && backend !== 'cpu') fail(`--backend must be wasm or cpu; got ${backend}.`);
const seed = Number(values.seed);
if (!Number.isInteger(seed) || seed < 0) fail(`--seed must be a whole number ≥ 0; got ${values.seed}.`);

const { trainHeroModel } = await bundleScriptLib<typeof import('./lib/hero-train.ts')>('hero-train');

const server = await serveFolder(join(ROOT, 'public/data'));
try {
  const command = ['npm run hero', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(
    ' ',
  );
  const result = await trainHeroModel({
    dataUrl: server.url,
    model,
    epochs,
    trainLimit,
    backend,
    seed,
    command,
    log: (line) => console.log(line),
  });
  mkdirSync(dirname(values.out), { recursive: true });
  writeFileSync(values.out, `${JSON.stringify(result, null, 1)}\n`);
  const wrong = result.digits.filter((digit) => digit.top3[0]?.label !== digit.label).length;
  console.log(
    `${model}: ${(result.testAccuracy * 100).toFixed(2)}% on ${result.testImages} test digits; wrote ${result.digits.length} digits (${wrong} wrong) to ${values.out}`,
  );
} finally {
  await server.close();
}
