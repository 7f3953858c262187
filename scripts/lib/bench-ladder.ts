/**
 * `npm run bench -- --ladder`: trains each ladder preset of chapter 8 (`LADDER_PRESETS`) as the
 * trainer does (`measurePresetRun`: the same subset, validation images held out, settings from
 * `toRunSettings`) on TF.js's wasm backend in Node (with the training kernels of
 * src/lib/ml/wasm-kernels/, as in the browser), measures each on the preset's test images, and
 * writes `src/data/ladder/ladder.json`.
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
  const { measurePresetRun } = await import('../../src/lib/bench/measure');
  const { LADDER_BUDGET, LADDER_PRESETS } = await import('../../src/lib/ml/presets');
  const { toRunSettings } = await import('../../src/lib/trainer-view/settings');
  const wasm = fileURLToPath(
    import.meta.resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm.wasm'),
  );
  await setUpWasm(wasm.replace(/[^/]+$/, ''));
  if (!(await tf.setBackend('wasm'))) throw new Error('TF.js could not start its wasm backend.');
  await tf.ready();

  options.log(`Loading ${LADDER_BUDGET.subset} training and ${LADDER_BUDGET.testSubset} test images …`);
  const train = await loadSplit(options.dataUrl, 'cifar10', 'train', { limit: LADDER_BUDGET.subset });
  const test = await loadSplit(options.dataUrl, 'cifar10', 'test', { limit: LADDER_BUDGET.testSubset });
  const results: LadderRungResult[] = [];
  for (const preset of LADDER_PRESETS) {
    // Exactly the run the trainer makes from the preset (its validation images held out), so
    // a reader who runs the rung in the page can compare like with like.
    const settings = toRunSettings(preset.settings);
    const run = await measurePresetRun({ preset: preset.id, settings, backend: 'wasm', train, test });
    options.log(
      `${preset.id}: ${(run.testAccuracy * 100).toFixed(1)}% after ${run.trainSeconds.toFixed(0)} s of training`,
    );
    results.push({
      presetId: preset.id,
      rung: preset.rung ?? 'demo',
      model: settings.modelId,
      augment: settings.augment === true,
      trainImages: run.trainImages,
      trainSeconds: Number(run.trainSeconds.toFixed(1)),
      ...(run.validationAccuracy === undefined ? {} : { validationAccuracy: run.validationAccuracy }),
      testAccuracy: run.testAccuracy,
    });
  }
  return results;
}

/** The budget the ladder presets share, read from the bundle (presets.ts needs bundling to load). */
export async function ladderBudget() {
  return (await import('../../src/lib/ml/presets')).LADDER_BUDGET;
}

/** Runs the ladder and writes its report; `out` defaults to src/data/ladder/ladder.json. */
export async function runLadder(
  command: string,
  out = join(ROOT, 'src/data/ladder/ladder.json'),
): Promise<void> {
  const { serveFolder } = await import('./static-server.ts');
  const { bundleScriptLib } = await import('./bundle.ts');
  const { trainLadder: run, ladderBudget } =
    await bundleScriptLib<typeof import('./bench-ladder.ts')>('bench-ladder');
  const LADDER_BUDGET = await ladderBudget();
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
        // The images each rung trains on: the subset less the validation images the trainer holds out.
        trainImages: (rungs[0]?.trainImages ?? LADDER_BUDGET.subset) * LADDER_BUDGET.epochs,
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
