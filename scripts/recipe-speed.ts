/**
 * `npm run recipe-check -- --speed` lives here: times training steps of CIFAR-10 models on
 * the benchmark page in headless Chromium (wasm, one thread) and, right after, in Node on the
 * same kernels, so the recipe search's Node budgets convert to browser seconds with a ratio
 * measured in one run. Run it under the shared lock and note the load it prints.
 *
 *   node scripts/recipe-speed.ts --models cifar-fast,cifar-modern --batch 128
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { MODEL_IDS, type ModelId } from '../src/lib/ml/catalog.ts';
import { callPage } from './lib/bench-run.ts';
import { buildBenchPage, serveBenchPage } from './lib/bench-server.ts';
import { launchBrowser } from './lib/browser.ts';
import { bundleScriptLib } from './lib/bundle.ts';
import { serveFolder } from './lib/static-server.ts';

const ROOT = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    models: { type: 'string', default: 'cifar-fast,cifar-modern' },
    batch: { type: 'string', default: '128' },
    seconds: { type: 'string', default: '12' },
    record: { type: 'boolean', default: false },
  },
});
const models = values.models.split(',') as ModelId[];
const bad = models.filter((m) => !MODEL_IDS.includes(m));
if (bad.length > 0)
  throw new Error(`--models: unknown ${bad.join(', ')}; expected some of ${MODEL_IDS.join(', ')}.`);
const batchSize = Number(values.batch);
if (!Number.isInteger(batchSize) || batchSize < 1)
  throw new Error(`--batch must be a whole number; got ${values.batch}.`);
const maxSeconds = Number(values.seconds);

const load = () => Number((loadavg()[0] as number).toFixed(2));
const loadBefore = load();
await buildBenchPage();
const { url, server } = await serveBenchPage();
const browser = await launchBrowser();
const browserRates: Record<string, number> = {};
try {
  const page = await browser.newPage();
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]', { state: 'attached' });
  const limits = { batchSize, warmupSteps: 2, maxSteps: 60, maxSeconds };
  for (const model of models) {
    const result = await callPage<{ imagesPerSecond: number }>(
      page,
      'throughput',
      model,
      'wasm',
      limits,
      'train',
    );
    console.log(`${model} on wasm: ${result.imagesPerSecond} images/s`);
    browserRates[model] = result.imagesPerSecond;
  }
} finally {
  await browser.close();
  server.close();
}

const search = await bundleScriptLib<typeof import('./lib/recipe-search.ts')>('recipe-search');
const data = await serveFolder(join(ROOT, 'public/data'));
const rows = [];
try {
  for (const modelId of models) {
    const record = await search.measureThroughput(
      {
        name: modelId,
        settings: { modelId, epochs: 1, batchSize, learningRate: 0.01, optimizer: 'adam', seed: 1 },
      },
      { dataUrl: data.url, backend: 'wasm', steps: 20 },
    );
    const browserRate = browserRates[modelId] ?? null;
    const row = {
      kind: 'speed',
      modelId,
      batchSize,
      browserImagesPerSec: browserRate,
      nodeImagesPerSec: record.nodeImagesPerSec,
      browserToNode: browserRate === null ? null : Number((browserRate / record.nodeImagesPerSec).toFixed(3)),
      load: [loadBefore, load()],
      date: new Date().toISOString(),
      command: ['node scripts/recipe-speed.ts', ...process.argv.slice(2)].join(' '),
    };
    console.log(JSON.stringify(row));
    rows.push(row);
  }
} finally {
  await data.close();
}
if (values.record) {
  const file = join(ROOT, 'src/data/bench/recipes/recipe-search.json');
  const json = existsSync(file)
    ? JSON.parse(readFileSync(file, 'utf8'))
    : { generatedBy: 'node scripts/recipe-search.ts', runs: [] };
  json.runs.push(...rows);
  writeFileSync(file, `${JSON.stringify(json, null, 1)}\n`);
}
