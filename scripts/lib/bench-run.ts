/**
 * Drives the benchmark page in headless Chromium: one measurement per call, in the
 * order of `plan`, then assembles the report that `scripts/bench.ts` writes. wasm runs once
 * per thread count, each in its own page (TF.js sizes its thread pool when wasm starts).
 */
import { cpus, loadavg, release, type } from 'node:os';
import type { Page } from 'playwright-core';
import { byWasmStep, predictStepSeconds, wasmStepSeconds } from '../../src/lib/bench/predict.ts';
import {
  type AccuracyResult,
  type BenchBackend,
  type BenchMode,
  type BenchReport,
  type EpochResult,
  failedThroughput,
  MAIN_BATCH_SIZE,
  parseBenchReport,
  type ThroughputResult,
} from '../../src/lib/bench/results.ts';
import type { ModelId } from '../../src/lib/ml/protocol.ts';
import type { AccuracyPlan } from './bench-accuracy.ts';

export interface ThroughputLimits {
  batchSize: number;
  warmupSteps: number;
  /** Batch of the warm-up steps when it differs (the cpu backend: a small one). */
  warmupBatchSize?: number;
  maxSteps: number;
  maxSeconds: number;
  /** See `singleStepAbove` in `measure.ts`. */
  singleStepAbove?: number;
}

/** A slow backend's long steps: one step instead of warm-up and more, or none at all. */
export interface LongStepRule {
  /**
   * A first step longer than this is the measurement (`singleStepAbove` of `measure.ts`), for
   * models whose wasm step exceeds `heavyWasmStep` only: a small model's long first step is
   * mostly shader compiling (20 s for the MLP on SwiftShader's WebGPU), not computing.
   */
  singleStepAbove: number;
  heavyWasmStep: number;
  /** A step guessed (`predictStepSeconds`) to be longer than this is skipped, and the table says so. */
  skipAbove?: number;
  /** Once the backend has used this many seconds on this page, its remaining models are skipped. */
  budgetSeconds?: number;
}

export interface SweepPlan {
  batches: readonly number[];
  /** A backend whose step takes longer than this (at batch 64, or at the last batch tried) climbs no further. */
  maxStepSeconds: number;
  limits: Record<BenchBackend, Omit<ThroughputLimits, 'batchSize'>>;
}

export interface BenchPlan {
  models: ModelId[];
  backends: BenchBackend[];
  /** wasm thread counts; counts above 1 run only where the page grants them. */
  threads: number[];
  /** Per backend: the main tables' batch (64 for all), warm-up, timed steps and seconds at most. */
  limits: Record<BenchBackend, ThroughputLimits>;
  /** Per slow backend: what to do when its next step is guessed to be long. */
  longSteps: Partial<Record<BenchBackend, LongStepRule>>;
  forward: boolean;
  sweep: SweepPlan | null;
  /** Backends to train every MNIST preset (`src/lib/ml/presets.ts`) on, start to finish; none: no runs. */
  epochs: BenchBackend[];
  accuracy: AccuracyPlan[];
  machineId?: string;
  note?: string;
  /** WebGL's renderer string when Chromium ran on a real GPU (`--gpu`). */
  gpu?: boolean;
  log: (line: string) => void;
}

export interface PageInfo {
  userAgent: string;
  crossOriginIsolated: boolean;
  simd: boolean;
  threads: number;
  webglRenderer: string | null;
  webgpu: boolean;
}

type Measured = ThroughputResult & { leakedTensors: number };

/** Calls `window.bench[method](...args)` in the page. */
export function callPage<T>(page: Page, method: string, ...args: unknown[]): Promise<T> {
  return page.evaluate(
    ([m, a]) => {
      const bench = (window as unknown as { bench: Record<string, (...args: unknown[]) => unknown> }).bench;
      return bench[m as string]?.(...(a as unknown[]));
    },
    [method, args] as const,
  ) as Promise<T>;
}

/** `AMD EPYC 7B13` + 2 cores → `amd-epyc-7b13-2c`. */
export function machineIdFor(cpu: string, cores: number): string {
  const slug = cpu
    .toLowerCase()
    .replace(/\(r\)|\(tm\)|cpu|processor|@.*$/g, ' ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${slug || 'unknown-cpu'}-${cores}c`;
}

async function measure(
  page: Page,
  plan: BenchPlan,
  model: ModelId,
  backend: BenchBackend,
  limits: ThroughputLimits,
  mode: BenchMode,
  threads: number,
): Promise<ThroughputResult> {
  const started = Date.now();
  try {
    const { leakedTensors, ...result } = await callPage<Measured>(
      page,
      'throughput',
      model,
      backend,
      limits,
      mode,
    );
    if (leakedTensors !== 0) plan.log(`  warning: ${model} on ${backend} left ${leakedTensors} tensors`);
    const perStep = result.steps > 0 ? result.seconds / result.steps : 0;
    plan.log(
      `${mode} ${model} on ${backend}${threads > 1 ? ` ×${threads} threads` : ''} at batch ${limits.batchSize}: ${result.imagesPerSecond} images/s (${result.steps} steps, ${perStep.toFixed(2)} s each; ${((Date.now() - started) / 1000).toFixed(0)} s in all)`,
    );
    return result;
  } catch (error) {
    const failed = failedThroughput(model, backend, limits.batchSize, error, { mode, threads });
    plan.log(`${mode} ${model} on ${backend} at batch ${limits.batchSize}: FAILED ${failed.error}`);
    return failed;
  }
}

/** Training at the sweep's other batches, climbing while a step stays short. */
async function sweepOne(
  page: Page,
  plan: BenchPlan,
  sweep: SweepPlan,
  main: ThroughputResult,
): Promise<ThroughputResult[]> {
  const stepSeconds = (r: ThroughputResult) => (r.steps > 0 ? r.seconds / r.steps : Number.POSITIVE_INFINITY);
  if (main.error || stepSeconds(main) > sweep.maxStepSeconds) {
    plan.log(
      `  sweep: ${main.model} on ${main.backend} stays at batch ${main.batchSize} (a step takes too long)`,
    );
    return [];
  }
  const results: ThroughputResult[] = [];
  for (const batchSize of sweep.batches) {
    if (batchSize === main.batchSize) continue;
    const limits = { ...sweep.limits[main.backend], batchSize };
    const r = await measure(page, plan, main.model, main.backend, limits, 'train', main.threads);
    results.push(r);
    if (batchSize > main.batchSize && (r.error || stepSeconds(r) > sweep.maxStepSeconds)) break;
  }
  return results;
}

export interface PageRun {
  throughput: ThroughputResult[];
  batchSweep: ThroughputResult[];
}

/** A row for a measurement the benchmark chose not to run, with the reason. */
function skippedRow(
  model: ModelId,
  backend: BenchBackend,
  mode: BenchMode,
  reason: string,
): ThroughputResult {
  return {
    ...failedThroughput(model, backend, MAIN_BATCH_SIZE, `skipped: ${reason}`, { mode }),
    skipped: true,
  };
}

/** Why `model` is not measured on `backend` now, or null to measure it. */
function skipReason(
  plan: BenchPlan,
  backend: BenchBackend,
  guess: number | null,
  spentSeconds: number,
): string | null {
  const rule = plan.longSteps[backend];
  if (!rule) return null;
  if (rule.budgetSeconds !== undefined && spentSeconds > rule.budgetSeconds) {
    return `this run's ${rule.budgetSeconds} s for the ${backend} backend were spent`;
  }
  if (rule.skipAbove !== undefined && guess !== null && guess > rule.skipAbove) {
    return `a batch-${MAIN_BATCH_SIZE} step would take about ${Math.round(guess)} s here`;
  }
  return null;
}

/**
 * Main tables (training, forward) and the batch sweep for `backends` on one page, backend by
 * backend: wasm first, so each slow backend takes its models quickest first and can guess,
 * from its ratio to wasm so far, how long the next one will take.
 */
export async function measurePage(
  page: Page,
  plan: BenchPlan,
  backends: BenchBackend[],
  threads: number,
): Promise<PageRun> {
  const run: PageRun = { throughput: [], batchSweep: [] };
  for (const backend of backends) {
    const started = Date.now();
    const models = backend === 'wasm' ? plan.models : byWasmStep(run.throughput, plan.models);
    for (const model of models) {
      const guess = backend === 'wasm' ? null : predictStepSeconds(run.throughput, backend, model);
      const skip = skipReason(plan, backend, guess, (Date.now() - started) / 1000);
      if (skip) {
        plan.log(`${model} on ${backend}: skipped (${skip})`);
        run.throughput.push(skippedRow(model, backend, 'train', skip));
        if (plan.forward) run.throughput.push(skippedRow(model, backend, 'forward', skip));
        continue;
      }
      const rule = plan.longSteps[backend];
      const heavy = rule !== undefined && (wasmStepSeconds(run.throughput, model) ?? 0) > rule.heavyWasmStep;
      const limits = { ...plan.limits[backend], singleStepAbove: heavy ? rule?.singleStepAbove : undefined };
      const main = await measure(page, plan, model, backend, limits, 'train', threads);
      run.throughput.push(main);
      if (plan.forward)
        run.throughput.push(await measure(page, plan, model, backend, limits, 'forward', threads));
      if (plan.sweep) run.batchSweep.push(...(await sweepOne(page, plan, plan.sweep, main)));
    }
  }
  return run;
}

export async function runEpochs(page: Page, plan: BenchPlan): Promise<EpochResult[]> {
  const epochs: EpochResult[] = [];
  if (plan.epochs.length === 0) return epochs;
  const presets = await callPage<string[]>(page, 'presetIds');
  for (const [backend, preset] of plan.epochs.flatMap((b) => presets.map((p) => [b, p] as const))) {
    const r = await callPage<EpochResult>(page, 'preset', preset, backend);
    epochs.push(r);
    const validation =
      r.validationAccuracy === undefined ? '' : `, ${(r.validationAccuracy * 100).toFixed(2)}% validation`;
    plan.log(
      `MNIST preset ${preset} (${r.model}, ${r.epochs} epoch${r.epochs === 1 ? '' : 's'}) on ${backend}: ${(r.testAccuracy * 100).toFixed(2)}% test${validation}, ${r.trainSeconds} s of training (${r.imagesPerSecond} images/s)`,
    );
  }
  return epochs;
}

export interface RunParts extends PageRun {
  info: PageInfo;
  epochs: EpochResult[];
  accuracy: AccuracyResult[];
  loadStart: number;
}

/** The report of a finished run, validated (the main tables' one batch included). */
export function assembleReport(plan: BenchPlan, parts: RunParts): BenchReport {
  const { info } = parts;
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const cores = cpus().length;
  const chromium = /Chrome\/([\d.]+)/.exec(info.userAgent)?.[1];
  const threads = Math.max(1, ...parts.throughput.map((r) => r.threads));
  return parseBenchReport(
    {
      generatedBy: 'npm run bench',
      date: new Date().toISOString(),
      machine: {
        id: plan.machineId ?? machineIdFor(cpu, cores),
        cpu,
        cores,
        os: `${type()} ${release()}`,
        browser: `Headless Chromium ${chromium ?? '?'}${info.webglRenderer ? `, WebGL on ${info.webglRenderer}` : ''}`,
        loadAverage: [round2(parts.loadStart), round2(loadavg()[0] as number)],
        ...(plan.gpu && info.webglRenderer ? { gpu: info.webglRenderer } : {}),
        ...(plan.note ? { note: plan.note } : {}),
      },
      wasm: { simd: info.simd, threads },
      throughput: parts.throughput,
      batchSweep: parts.batchSweep,
      epochs: parts.epochs,
      accuracy: parts.accuracy,
    },
    'from this run',
  );
}

export { MAIN_BATCH_SIZE };

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
