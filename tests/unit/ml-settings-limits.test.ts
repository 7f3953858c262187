import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SETTING_LIMITS, validateTrainerSettings } from '../../src/lib/ml/catalog';
import { createMemoryCheckpointStore } from '../../src/lib/ml/checkpoint';
import { createMnistMlp } from '../../src/lib/ml/models';
import type { TrainerEvent, TrainerSettings } from '../../src/lib/ml/protocol';
import { createTrainerRuntime } from '../../src/lib/ml/runtime';
import { syntheticImages } from '../../src/lib/ml/synthetic';
import { train } from '../../src/lib/ml/train';
import {
  DEFAULT_SETTINGS,
  findSettingsIssues,
  type IslandSettings,
} from '../../src/lib/trainer-view/settings';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

type Shared = 'epochs' | 'batchSize' | 'learningRate';

/** What the form, the runtime and the loop each say about one value of one setting. */
async function messagesFor(field: Shared, value: number): Promise<string[]> {
  const form: IslandSettings = { ...DEFAULT_SETTINGS.mnist, [field]: value };
  const formMessage = findSettingsIssues('mnist', form).find((issue) => issue.key !== 'model')?.message;

  const run: TrainerSettings = {
    modelId: 'mnist-mlp',
    epochs: 1,
    batchSize: 10,
    learningRate: 0.01,
    seed: 1,
    [field]: value,
  };
  const events: TrainerEvent[] = [];
  const runtime = createTrainerRuntime({
    where: 'main-thread',
    post: (event) => events.push(event),
    checkpoints: createMemoryCheckpointStore(),
    loadData: async () => syntheticImages(10, [28, 28, 1]),
  });
  await runtime.handle({ type: 'start', settings: run });
  const runtimeError = events.find((event) => event.type === 'error');

  const model = createMnistMlp({ seed: 1, units: [4] });
  let trainMessage = '';
  try {
    await train(model, syntheticImages(10, [28, 28, 1]), { ...run, inputShape: [28, 28, 1] });
  } catch (error) {
    trainMessage = (error as Error).message;
  } finally {
    model.dispose();
  }
  expect(runtimeError).toMatchObject({ code: 'invalid-settings', fatal: false });
  return [formMessage ?? '', runtimeError?.type === 'error' ? runtimeError.message : '', trainMessage];
}

describe('one table of setting limits', () => {
  it.each([
    ['epochs', SETTING_LIMITS.epochs.max + 1, 'epochs must be an integer from 1 to 50; got 51.'],
    ['batchSize', 2000, 'batchSize must be an integer from 1 to 1024; got 2000.'],
    ['learningRate', 5, 'learningRate must be a number from 0.00001 to 1; got 5.'],
    ['epochs', 0, 'epochs must be an integer from 1 to 50; got 0.'],
  ] as const)(
    'the form, the runtime and train() refuse %s = %s in the same words',
    async (field, value, message) => {
      expect(await messagesFor(field, value)).toEqual([message, message, message]);
    },
  );

  it('lets every default through all three', async () => {
    expect(findSettingsIssues('mnist', DEFAULT_SETTINGS.mnist)).toEqual([]);
    expect(findSettingsIssues('cifar10', DEFAULT_SETTINGS.cifar10)).toEqual([]);
    expect(() =>
      validateTrainerSettings({
        modelId: 'cifar-modern',
        epochs: 50,
        batchSize: 1024,
        learningRate: 1,
        seed: 0,
      }),
    ).not.toThrow();
  });

  it('checks a subset against its own dataset', () => {
    const run = { modelId: 'cifar-tutorial', epochs: 1, batchSize: 32, learningRate: 0.001, seed: 1 };
    expect(() => validateTrainerSettings({ ...run, trainSubset: 55_000 })).toThrow(
      'trainSubset must be an integer from 100 to 50000; got 55000.',
    );
    expect(() =>
      validateTrainerSettings({ ...run, modelId: 'mnist-mlp', trainSubset: 55_000 }),
    ).not.toThrow();
  });
});
