/**
 * `npm run bench -- --ladder`: trains each ladder preset of chapter 8 (`LADDER_PRESETS`) on the
 * same small CIFAR-10 budget with the guide's own `createModel` and `train()` on TF.js's wasm
 * backend in Node (with the training kernels of src/lib/ml/wasm-kernels/, as in the browser),
 * measures each on the preset's test images, and writes `src/data/ladder/ladder.json`.
 *
 * `runLadder` bundles the training half (`trainLadder` below) with esbuild, as `npm run hero`
 * does: the model code uses TypeScript that Node's type stripping does not run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LadderReport, LadderRungResult } from '../../src/lib/bench/ladder';

const ROOT = resolve(import.meta.dirname, '../..');

export interface LadderTrainOptions {
  /** URL of the folder holding `cifar10/manifest.json` (a static server over public/data). */
  dataUrl: string;
  log: (line: string) => void;
}

/** The training half, run from the bundle: every ladder preset, in the table's order. */
export async function trainLadder(options: LadderTrainOptions): Promise<LadderRungResult[]> {
  const tf = await import('@tensorflow/tfjs');
  const { loadSplit } = await import('../../src/lib/data/loader');
  const { setUpWasm } = await import('../../src/lib/ml/backend');
  const { MODEL_INPUT_SHAPE } = await import('../../src/lib/ml/catalog');
  const { createModel } = await import('../../src/lib/ml/models');
  const { LADDER_BUDGET, LADDER_PRESETS } = await import('../../src/lib/ml/presets');
  const { evaluate, train } = await import('../../src/lib/ml/train');
  const wasm = fileURLToPath(
    import.meta.resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm.wasm'),
  );
  await setUpWasm(wasm.replace(/[^/]+$/, ''));
  if (!(await tf.setBackend('wasm'))) throw new Error('TF.js could not start its wasm backend.');
  await tf.ready();

  options.log(`Loading ${LADDER_BUDGET.subset} training and ${LADDER_BUDGET.testSubset} test images …`);
  const trainSplit = await loadSplit(options.dataUrl, 'cifar10', 'train', { limit: LADDER_BUDGET.subset });
  const testSplit = await loadSplit(options.dataUrl, 'cifar10', 'test', { limit: LADDER_BUDGET.testSubset });
  const results: LadderRungResult[] = [];
  for (const preset of LADDER_PRESETS) {
    const s = preset.settings;
    const inputShape = MODEL_INPUT_SHAPE[s.model];
    const model = createModel(s.model, { seed: s.seed });
    try {
      const started = performance.now();
      await train(model, trainSplit, {
        epochs: s.epochs,
        batchSize: s.batchSize,
        learningRate: s.learningRate,
        lrSchedule: s.schedule,
        seed: s.seed,
        inputShape,
        augment: s.augment === 'on',
      });
      const trainSeconds = (performance.now() - started) / 1000;
      const { accuracy } = await evaluate(model, testSplit, { inputShape });
      options.log(
        `${preset.id}: ${(accuracy * 100).toFixed(1)}% after ${trainSeconds.toFixed(0)} s of training`,
      );
      results.push({
        presetId: preset.id,
        rung: preset.rung ?? 'demo',
        model: s.model,
        augment: s.augment === 'on',
        trainSeconds: Number(trainSeconds.toFixed(1)),
        testAccuracy: Number(accuracy.toFixed(4)),
      });
    } finally {
      model.dispose();
    }
  }
  return results;
}

/** Runs the ladder and writes its report; `out` defaults to src/data/ladder/ladder.json. */
export async function runLadder(
  command: string,
  out = join(ROOT, 'src/data/ladder/ladder.json'),
): Promise<void> {
  const { serveFolder } = await import('./static-server.ts');
  const { LADDER_BUDGET } = await import('../../src/lib/ml/presets.ts');
  const { bundleScriptLib } = await import('./bundle.ts');
  const { trainLadder: run } = await bundleScriptLib<typeof import('./bench-ladder.ts')>('bench-ladder');
  const loadStart = loadavg()[0] as number;
  const server = await serveFolder(join(ROOT, 'public/data'));
  try {
    const rungs = await run({ dataUrl: server.url, log: (line) => console.error(line) });
    const report: LadderReport = {
      generatedBy: 'npm run bench -- --ladder',
      command,
      date: new Date().toISOString(),
      machine: {
        cpu: cpus()[0]?.model.trim() ?? 'unknown',
        cores: cpus().length,
        backend: 'wasm (Node, single thread)',
        loadAverage: [loadStart, loadavg()[0] as number],
      },
      budget: {
        trainImages: LADDER_BUDGET.subset * LADDER_BUDGET.epochs,
        testImages: LADDER_BUDGET.testSubset,
        epochs: LADDER_BUDGET.epochs,
        batchSize: LADDER_BUDGET.batchSize,
        seed: 1,
      },
      rungs,
    };
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
    console.error(`wrote ${out}`);
  } finally {
    await server.close();
  }
}
