/**
 * The GPU path, proven: for every model the trainers offer, the loss gradient with respect to
 * every weight, and the weights after one training step, on `webgl` and `webgpu` (headless
 * Chromium: SwiftShader for both, WebGPU behind `--enable-unsafe-webgpu`) match TF.js's `cpu`
 * backend from the same weights and batch (tests/fixtures/gpu-oracle/page.ts, bundled here
 * with esbuild). Batch 2 keeps the whole file to well under two minutes on two cores.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openRecordedPage, type RecordedPage } from '../../scripts/lib/browser.ts';
import { MODEL_IDS } from '../../src/lib/ml/catalog';
import { describeWorst, type Tolerance } from '../../src/lib/ml/oracle-compare';
import type { GpuBackend, OracleRun } from '../fixtures/gpu-oracle/page';
import { type StaticServer, serveBuild } from './static-server';

const ROOT = join(import.meta.dirname, '../..');
const OUT = join(ROOT, `${(process.env.OUT_DIR || 'dist').replace(/\/+$/, '')}-gpu-oracle`);

/**
 * Gradients: float32 on every backend, but GPU kernels sum in other orders (tiled matmuls,
 * per-pixel convolution gradients, parallel reductions), so each value differs by rounding
 * that grows with the length of the sums (up to 2,304 terms in the CIFAR tutorial net's
 * dense layer, ×5×5×64 in its convolutions). 1e-3 of the tensor's largest value is a hundred
 * times float32's rounding over such sums and still a thousand times below a wrong kernel
 * (a wrong index or a missing term moves the largest values by 10–100%). The absolute 1e-6
 * covers tensors whose values are all near zero (a bias that a dead ReLU cuts off).
 */
const GRADIENT_TOLERANCE: Tolerance = { relative: 1e-3, absolute: 1e-6 };
/**
 * Weights after one Adam step (lr 0.001) from equal weights: the update's own arithmetic
 * (moments, square root, division) and batch norm's moving statistics add float32 rounding of
 * about 1e-7 of a weight. Where the cpu gradient is below NOISE_FLOOR of its tensor's largest
 * value, Adam's sign-like first step turns rounding noise into ±lr, so those elements get 2·lr
 * of slack (`adamStepSlack`); everywhere else a wrong ε or update shows at once.
 */
const STEP_TOLERANCE: Tolerance = { relative: 1e-5, absolute: 1e-6 };
const NOISE_FLOOR = 1e-3;

type Oracle = {
  run(
    model: string,
    backend: GpuBackend,
    tolerances: { gradients: Tolerance; step: Tolerance; noiseFloor: number },
  ): Promise<OracleRun>;
};
declare const window: { oracle: Oracle };

let server: StaticServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let recorded: RecordedPage;

beforeAll(async () => {
  await build({
    entryPoints: [join(ROOT, 'tests/fixtures/gpu-oracle/page.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outfile: join(OUT, 'oracle.js'),
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  writeFileSync(
    join(OUT, 'index.html'),
    '<!doctype html><html lang="en"><meta charset="utf-8"><title>GPU oracle</title><body><script type="module" src="/oracle.js"></script></body></html>\n',
  );
  server = await serveBuild(OUT);
  // WebGPU is behind a flag in headless Chromium; WebGL is SwiftShader by default here.
  browser = await launchBrowser(['--enable-unsafe-webgpu']);
  recorded = await openRecordedPage(browser);
  await recorded.page.goto(server.url);
  await recorded.page.waitForSelector('body[data-ready="true"]', { state: 'attached' });
});

afterAll(async () => {
  await recorded?.close();
  await browser?.close();
  await server?.close();
});

const BACKENDS: GpuBackend[] = ['webgl', 'webgpu'];

describe.each(MODEL_IDS)('%s', (model) => {
  it.each(BACKENDS)('on %s: every weight’s gradient and one training step match cpu', async (backend) => {
    const run = await recorded.page.evaluate(([m, b, t]) => window.oracle.run(m, b, t), [
      model,
      backend,
      { gradients: GRADIENT_TOLERANCE, step: STEP_TOLERANCE, noiseFloor: NOISE_FLOOR },
    ] as const);
    console.log(
      `${model} on ${run.backend}: ${run.seconds.toFixed(1)} s, loss ${run.loss} vs ${run.referenceLoss}; gradients ${describeWorst(run.gradients)}; step ${describeWorst(run.step)}`,
    );
    expect(run.backend).toBe(backend);
    expect(Number.isFinite(run.loss)).toBe(true);
    expect(Math.abs(run.loss - run.referenceLoss)).toBeLessThan(1e-4 * Math.max(1, run.referenceLoss));
    expect(run.gradients.ok, `${model} gradients on ${backend}: ${describeWorst(run.gradients)}`).toBe(true);
    expect(run.step.ok, `${model} step on ${backend}: ${describeWorst(run.step)}`).toBe(true);
    expect(run.leakedTensors).toBe(0);
  });
});
