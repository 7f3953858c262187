/**
 * The benchmark's result format: written by `npm run bench` to `src/data/bench/<machine>.json`,
 * rendered by `BenchmarkTable.astro` in the hardware chapter and by the reader's benchmark
 * island. Pure data and formatting; no TF.js, no DOM.
 */
import { fillTemplate as fillStrings } from '../i18n/strings.ts';
import { MODEL_IDS, type ModelId } from '../ml/catalog.ts';
import { z } from '../schema.ts';

export const BENCH_BACKENDS = ['wasm', 'webgpu', 'webgl', 'cpu'] as const;
export type BenchBackend = (typeof BENCH_BACKENDS)[number];

/** The one batch size of the main comparison tables: every backend, every model. */
export const MAIN_BATCH_SIZE = 64;
/** The batches tried for each backend's best-batch table. */
export const SWEEP_BATCH_SIZES = [16, 32, 64, 128, 256] as const;

/** What a measurement timed: a training step (forward, backward, Adam) or prediction only. */
export const BENCH_MODES = ['train', 'forward'] as const;
export type BenchMode = (typeof BENCH_MODES)[number];

/** Models whose training speed the benchmark compares across backends. */
export const BENCH_MODELS: readonly ModelId[] = MODEL_IDS;

export const ThroughputResultSchema = z.object({
  model: z.enum(MODEL_IDS),
  backend: z.enum(BENCH_BACKENDS),
  /** What was timed (default `train`: forward, backward and the Adam update). */
  mode: z.enum(BENCH_MODES).default('train'),
  /** Threads the wasm backend ran with (1 on the other backends and in older files). */
  threads: z.number().int().positive().default(1),
  /** Images per step. */
  batchSize: z.number().int().positive(),
  /** Timed steps (after warm-up). */
  steps: z.number().int().nonnegative(),
  /** Wall time of the timed steps. */
  seconds: z.number().nonnegative(),
  imagesPerSecond: z.number().nonnegative(),
  /** Why the measurement failed, when it did (the other fields are then 0). */
  error: z.string().optional(),
  /** True when the benchmark chose not to run it (`error` says why): not a failure of the backend. */
  skipped: z.boolean().optional(),
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
  how: { mode?: BenchMode; threads?: number } = {},
): ThroughputResult {
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0] || 'failed';
  return {
    model,
    backend,
    mode: how.mode ?? 'train',
    threads: how.threads ?? 1,
    batchSize,
    steps: 0,
    seconds: 0,
    imagesPerSecond: 0,
    error: message,
  };
}

export const EpochResultSchema = z.object({
  model: z.enum(MODEL_IDS),
  /** The trainer preset this run reproduces (`src/lib/ml/presets.ts`); absent in older files. */
  preset: z.string().min(1).optional(),
  backend: z.enum(BENCH_BACKENDS),
  /** wasm threads (1 elsewhere and in older files). */
  threads: z.number().int().positive().default(1),
  /** Passes over the training images (older files ran one). */
  epochs: z.number().int().positive().default(1),
  batchSize: z.number().int().positive(),
  learningRate: z.number().positive(),
  /** Learning-rate schedule over the run (`src/lib/ml/train.ts`); absent in older files: constant. */
  lrSchedule: z.enum(['constant', 'step', 'cosine', 'linear', 'onecycle']).optional(),
  /** Label smoothing of the run's targets; absent: none. */
  labelSmoothing: z.number().positive().max(0.5).optional(),
  /** Images trained on per epoch (the preset's subset less its validation images). */
  trainImages: z.number().int().positive(),
  testImages: z.number().int().positive(),
  /** Training time for the whole run, evaluation excluded. */
  trainSeconds: z.number().positive(),
  /** Training images per second over the run (`trainImages × epochs ÷ trainSeconds`). */
  imagesPerSecond: z.number().positive(),
  /** The held-out validation images and their accuracy after training; absent in older files. */
  validationImages: z.number().int().positive().optional(),
  validationAccuracy: z.number().min(0).max(1).optional(),
  /** Fraction of the test split classified correctly after the run, 0..1. */
  testAccuracy: z.number().min(0).max(1),
});
export type EpochResult = z.infer<typeof EpochResultSchema>;

/** CIFAR-10 test accuracy after a fixed wall-clock budget of training with a preset (`--accuracy`). */
export const AccuracyResultSchema = z.object({
  dataset: z.literal('cifar10'),
  /** Preset id in `src/lib/ml/presets.ts`, e.g. `5min`. */
  preset: z.string().min(1),
  model: z.enum(MODEL_IDS),
  backend: z.enum(BENCH_BACKENDS),
  threads: z.number().int().positive(),
  batchSize: z.number().int().positive(),
  /** The wall-clock budget from pressing Start, data loading included. */
  budgetSeconds: z.number().positive(),
  /** Training images processed within the budget (repeats across epochs counted). */
  imagesSeen: z.number().int().nonnegative(),
  testImages: z.number().int().positive(),
  /** Fraction of the whole test split classified correctly when the budget ran out, 0..1. */
  testAccuracy: z.number().min(0).max(1),
});
export type AccuracyResult = z.infer<typeof AccuracyResultSchema>;

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
    /** Set by `--gpu`: Chromium ran on the machine's GPU, named by WebGL's unmasked renderer. */
    gpu: z.string().optional(),
    note: z.string().optional(),
  }),
  /** wasm build used: SIMD, and the most threads any row ran with. */
  wasm: z.object({ simd: z.boolean(), threads: z.number().int().positive() }),
  /** The main tables: every backend at one batch size, training and forward-only. */
  throughput: z.array(ThroughputResultSchema),
  /** Training at each batch of `SWEEP_BATCH_SIZES` tried per backend: the best-batch table. */
  batchSweep: z.array(ThroughputResultSchema).default([]),
  epochs: z.array(EpochResultSchema),
  /** CIFAR-10 accuracy after a fixed budget per preset (`npm run bench -- --accuracy`). */
  accuracy: z.array(AccuracyResultSchema).default([]),
});
export type BenchReport = z.infer<typeof BenchReportSchema>;

/**
 * Why a list of results cannot be one comparison, or null when it can: each mode's rows
 * must share one batch size (a backend at batch 16 beside one at batch 64 flatters one of them).
 */
export function mixedBatchProblem(results: readonly ThroughputResult[]): string | null {
  for (const mode of BENCH_MODES) {
    const rows = results.filter((r) => r.mode === mode);
    const sizes = [...new Set(rows.map((r) => r.batchSize))].sort((a, b) => a - b);
    if (sizes.length > 1) {
      const examples = sizes.map((size) => {
        const r = rows.find((x) => x.batchSize === size) as ThroughputResult;
        return `batch ${size} (${r.model} on ${r.backend})`;
      });
      return `the ${mode} comparison mixes ${examples.join(' with ')}; measure every backend at batch ${MAIN_BATCH_SIZE}`;
    }
  }
  return null;
}

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
  const mixed = mixedBatchProblem(result.data.throughput);
  if (mixed) {
    throw new Error(
      `Benchmark results ${source} are invalid at throughput: ${mixed}. Re-run \`npm run bench\`.`,
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

import { formatRate } from './format.ts';

export { formatRate };

/** Fills `{{name}}` in an i18n string; throws on a placeholder with no value. */
export function fillTemplate(template: string, values: Record<string, string | number>): string {
  return fillStrings(template, values, { strict: true });
}
