/**
 * The training half of `npm run hero`, bundled by esbuild and run in Node (the guide's model
 * code uses TypeScript that Node's type stripping does not run): trains one of the guide's
 * MNIST models with the guide's own `train()` on TF.js's wasm backend (with the training
 * kernels of src/lib/ml/wasm-kernels/, as in the browser), measures it on the whole test
 * split with `evaluate()`, and returns the hero file's content.
 */
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { loadSplit } from '../../src/lib/data/loader';
import { setUpWasm } from '../../src/lib/ml/backend';
import { MODEL_DATASET, MODEL_INPUT_SHAPE, type ModelId } from '../../src/lib/ml/catalog';
import { createModel } from '../../src/lib/ml/models';
import { evaluate, train } from '../../src/lib/ml/train';
import { chooseHeroDigits, encodePixels, type HeroPredictions } from '../../src/lib/site/hero-predictions';

export interface HeroTrainOptions {
  /** URL of the folder holding `mnist/manifest.json` (the static server over public/data). */
  dataUrl: string;
  model: ModelId;
  epochs: number;
  /** Training images (the first ones of the split); the whole split when null. */
  trainLimit: number | null;
  backend: 'wasm' | 'cpu';
  seed: number;
  command: string;
  log: (line: string) => void;
}

/** Learning rates of the committed benchmark's epoch runs (src/data/bench/*.json). */
const LEARNING_RATE: Partial<Record<ModelId, number>> = { 'mnist-mlp': 0.001, 'mnist-cnn': 0.005 };

async function useBackend(backend: 'wasm' | 'cpu'): Promise<void> {
  if (backend === 'wasm') {
    const wasmDir = fileURLToPath(
      import.meta.resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm.wasm'),
    );
    await setUpWasm(wasmDir.replace(/[^/]+$/, ''));
  }
  if (!(await tf.setBackend(backend))) throw new Error(`TF.js could not start its ${backend} backend.`);
  await tf.ready();
}

export async function trainHeroModel(options: HeroTrainOptions): Promise<HeroPredictions> {
  const { model: modelId, log } = options;
  if (MODEL_DATASET[modelId] !== 'mnist') {
    throw new Error(
      `The hero shows MNIST digits; '${modelId}' trains on ${MODEL_DATASET[modelId]}. Pick mnist-mlp or mnist-cnn.`,
    );
  }
  await useBackend(options.backend);
  log(`Loading MNIST from ${options.dataUrl} …`);
  const trainSplit = await loadSplit(options.dataUrl, 'mnist', 'train', {
    limit: options.trainLimit ?? undefined,
  });
  const testSplit = await loadSplit(options.dataUrl, 'mnist', 'test');
  const inputShape = MODEL_INPUT_SHAPE[modelId];
  const model = createModel(modelId, { seed: options.seed });
  const started = performance.now();
  try {
    await train(model, trainSplit, {
      epochs: options.epochs,
      batchSize: 64,
      learningRate: LEARNING_RATE[modelId] ?? 0.001,
      lrSchedule: 'cosine',
      seed: options.seed,
      inputShape,
      onBatchEnd: (info) => {
        if (info.step % 100 === 0 || info.step === info.totalSteps) {
          log(
            `  step ${info.step}/${info.totalSteps}  loss ${info.loss.toFixed(3)}  ${Math.round(info.imagesPerSec)} images/s`,
          );
        }
      },
    });
    const trainSeconds = (performance.now() - started) / 1000;
    log(`Trained in ${trainSeconds.toFixed(1)} s; evaluating on ${testSplit.count} test digits …`);
    // Every test digit in the gallery: the choice needs each one's prediction.
    const result = await evaluate(model, testSplit, { inputShape, gallerySize: testSplit.count });
    const byIndex = [...result.gallery].sort((a, b) => a.index - b.index);
    const chosen = chooseHeroDigits(
      byIndex.map((item) => item.label),
      byIndex.map((item) => item.predicted),
    );
    return {
      generatedBy: 'npm run hero',
      command: options.command,
      date: new Date().toISOString(),
      model: modelId,
      backend: options.backend,
      epochs: options.epochs,
      trainImages: trainSplit.count,
      testImages: testSplit.count,
      testAccuracy: Number(result.accuracy.toFixed(4)),
      trainSeconds: Number(trainSeconds.toFixed(1)),
      digits: chosen.map((index) => {
        const item = byIndex[index] as (typeof byIndex)[number];
        return {
          index: item.index,
          label: item.label,
          top3: item.top3.map((guess) => ({
            label: guess.label,
            probability: Number(guess.probability.toFixed(4)),
          })),
          pixels: encodePixels(item.pixels),
        };
      }),
    };
  } finally {
    model.dispose();
  }
}
