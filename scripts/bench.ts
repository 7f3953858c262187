/**
 * `npm run bench`: training speed of the guide's models on TF.js's wasm (with our
 * training kernels), WebGL and cpu backends in headless Chromium, plus one epoch on full
 * MNIST. Writes `src/data/bench/<machine-id>.json` and prints Markdown tables.
 *
 *   npm run bench                          # everything (about 10 minutes on 2 cores)
 *   npm run bench -- --models mnist-cnn --backends wasm --no-epochs --no-write
 *   npm run bench -- --threads             # threaded wasm (cross-origin isolated page)
 *   npm run bench -- --note "quiet machine" --machine-id my-laptop
 *   npm run bench -- --backends webgpu,webgl --gpu   # on a machine with a real GPU
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_BACKENDS, type BenchBackend, toMarkdown } from '../src/lib/bench/results.ts';
import { MODEL_IDS, type ModelId } from '../src/lib/ml/catalog.ts';
import { type BenchPlan, runBench } from './lib/bench-run.ts';
import { buildBenchPage, serveBenchPage } from './lib/bench-server.ts';
import { launchBrowser } from './lib/browser.ts';
import { GPU_OPTION, gpuLaunchArgs } from './lib/gpu-launch.ts';

const { values } = parseArgs({
  options: {
    models: { type: 'string' },
    backends: { type: 'string' },
    'no-epochs': { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
    threads: { type: 'boolean', default: false },
    'machine-id': { type: 'string' },
    note: { type: 'string' },
    ...GPU_OPTION,
  },
});

function pick<T extends string>(flag: string, given: string | undefined, all: readonly T[]): T[] {
  if (!given) return [...all];
  const list = given.split(',').map((s) => s.trim());
  const bad = list.filter((v) => !all.includes(v as T));
  if (bad.length > 0)
    throw new Error(`--${flag}: unknown ${bad.join(', ')}; expected some of ${all.join(', ')}.`);
  return list as T[];
}

const plan: BenchPlan = {
  models: pick<ModelId>('models', values.models, MODEL_IDS),
  backends: pick<BenchBackend>('backends', values.backends, BENCH_BACKENDS),
  // The cpu backend and WebGL on a software GPU take minutes per batch-64 step of the larger
  // CNNs: they get batch 16 (their time per image hardly depends on the batch), one
  // warm-up step and as few timed steps as fit in the time cap (at least one).
  limits: {
    wasm: { batchSize: 64, warmupSteps: 2, maxSteps: 20, maxSeconds: 6 },
    webgl: { batchSize: 16, warmupSteps: 1, maxSteps: 5, maxSeconds: 6 },
    webgpu: { batchSize: 16, warmupSteps: 1, maxSteps: 5, maxSeconds: 6 },
    cpu: { batchSize: 16, warmupSteps: 1, maxSteps: 3, maxSeconds: 6 },
  },
  epochs: values['no-epochs']
    ? []
    : [
        { model: 'mnist-mlp', backend: 'wasm', learningRate: 0.001, lrSchedule: 'constant' },
        // Tried in Node on the same loop: 0.002 constant → 98.1%, 0.003 cosine → 98.3%,
        // 0.005 cosine → 98.7% after one epoch.
        { model: 'mnist-cnn', backend: 'wasm', learningRate: 0.005, lrSchedule: 'cosine' },
      ],
  machineId: values['machine-id'],
  note: values.note,
  log: (line) => console.error(line),
};

await buildBenchPage();
const { url, server } = await serveBenchPage();
// SwiftShader (software) unless --gpu asks for the machine's real GPU (see gpu-launch.ts).
const browser = await launchBrowser(gpuLaunchArgs(values.gpu ? 'hardware' : 'software'));
try {
  const page = await browser.newPage();
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  await page.goto(`${url}${values.threads ? '?threads=1' : ''}`);
  await page.waitForSelector('body[data-ready="true"]', { state: 'attached' });
  page.setDefaultTimeout(0);
  const report = await runBench(page, plan);
  const markdown = toMarkdown(report);
  console.log(markdown);
  if (!values['no-write']) {
    const dir = resolve(import.meta.dirname, '../src/data/bench');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${report.machine.id}.json`);
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    console.error(`wrote ${file}`);
  }
} finally {
  await browser.close();
  server.close();
}
