/**
 * Drives the benchmark page in headless Chromium: one measurement per call, in the
 * order of `plan`, then assembles the report that `scripts/bench.ts` writes.
 */
import { cpus, loadavg, release, type } from 'node:os';
import type { Page } from 'playwright-core';
import {
  type BenchBackend,
  type BenchReport,
  type EpochResult,
  failedThroughput,
  parseBenchReport,
  type ThroughputResult,
} from '../../src/lib/bench/results.ts';
import type { LrScheduleName, ModelId } from '../../src/lib/ml/protocol.ts';

export interface ThroughputLimits {
  batchSize: number;
  warmupSteps: number;
  maxSteps: number;
  maxSeconds: number;
}

export interface BenchPlan {
  models: ModelId[];
  backends: BenchBackend[];
  /** Per backend: batch, warm-up steps, timed steps at most and seconds at most. */
  limits: Record<BenchBackend, ThroughputLimits>;
  /** One-epoch runs on full MNIST. */
  epochs: { model: ModelId; backend: BenchBackend; learningRate: number; lrSchedule: LrScheduleName }[];
  machineId?: string;
  note?: string;
  log: (line: string) => void;
}

interface PageInfo {
  userAgent: string;
  crossOriginIsolated: boolean;
  simd: boolean;
  threads: number;
  webglRenderer: string | null;
  webgpuAdapter: string | null;
}

type Bench = {
  info(): Promise<PageInfo>;
  throughput(
    m: ModelId,
    b: BenchBackend,
    limits: ThroughputLimits,
  ): Promise<ThroughputResult & { leakedTensors: number }>;
  epoch(m: ModelId, b: BenchBackend, lr: number, schedule: LrScheduleName): Promise<EpochResult>;
};

/** `AMD EPYC 7B13` + 2 cores → `amd-epyc-7b13-2c`. */
export function machineIdFor(cpu: string, cores: number): string {
  const slug = cpu
    .toLowerCase()
    .replace(/\(r\)|\(tm\)|cpu|processor|@.*$/g, ' ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${slug || 'unknown-cpu'}-${cores}c`;
}

export async function runBench(page: Page, plan: BenchPlan): Promise<BenchReport> {
  /** Calls `window.bench[method](...args)` in the page. */
  const call = <M extends keyof Bench>(method: M, ...args: Parameters<Bench[M]>) =>
    page.evaluate(
      ([m, a]) => {
        const bench = (window as unknown as { bench: Record<string, (...args: unknown[]) => unknown> }).bench;
        return bench[m as string]?.(...(a as unknown[]));
      },
      [method, args] as const,
    ) as ReturnType<Bench[M]>;

  const loadStart = loadavg()[0] as number;
  const info = await call('info');
  plan.log(
    `browser: ${info.userAgent}; webgl: ${info.webglRenderer}; webgpu: ${info.webgpuAdapter}; isolated: ${info.crossOriginIsolated}; wasm simd ${info.simd}, threads ${info.threads}`,
  );

  const throughput: ThroughputResult[] = [];
  for (const model of plan.models) {
    for (const backend of plan.backends) {
      const limits = plan.limits[backend];
      const started = Date.now();
      try {
        const r = await call('throughput', model, backend, limits);
        const { leakedTensors, ...result } = r;
        if (leakedTensors !== 0) plan.log(`  warning: ${model} on ${backend} left ${leakedTensors} tensors`);
        throughput.push(result);
        plan.log(
          `${model} on ${backend}: ${result.imagesPerSecond} images/s (${result.steps} steps in ${result.seconds} s; ${((Date.now() - started) / 1000).toFixed(0)} s in all)`,
        );
      } catch (error) {
        const failed = failedThroughput(model, backend, limits.batchSize, error);
        throughput.push(failed);
        plan.log(`${model} on ${backend}: FAILED ${failed.error}`);
      }
    }
  }

  const epochs: EpochResult[] = [];
  for (const { model, backend, learningRate, lrSchedule } of plan.epochs) {
    const r = await call('epoch', model, backend, learningRate, lrSchedule);
    epochs.push(r);
    plan.log(
      `one epoch of ${model} on ${backend}: ${(r.testAccuracy * 100).toFixed(2)}% test accuracy, ${r.trainSeconds} s (${r.imagesPerSecond} images/s)`,
    );
  }

  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const cores = cpus().length;
  const chromium = /Chrome\/([\d.]+)/.exec(info.userAgent)?.[1];
  return parseBenchReport(
    {
      generatedBy: 'npm run bench',
      date: new Date().toISOString(),
      machine: {
        id: plan.machineId ?? machineIdFor(cpu, cores),
        cpu,
        cores,
        os: `${type()} ${release()}`,
        browser: `Headless Chromium ${chromium ?? '?'}${info.webglRenderer ? `, WebGL on ${info.webglRenderer}` : ''}${info.webgpuAdapter && plan.backends.includes('webgpu') ? `, WebGPU on ${info.webgpuAdapter}` : ''}`,
        loadAverage: [round2(loadStart), round2(loadavg()[0] as number)],
        ...(plan.note ? { note: plan.note } : {}),
      },
      wasm: { simd: info.simd, threads: info.threads },
      throughput,
      epochs,
    },
    'from this run',
  );
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
