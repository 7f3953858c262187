/**
 * The training half of `npm run sweep`, bundled by esbuild and run in Node (as `npm run hero`
 * is): every point of the kernel sweep trained with the guide's own `runSweepPoint` on TF.js's
 * wasm backend (with the training kernels of src/lib/ml/wasm-kernels/, as in the browser).
 */
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { loadSplit } from '../../src/lib/data/loader';
import { type SweepPlan, splitForSweep } from '../../src/lib/experiments/kernel-sweep';
import { runSweepPoint } from '../../src/lib/experiments/run-point';
import type { SweepPointResult, SweepReference } from '../../src/lib/experiments/sweep-result';
import { setUpWasm } from '../../src/lib/ml/backend';

export interface SweepRunOptions {
  /** URL of the folder holding `mnist/manifest.json` (the static server over public/data). */
  dataUrl: string;
  plan: SweepPlan;
  backend: 'wasm' | 'cpu';
  command: string;
  machine: string;
  log: (line: string) => void;
}

async function useBackend(backend: 'wasm' | 'cpu'): Promise<void> {
  if (backend === 'wasm') {
    const wasmFile = fileURLToPath(
      import.meta.resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm.wasm'),
    );
    await setUpWasm(wasmFile.replace(/[^/]+$/, ''));
  }
  if (!(await tf.setBackend(backend))) throw new Error(`TF.js could not start its ${backend} backend.`);
  await tf.ready();
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));

/** Rounds the figures so the committed file diffs readably (4 digits of a ratio = 0.01 points). */
function rounded(result: SweepPointResult): SweepPointResult {
  return {
    ...result,
    validationAccuracy: round(result.validationAccuracy, 4),
    macroPrecision: round(result.macroPrecision, 4),
    macroRecall: round(result.macroRecall, 4),
    perClass: result.perClass.map((c) => ({
      ...c,
      precision: round(c.precision, 4),
      recall: round(c.recall, 4),
    })),
    imagesPerSec: round(result.imagesPerSec, 1),
    trainSeconds: round(result.trainSeconds, 1),
  };
}

export async function runKernelSweep(options: SweepRunOptions): Promise<SweepReference> {
  const { plan, log } = options;
  const { budget } = plan;
  const start = loadavg().map((v) => round(v, 2));
  await useBackend(options.backend);
  log(`Loading ${budget.trainImages + budget.validationImages} MNIST training digits …`);
  const data = await loadSplit(options.dataUrl, 'mnist', 'train', {
    limit: budget.trainImages + budget.validationImages,
  });
  const split = splitForSweep(data, budget);
  const results: SweepPointResult[] = [];
  for (const point of plan.points) {
    log(`${point.id}: filters [${point.filters.join(', ')}] …`);
    const result = await runSweepPoint(point, split, budget);
    if (!result) throw new Error(`${point.id} stopped before it finished.`);
    log(
      `  ${(result.validationAccuracy * 100).toFixed(2)}% validation, macro P ${(result.macroPrecision * 100).toFixed(1)}% R ${(result.macroRecall * 100).toFixed(1)}%, ${result.parameters} parameters, ${Math.round(result.imagesPerSec)} images/s`,
    );
    results.push(rounded(result));
  }
  return {
    generatedBy: 'npm run sweep',
    command: options.command,
    date: new Date().toISOString(),
    loadAverage: { start, end: loadavg().map((v) => round(v, 2)) },
    machine: options.machine,
    budget,
    results,
  };
}
