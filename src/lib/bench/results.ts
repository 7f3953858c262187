/**
 * The benchmark's result format: written by `npm run bench` to `src/data/bench/<machine>.json`,
 * rendered by `BenchmarkTable.astro` in the hardware chapter and by the reader's benchmark
 * island. Pure data and formatting; no TF.js, no DOM.
 */
import { fillTemplate as fillStrings } from '../i18n/strings.ts';
import { MODEL_IDS, type ModelId } from '../ml/catalog.ts';
import { z } from '../schema.ts';

export const BENCH_BACKENDS = ['wasm', 'webgl', 'cpu', 'webgpu'] as const;
export type BenchBackend = (typeof BENCH_BACKENDS)[number];

/** Models whose training speed the benchmark compares across backends. */
export const BENCH_MODELS: readonly ModelId[] = MODEL_IDS;

export const ThroughputResultSchema = z.object({
  model: z.enum(MODEL_IDS),
  backend: z.enum(BENCH_BACKENDS),
  /** Images per training step. */
  batchSize: z.number().int().positive(),
  /** Timed steps (after warm-up). */
  steps: z.number().int().nonnegative(),
  /** Wall time of the timed steps. */
  seconds: z.number().nonnegative(),
  imagesPerSecond: z.number().nonnegative(),
  /** Why the measurement failed, when it did (the other fields are then 0). */
  error: z.string().optional(),
});
export type ThroughputResult = z.infer<typeof ThroughputResultSchema>;

/**
 * The row recorded when a model cannot be measured on a backend: no steps, the error's
 * first line, and the batch size that was attempted.
 */
export function failedThroughput(
  model: ModelId,
  backend: BenchBackend,
  batchSize: number,
  error: unknown,
): ThroughputResult {
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0] || 'failed';
  return { model, backend, batchSize, steps: 0, seconds: 0, imagesPerSecond: 0, error: message };
}

export const EpochResultSchema = z.object({
  model: z.enum(MODEL_IDS),
  backend: z.enum(BENCH_BACKENDS),
  batchSize: z.number().int().positive(),
  learningRate: z.number().positive(),
  /** Learning-rate schedule over the epoch (`src/lib/ml/train.ts`); absent in older files: constant. */
  lrSchedule: z.enum(['constant', 'step', 'cosine']).optional(),
  trainImages: z.number().int().positive(),
  testImages: z.number().int().positive(),
  /** Training time for the epoch, evaluation excluded. */
  trainSeconds: z.number().positive(),
  imagesPerSecond: z.number().positive(),
  /** Fraction of the test split classified correctly after the epoch, 0..1. */
  testAccuracy: z.number().min(0).max(1),
});
export type EpochResult = z.infer<typeof EpochResultSchema>;

export const BenchReportSchema = z.object({
  /** The command that produced the file. */
  generatedBy: z.string(),
  /** ISO 8601 time the run finished. */
  date: z.string(),
  machine: z.object({
    /** The file name's stem, e.g. `amd-epyc-7b13-2c`. */
    id: z.string().regex(/^[a-z0-9-]+$/),
    cpu: z.string(),
    cores: z.number().int().positive(),
    os: z.string(),
    browser: z.string(),
    /** One-minute load average when the run started and ended (other work on the machine). */
    loadAverage: z.tuple([z.number(), z.number()]).optional(),
    note: z.string().optional(),
  }),
  /** wasm build used: SIMD, threads. */
  wasm: z.object({ simd: z.boolean(), threads: z.number().int().positive() }),
  throughput: z.array(ThroughputResultSchema),
  epochs: z.array(EpochResultSchema),
});
export type BenchReport = z.infer<typeof BenchReportSchema>;

/** Parses a report, throwing an error that names the file and the first bad field. */
export function parseBenchReport(data: unknown, source: string): BenchReport {
  const result = BenchReportSchema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.join('.') || '(root)';
    throw new Error(
      `Benchmark results ${source} are invalid at ${where}: ${issue?.message}. Re-run \`npm run bench\`.`,
    );
  }
  return result.data;
}

/** What a reader needs to know about the machine behind a report, in plain words. */
export interface MachineDescription {
  /** The browser and its version, e.g. `Headless Chromium 156.0.0.0`. */
  browser: string;
  /**
   * What drew WebGL: a `software` renderer (SwiftShader, llvmpipe: the CPU pretending to be a
   * GPU), a `gpu` with its name, or `null` when the report names none.
   */
  renderer: { kind: 'software' | 'gpu'; name: string } | null;
}

const SOFTWARE_RENDERERS = /swiftshader|llvmpipe|softpipe|software|microsoft basic render/i;

/**
 * Splits the report's browser field (`<browser>, WebGL on <renderer string>`, as `npm run
 * bench` writes it) into the browser and what drew WebGL, named the way a reader knows it:
 * the renderer string's GPU, or "SwiftShader" rather than ANGLE's full Vulkan description.
 */
export function describeMachine(machine: Pick<BenchReport['machine'], 'browser'>): MachineDescription {
  const [browser = '', renderer] = machine.browser.split(/,\s*WebGL on\s*/i);
  if (!renderer) return { browser: browser.trim(), renderer: null };
  const software = renderer.match(SOFTWARE_RENDERERS);
  if (software) {
    const name = /swiftshader/i.test(renderer)
      ? 'SwiftShader'
      : /llvmpipe/i.test(renderer)
        ? 'llvmpipe'
        : software[0];
    return { browser: browser.trim(), renderer: { kind: 'software', name } };
  }
  // ANGLE (Vendor, Device (0x…) Direct3D11 vs_5_0 ps_5_0, D3D11): the device is the second part.
  const device = renderer.match(/^ANGLE \([^,]+,\s*(.+?)(?:,[^,]*)?\)$/i)?.[1] ?? renderer;
  const name = device
    .replace(/\s*\(0x[0-9a-f]+\)/gi, '')
    .replace(/\s+(Direct3D|OpenGL|Vulkan|Metal).*$/i, '')
    .trim();
  return { browser: browser.trim(), renderer: { kind: 'gpu', name } };
}

/** One row per model: images/s on each backend, and wasm's speed-up over the faster of webgl and cpu. */
export interface ThroughputRow {
  model: ModelId;
  perBackend: Partial<Record<BenchBackend, ThroughputResult>>;
  /** wasm ÷ max(webgl, cpu), when all three were measured. */
  speedup: number | null;
}

export function throughputRows(results: readonly ThroughputResult[]): ThroughputRow[] {
  const models = BENCH_MODELS.filter((m) => results.some((r) => r.model === m));
  return models.map((model) => {
    const perBackend: ThroughputRow['perBackend'] = {};
    for (const r of results) if (r.model === model) perBackend[r.backend] = r;
    const ok = (b: BenchBackend) => {
      const r = perBackend[b];
      return r && !r.error && r.imagesPerSecond > 0 ? r.imagesPerSecond : null;
    };
    const wasm = ok('wasm');
    const others = [ok('webgl'), ok('cpu')].filter((v): v is number => v !== null);
    return {
      model,
      perBackend,
      speedup: wasm !== null && others.length > 0 ? wasm / Math.max(...others) : null,
    };
  });
}

/** The batch size of each backend, e.g. `wasm 64, webgl 16, cpu 16` (one number when all agree). */
export function describeBatches(results: readonly ThroughputResult[]): string {
  const byBackend = BENCH_BACKENDS.flatMap((b) => {
    const r = results.find((x) => x.backend === b);
    return r ? [[b, r.batchSize] as const] : [];
  });
  const sizes = new Set(byBackend.map(([, size]) => size));
  if (sizes.size <= 1) return String([...sizes][0] ?? 64);
  return byBackend.map(([b, size]) => `${b} ${size}`).join(', ');
}

import { formatRate } from './format.ts';

export { formatRate };

/** The report as Markdown tables (printed by `npm run bench`). */
export function toMarkdown(report: BenchReport): string {
  const backends = BENCH_BACKENDS.filter((b) => report.throughput.some((r) => r.backend === b));
  const lines = [
    `Training images/s (batch ${describeBatches(report.throughput)}) on ${report.machine.cpu} (${report.machine.cores} cores), ${report.machine.browser}.`,
    `Generated by \`${report.generatedBy}\` on ${report.date}.`,
    '',
    `| model | ${backends.join(' | ')} | wasm ÷ best other |`,
    `| --- | ${backends.map(() => '---:').join(' | ')} | ---: |`,
  ];
  for (const row of throughputRows(report.throughput)) {
    const cells = backends.map((b) => {
      const r = row.perBackend[b];
      if (!r) return '–';
      return r.error ? `failed: ${r.error}` : formatRate(r.imagesPerSecond);
    });
    lines.push(
      `| ${row.model} | ${cells.join(' | ')} | ${row.speedup === null ? '–' : `${row.speedup.toFixed(1)}×`} |`,
    );
  }
  if (report.epochs.length > 0) {
    lines.push(
      '',
      '| one epoch | backend | Adam learning rate | train images | seconds | images/s | test accuracy |',
      '| --- | --- | --- | ---: | ---: | ---: | ---: |',
    );
    for (const e of report.epochs) {
      lines.push(
        `| ${e.model} | ${e.backend} | ${e.learningRate} ${e.lrSchedule ?? 'constant'} | ${e.trainImages.toLocaleString('en')} | ${e.trainSeconds.toFixed(1)} | ${formatRate(e.imagesPerSecond)} | ${(e.testAccuracy * 100).toFixed(2)}% |`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Fills `{{name}}` in an i18n string; throws on a placeholder with no value. */
export function fillTemplate(template: string, values: Record<string, string | number>): string {
  return fillStrings(template, values, { strict: true });
}
