/**
 * `npm run bench`: training and prediction speed of the guide's models on every TF.js
 * backend (wasm with our training kernels, WebGPU, WebGL, cpu) in headless Chromium, all at
 * batch 64, then each backend's best batch, every MNIST preset trained as the trainer runs it and, with `--accuracy`,
 * CIFAR-10 accuracy after five minutes per preset. Writes `src/data/bench/<machine-id>.json`
 * and prints Markdown tables.
 *
 *   npm run bench                          # the tables (under 15 minutes on 2 cores)
 *   npm run bench -- --accuracy            # plus 5 minutes per CIFAR-10 preset
 *   npm run bench -- --backends webgpu,webgl --gpu   # on a machine with a real GPU
 *   npm run bench -- --models mnist-cnn --backends wasm --no-epochs --no-sweep --no-write
 *   npm run bench -- --ladder              # chapter 8's ladder presets → src/data/ladder/ladder.json
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser } from 'playwright-core';
import { toMarkdown } from '../src/lib/bench/markdown.ts';
import {
  BENCH_BACKENDS,
  type BenchBackend,
  MAIN_BATCH_SIZE,
  SWEEP_BATCH_SIZES,
} from '../src/lib/bench/results.ts';
import { MODEL_IDS, type ModelId } from '../src/lib/ml/catalog.ts';
import { type AccuracyPlan, loadAccuracyPlans, runAccuracy } from './lib/bench-accuracy.ts';
import { runLadder } from './lib/bench-ladder.ts';
import {
  assembleReport,
  type BenchPlan,
  measurePage,
  type PageInfo,
  type PageRun,
  runEpochs,
} from './lib/bench-run.ts';
import { buildBenchPage, serveBenchPage } from './lib/bench-server.ts';
import { launchBrowser } from './lib/browser.ts';
import { GPU_OPTION, gpuLaunchArgs } from './lib/gpu-launch.ts';

const { values } = parseArgs({
  options: {
    models: { type: 'string' },
    backends: { type: 'string' },
    threads: { type: 'string', default: '1,2' },
    ...GPU_OPTION,
    'no-forward': { type: 'boolean', default: false },
    'no-sweep': { type: 'boolean', default: false },
    'no-epochs': { type: 'boolean', default: false },
    accuracy: { type: 'boolean', default: false },
    'accuracy-seconds': { type: 'string', default: '300' },
    'no-write': { type: 'boolean', default: false },
    'machine-id': { type: 'string' },
    note: { type: 'string' },
    ladder: { type: 'boolean', default: false },
  },
});

if (values.ladder) {
  await runLadder('npm run bench -- --ladder');
  process.exit(0);
}

function pick<T extends string>(flag: string, given: string | undefined, all: readonly T[]): T[] {
  if (!given) return [...all];
  const list = given.split(',').map((s) => s.trim());
  const bad = list.filter((v) => !all.includes(v as T));
  if (bad.length > 0)
    throw new Error(`--${flag}: unknown ${bad.join(', ')}; expected some of ${all.join(', ')}.`);
  return list as T[];
}

const threads = values.threads.split(',').map(Number);
if (threads.some((n) => !Number.isInteger(n) || n < 1) || threads[0] !== 1) {
  throw new Error(`--threads ${values.threads}: expected wasm thread counts starting with 1, e.g. 1,2.`);
}
const accuracy: AccuracyPlan[] = values.accuracy
  ? await loadAccuracyPlans(Number(values['accuracy-seconds']))
  : [];

// Every backend at batch 64 in the main tables. The cpu backend and a software GPU take a
// minute per step of the larger CNNs: one timed step (the time cap ends the run after it);
// the cpu backend warms up on a batch of 4, as it compiles nothing per shape.
const batchSize = MAIN_BATCH_SIZE;
const plan: BenchPlan = {
  models: pick<ModelId>('models', values.models, MODEL_IDS),
  backends: pick<BenchBackend>('backends', values.backends, BENCH_BACKENDS),
  threads,
  limits: {
    wasm: { batchSize, warmupSteps: 2, maxSteps: 20, maxSeconds: 5 },
    webgpu: { batchSize, warmupSteps: 1, maxSteps: 5, maxSeconds: 4 },
    webgl: { batchSize, warmupSteps: 1, maxSteps: 5, maxSeconds: 4 },
    cpu: { batchSize, warmupSteps: 1, warmupBatchSize: 4, maxSteps: 3, maxSeconds: 3 },
  },
  // A software GPU (no --gpu) takes minutes per step of the larger CNNs, WebGPU most of all: for
  // a model whose wasm step exceeds 0.2 s (the CIFAR nets, the large CNN), a first step over 15 s
  // is the measurement; a step guessed to take over 100 s is skipped, and
  // so is the rest once the backend has used its share of the run; the table says so. The cpu
  // backend is never skipped: it is measured at batch 64 like every other.
  longSteps: {
    webgpu: {
      singleStepAbove: 15,
      heavyWasmStep: 0.2,
      ...(values.gpu ? {} : { skipAbove: 100, budgetSeconds: 60 }),
    },
    webgl: {
      singleStepAbove: 15,
      heavyWasmStep: 0.2,
      ...(values.gpu ? {} : { skipAbove: 100, budgetSeconds: 200 }),
    },
  },
  forward: !values['no-forward'],
  sweep: values['no-sweep']
    ? null
    : {
        batches: SWEEP_BATCH_SIZES,
        maxStepSeconds: 2,
        limits: {
          wasm: { warmupSteps: 1, maxSteps: 10, maxSeconds: 2.5 },
          webgpu: { warmupSteps: 1, maxSteps: 5, maxSeconds: 1.5 },
          webgl: { warmupSteps: 1, maxSteps: 5, maxSeconds: 1.5 },
          cpu: { warmupSteps: 1, warmupBatchSize: 4, maxSteps: 3, maxSeconds: 2.5 },
        },
      },
  // Every MNIST preset as the trainer runs it (subset, validation split, schedule): the
  // table's `cnn` row is the "≥ 99.0% in under a minute" promise of `recipes.ts`.
  epochs: values['no-epochs'] ? [] : ['wasm'],
  accuracy,
  machineId: values['machine-id'],
  note: values.note,
  gpu: values.gpu,
  log: (line) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${line}`),
};

async function openPage(browser: Browser, url: string, wasmThreads: number) {
  const page = await browser.newPage();
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  await page.goto(`${url}?threads=${wasmThreads}`);
  await page.waitForSelector('body[data-ready="true"]', { state: 'attached' });
  page.setDefaultTimeout(0);
  const info = (await page.evaluate(() =>
    (window as unknown as { bench: { info(): Promise<PageInfo> } }).bench.info(),
  )) as PageInfo;
  return { page, info };
}

/** The main tables on the first page, then wasm once more per extra thread count the page grants. */
async function measureAll(browser: Browser, url: string) {
  const loadStart = loadavg()[0] as number;
  const first = await openPage(browser, url, 1);
  const { info } = first;
  plan.log(
    `browser: ${info.userAgent}; webgl: ${info.webglRenderer}; webgpu adapter: ${info.webgpu}; isolated: ${info.crossOriginIsolated}; wasm simd ${info.simd}`,
  );
  const run: PageRun = await measurePage(first.page, plan, plan.backends, 1);
  for (const count of plan.threads.slice(1)) {
    if (!plan.backends.includes('wasm')) break;
    const extra = await openPage(browser, url, count).catch((error: unknown) => {
      plan.log(`wasm with ${count} threads: the page did not start (${String(error)}); skipped`);
      return null;
    });
    if (!extra) continue;
    if (extra.info.threads !== count) {
      plan.log(
        `wasm with ${count} threads: the page granted ${extra.info.threads}; skipped (no way to force it yet)`,
      );
    } else {
      const more = await measurePage(extra.page, plan, ['wasm'], count);
      run.throughput.push(...more.throughput);
      run.batchSweep.push(...more.batchSweep);
    }
    await extra.page.close();
  }
  const epochs = await runEpochs(first.page, plan);
  const accuracyResults = await runAccuracy(first.page, plan.accuracy, plan.log);
  return assembleReport(plan, { ...run, info, epochs, accuracy: accuracyResults, loadStart });
}

await buildBenchPage();
const { url, server } = await serveBenchPage();
const browser = await launchBrowser(gpuLaunchArgs(values.gpu ? 'hardware' : 'software'));
try {
  const report = await measureAll(browser, url);
  console.log(toMarkdown(report));
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
