import { build, type PreviewServer, preview } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openRecordedPage, type RecordedPage } from '../../scripts/lib/browser.ts';
import type { TrainerEvent, TrainerSettings } from '../../src/lib/ml/protocol';

/**
 * The training worker on its own: a fixture page (tests/fixtures/ml-worker) built with Vite
 * drives TrainerClient with the real MNIST shards, so worker loading, backend choice, IndexedDB
 * checkpoints and context-loss recovery are checked without the trainer UI.
 */
const PORT = Number(process.env.E2E_PORT || 4400) + 2;
const ORIGIN = `http://127.0.0.1:${PORT}`;
const CONFIG = 'tests/fixtures/ml-worker/vite.config.ts';
const OUT = `${(process.env.OUT_DIR || 'dist').replace(/\/+$/, '')}-ml-worker`;

type Harness = {
  events: TrainerEvent[];
  open(mode: string): Promise<{ where: string }>;
  send(command: string, settings?: TrainerSettings, resume?: boolean): void;
  predict(): Promise<number[]>;
  exportSizes(): Promise<{ name: string; size: number }[]>;
  checkpoints(): Promise<number>;
};
declare const window: { harness: Harness };

const settings: TrainerSettings = {
  modelId: 'mnist-mlp',
  epochs: 2,
  batchSize: 64,
  learningRate: 0.002,
  seed: 1,
  trainSubset: 2000,
  testSubset: 500,
};

let server: PreviewServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;

beforeAll(async () => {
  process.env.ML_FIXTURE_OUT = `${process.cwd()}/${OUT}`;
  await build({ configFile: CONFIG, mode: 'production' });
  server = await preview({
    configFile: CONFIG,
    preview: { port: PORT, host: '127.0.0.1', strictPort: true },
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function openHarness(recorded: RecordedPage, mode = 'auto'): Promise<string> {
  await recorded.page.goto(`${ORIGIN}/`);
  await recorded.page.waitForFunction(() => 'harness' in window);
  return (await recorded.page.evaluate((m) => window.harness.open(m), mode)).where;
}

async function waitForEnd(recorded: RecordedPage, count = 1): Promise<TrainerEvent[]> {
  await recorded.page.waitForFunction(
    (n) =>
      window.harness.events.filter((e) => e.type === 'finished').length >= n ||
      window.harness.events.some((e) => e.type === 'error' && e.fatal),
    count,
    { timeout: 150_000 },
  );
  // Drop bulky fields before they cross into Node.
  return recorded.page.evaluate(() =>
    window.harness.events.map((e) =>
      e.type === 'evaluation' ? { ...e, result: { ...e.result, gallery: [] } } : e,
    ),
  );
}

function ofType<T extends TrainerEvent['type']>(events: TrainerEvent[], type: T) {
  return events.filter((e): e is Extract<TrainerEvent, { type: T }> => e.type === type);
}

describe('training worker', () => {
  it('trains MNIST in a module worker, skipping a software GPU, with flat memory and a checkpoint per epoch', async () => {
    const recorded = await openRecordedPage(browser);
    try {
      expect(await openHarness(recorded)).toBe('worker');
      await recorded.page.evaluate((s) => {
        window.harness.send('reset');
        window.harness.send('start', s);
      }, settings);
      const events = await waitForEnd(recorded);
      expect(ofType(events, 'error')).toEqual([]);
      const backend = ofType(events, 'backend')[0];
      expect(backend?.where).toBe('worker');
      // This machine has only SwiftShader: auto mode must not train on it.
      if (backend?.device.softwareGpu) expect(backend.name).toBe('wasm');
      const progress = ofType(events, 'progress');
      // 200 of the 2,000 images are held out for validation: ceil(1800 / 64) = 29 steps × 2 epochs.
      expect(progress).toHaveLength(58);
      const epochEnds = ofType(events, 'epoch-end');
      expect(epochEnds.map((e) => e.memory.numTensors)).toEqual([
        epochEnds[0]?.memory.numTensors,
        epochEnds[0]?.memory.numTensors,
      ]);
      const evaluation = ofType(events, 'evaluation').at(-1);
      expect(evaluation).toMatchObject({ source: 'epoch', split: 'validation' });
      expect(evaluation?.result.count).toBe(200);
      // Training never loads the test split: it is scored only on request.
      expect(ofType(events, 'data-progress').filter((e) => e.split === 'test')).toEqual([]);
      expect(evaluation?.result.accuracy).toBeGreaterThan(0.7);
      expect(ofType(events, 'checkpoint-saved').map((e) => e.checkpoint.epoch)).toEqual([1, 2]);
      expect(ofType(events, 'finished')[0]).toMatchObject({ reason: 'completed', epochsDone: 2, step: 58 });

      const probabilities = await recorded.page.evaluate(() => window.harness.predict());
      expect(probabilities).toHaveLength(10);
      expect(probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
      // 784*128+128 + 128*64+64 + 64*10+10 = 109386 float32 weights.
      expect(await recorded.page.evaluate(() => window.harness.exportSizes())).toEqual([
        { name: 'model.json', size: expect.any(Number) },
        { name: 'weights.bin', size: 109_386 * 4 },
      ]);
      expect(recorded.foreignRequests(ORIGIN)).toEqual([]);

      // After a reload the checkpoint is still in IndexedDB and training continues from epoch 2.
      expect(await openHarness(recorded)).toBe('worker');
      expect(await recorded.page.evaluate(() => window.harness.checkpoints())).toBe(1);
      await recorded.page.evaluate((s) => window.harness.send('start', { ...s, epochs: 3 }, true), settings);
      const resumed = await waitForEnd(recorded);
      expect(ofType(resumed, 'checkpoint-restored')[0]).toMatchObject({
        reason: 'resume',
        checkpoint: { epoch: 2 },
      });
      expect(ofType(resumed, 'progress')[0]).toMatchObject({ epoch: 2, step: 59 });
      expect(ofType(resumed, 'finished')[0]).toMatchObject({ reason: 'completed', epochsDone: 3, step: 87 });
    } finally {
      await recorded.close();
    }
  });

  it('recovers from a lost WebGL context from the last checkpoint and finishes', async () => {
    const recorded = await openRecordedPage(browser);
    try {
      await openHarness(recorded, 'worker');
      const webgl: TrainerSettings = {
        ...settings,
        epochs: 3,
        batchSize: 100,
        trainSubset: 500,
        testSubset: 200,
        backend: 'webgl',
      };
      await recorded.page.evaluate((s) => {
        window.harness.send('reset');
        window.harness.send('start', s);
      }, webgl);
      await recorded.page.waitForFunction(
        () => window.harness.events.some((e) => e.type === 'checkpoint-saved'),
        null,
        {
          timeout: 120_000,
        },
      );
      await recorded.page.evaluate(() => window.harness.send('lose'));
      const events = await waitForEnd(recorded);
      expect(ofType(events, 'backend')[0]?.name).toBe('webgl');
      expect(ofType(events, 'context-lost')).toHaveLength(1);
      expect(ofType(events, 'checkpoint-restored')[0]).toMatchObject({ reason: 'context-loss' });
      const recovered = ofType(events, 'context-recovered')[0];
      expect(recovered?.fromEpoch).toBeGreaterThanOrEqual(1);
      expect(ofType(events, 'finished')[0]).toMatchObject({ reason: 'completed', epochsDone: 3 });
      expect(ofType(events, 'error').filter((e) => e.fatal)).toEqual([]);
    } finally {
      await recorded.close();
    }
  });

  it('recovers from a lost WebGPU device (device.destroy()) from the last checkpoint and finishes', async () => {
    // WebGPU is behind a flag in headless Chromium; here it runs on SwiftShader, chosen explicitly.
    const gpuBrowser = await launchBrowser(['--enable-unsafe-webgpu']);
    const recorded = await openRecordedPage(gpuBrowser);
    try {
      await openHarness(recorded, 'worker');
      const webgpu: TrainerSettings = {
        ...settings,
        epochs: 2,
        batchSize: 100,
        trainSubset: 300,
        testSubset: 200,
        backend: 'webgpu',
      };
      await recorded.page.evaluate((s) => {
        window.harness.send('reset');
        window.harness.send('start', s);
      }, webgpu);
      await recorded.page.waitForFunction(
        () => window.harness.events.some((e) => e.type === 'checkpoint-saved'),
        null,
        { timeout: 120_000 },
      );
      await recorded.page.evaluate(() => window.harness.send('lose'));
      const events = await waitForEnd(recorded);
      expect(ofType(events, 'backend')[0]?.name).toBe('webgpu');
      expect(ofType(events, 'context-lost')).toEqual([{ type: 'context-lost', backend: 'webgpu' }]);
      expect(ofType(events, 'checkpoint-restored')[0]).toMatchObject({ reason: 'context-loss' });
      const recovered = ofType(events, 'context-recovered')[0];
      expect(recovered).toMatchObject({ backend: 'webgpu' });
      expect(recovered?.fromEpoch).toBeGreaterThanOrEqual(1);
      expect(ofType(events, 'finished')[0]).toMatchObject({ reason: 'completed', epochsDone: 2 });
      expect(ofType(events, 'error').filter((e) => e.fatal)).toEqual([]);
    } finally {
      await recorded.close();
      await gpuBrowser.close();
    }
  });

  it('runs on the main thread when asked to (the fallback path)', async () => {
    const recorded = await openRecordedPage(browser);
    try {
      expect(await openHarness(recorded, 'main-thread')).toBe('main-thread');
      const small: TrainerSettings = {
        ...settings,
        epochs: 1,
        trainSubset: 300,
        testSubset: 100,
        backend: 'cpu',
      };
      await recorded.page.evaluate((s) => {
        window.harness.send('reset');
        window.harness.send('start', s);
      }, small);
      const events = await waitForEnd(recorded);
      expect(ofType(events, 'backend')[0]).toMatchObject({ name: 'cpu', where: 'main-thread' });
      // 270 of the 300 images train (30 validate): ceil(270 / 64) = 5 steps.
      expect(ofType(events, 'finished')[0]).toMatchObject({ reason: 'completed', epochsDone: 1, step: 5 });
    } finally {
      await recorded.close();
    }
  });
});
