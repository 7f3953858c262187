import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { layerOutputs } from '../../src/lib/ml/feature-maps';
import {
  channelMeans,
  channelOf,
  drawnChannels,
  isFeatureMap,
  type LayerOutput,
  outputRange,
  topValues,
} from '../../src/lib/ml/layer-output';
import { createModel } from '../../src/lib/ml/models';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('layer outputs of the small MNIST CNN', () => {
  it('gives every layer’s feature maps with the shapes the output-size formula predicts, and frees its tensors', async () => {
    const model = createModel('mnist-cnn', { seed: 3 });
    const image = Float32Array.from({ length: 784 }, (_, i) => ((i * 37) % 255) / 255);
    const before = tf.memory().numTensors;
    const outputs = await layerOutputs(model, image, [28, 28, 1]);
    expect(tf.memory().numTensors).toBe(before);
    const maps = outputs.filter(isFeatureMap).map((o) => [o.kind, o.shape]);
    // 28 − 5 + 1 = 24; pool 2 → 12; 12 − 5 + 1 = 8; pool 2 → 4.
    expect(maps.find(([kind]) => kind === 'Conv2D')?.[1]).toEqual([24, 24, 8]);
    expect(maps.filter(([kind]) => kind === 'MaxPooling2D').map(([, shape]) => shape)).toEqual([
      [12, 12, 8],
      [4, 4, 16],
    ]);
    const last = outputs.at(-1) as LayerOutput;
    expect(last.shape).toEqual([10]);
    expect([...last.values].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    model.dispose();
  });

  it('refuses an image of the wrong size, naming both sizes', async () => {
    const model = createModel('mnist-cnn', { seed: 3 });
    await expect(layerOutputs(model, new Float32Array(10), [28, 28, 1])).rejects.toThrow(
      /784 values .* got 10/,
    );
    model.dispose();
  });
});

describe('ranking activations', () => {
  it('lists the largest values first, ties by index', () => {
    expect(topValues([0.1, 0.7, 0.2, 0.7], 3)).toEqual([
      { index: 1, value: 0.7 },
      { index: 3, value: 0.7 },
      { index: 2, value: 0.2 },
    ]);
  });

  it('averages each channel of an HWC map and pulls one channel out', () => {
    const output: LayerOutput = {
      name: 'c',
      kind: 'Conv2D',
      shape: [1, 2, 2],
      values: Float32Array.from([1, 10, 3, 20]),
    };
    expect([...channelMeans(output)]).toEqual([2, 15]);
    expect([...channelOf(output, 1)]).toEqual([10, 20]);
  });

  it('draws every channel that fits, else the most active ones in channel order, with one range per layer', () => {
    // One pixel, four channels with means 5, -1, 9, 0.
    const output: LayerOutput = {
      name: 'c',
      kind: 'ReLU',
      shape: [1, 1, 4],
      values: Float32Array.from([5, -1, 9, 0]),
    };
    const means = channelMeans(output);
    expect(drawnChannels(means, 4)).toEqual([0, 1, 2, 3]);
    expect(drawnChannels(means, 2)).toEqual([0, 2]);
    // Every channel the "most active" list names is drawn.
    for (const { index } of topValues(means, 2)) expect(drawnChannels(means, 2)).toContain(index);
    expect(outputRange(output)).toEqual({ min: -1, max: 9 });
    expect(outputRange({ ...output, shape: [0, 0, 0], values: new Float32Array() })).toEqual({
      min: 0,
      max: 0,
    });
  });
});
