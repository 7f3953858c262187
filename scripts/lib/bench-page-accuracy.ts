/**
 * The page side of `--accuracy` (see `bench-accuracy.ts`): trains a CIFAR-10 preset's settings
 * with the guide's loop on wasm until its wall-clock budget runs out, then scores the whole
 * test split. The budget's clock starts before the data loads.
 */
import type { AccuracyResult } from '../../src/lib/bench/results';
import { loadSplit } from '../../src/lib/data/loader';
import { MODEL_INPUT_SHAPE, SETTING_LIMITS } from '../../src/lib/ml/catalog';
import { createModel } from '../../src/lib/ml/models';
import { evaluate, train } from '../../src/lib/ml/train';
import type { AccuracyPlan } from './bench-accuracy';

export async function trainForBudget(plan: AccuracyPlan, threads: number): Promise<AccuracyResult> {
  const { settings } = plan;
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(), plan.budgetSeconds * 1000);
  const dataUrl = `${location.origin}/data/`;
  const limit = plan.fillBudget ? undefined : (settings.trainSubset ?? undefined);
  const [trainData, testData] = [
    await loadSplit(dataUrl, 'cifar10', 'train', { limit }),
    await loadSplit(dataUrl, 'cifar10', 'test'),
  ];
  const inputShape = MODEL_INPUT_SHAPE[settings.modelId];
  const model = createModel(settings.modelId, { ...settings.model, seed: settings.seed });
  let imagesSeen = 0;
  try {
    await train(model, trainData, {
      epochs: plan.fillBudget ? SETTING_LIMITS.epochs.max : settings.epochs,
      batchSize: settings.batchSize,
      learningRate: settings.learningRate,
      lrSchedule: settings.lrSchedule,
      optimizer: settings.optimizer,
      augment: settings.augment ?? true,
      seed: settings.seed,
      inputShape,
      signal: stop.signal,
      onBatchEnd: () => {
        imagesSeen += settings.batchSize;
      },
    });
    clearTimeout(timer);
    const evaluation = await evaluate(model, testData, {
      inputShape,
      gallerySize: 0,
      flip: settings.flipTest ?? false,
    });
    return {
      dataset: 'cifar10',
      preset: plan.preset,
      model: settings.modelId,
      backend: 'wasm',
      threads,
      batchSize: settings.batchSize,
      budgetSeconds: plan.budgetSeconds,
      imagesSeen,
      testImages: testData.count,
      testAccuracy: Math.round(evaluation.accuracy * 10000) / 10000,
    };
  } finally {
    clearTimeout(timer);
    model.dispose();
  }
}
