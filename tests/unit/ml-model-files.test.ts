import { describe, expect, it } from 'vitest';
import type { CheckpointInfo } from '../../src/lib/ml/protocol';
import {
  importedCheckpoint,
  joinBuffers,
  ModelFileError,
  modelFiles,
  readModelFiles,
  shapeMismatch,
} from '../../src/lib/ml/runtime/model-files';

/** A chosen file as the page hands it over (a File works the same way). */
function file(name: string, data: string | Uint8Array<ArrayBuffer>) {
  return new File([data], name);
}

const artifacts = {
  modelTopology: { class_name: 'Sequential' },
  weightSpecs: [{ name: 'dense/kernel', shape: [2, 2], dtype: 'float32' as const }],
  weightData: new Float32Array([1, 2, 3, 4]).buffer,
};
const checkpoint: CheckpointInfo = {
  modelId: 'mnist-mlp',
  epoch: 3,
  step: 42,
  savedAt: '2026-01-01T00:00:00.000Z',
  settings: { modelId: 'mnist-mlp', epochs: 3, batchSize: 32, learningRate: 0.002, seed: 7 },
  validationAccuracy: 0.91,
};

describe('model files', () => {
  it('writes model.json and weights.bin that read back to the same artifacts and checkpoint', async () => {
    const exported = modelFiles('mnist-mlp', artifacts, checkpoint, 'TensorFlow.js tfjs-layers v0');
    expect(exported.map((f) => f.name)).toEqual(['model.json', 'weights.bin']);
    const [jsonFile] = exported as unknown as [{ blob: Blob }];
    const json = JSON.parse(await jsonFile.blob.text());
    expect(json).toMatchObject({ format: 'layers-model', weightsManifest: [{ paths: ['weights.bin'] }] });
    const chosen = await Promise.all(
      exported.map(async (f) => file(f.name, new Uint8Array(await f.blob.arrayBuffer()))),
    );
    const back = await readModelFiles(chosen.reverse());
    expect(back.checkpoint).toEqual(checkpoint);
    expect(back.artifacts.modelTopology).toEqual(artifacts.modelTopology);
    expect(back.artifacts.weightSpecs).toEqual(artifacts.weightSpecs);
    expect([...new Float32Array(back.artifacts.weightData)]).toEqual([1, 2, 3, 4]);
  });

  it('joins several weight files in manifest order', async () => {
    const manifest = {
      modelTopology: {},
      weightsManifest: [{ paths: ['group1-shard1of2.bin', 'group1-shard2of2.bin'], weights: [] }],
    };
    const { artifacts: read } = await readModelFiles([
      file('group1-shard2of2.bin', new Uint8Array([3, 4])),
      file('model.json', JSON.stringify(manifest)),
      file('group1-shard1of2.bin', new Uint8Array([1, 2])),
    ]);
    expect([...new Uint8Array(read.weightData)]).toEqual([1, 2, 3, 4]);
    expect([...new Uint8Array(joinBuffers([]))]).toEqual([]);
  });

  it('names the problem when the files are not a model', async () => {
    await expect(readModelFiles([file('weights.bin', 'x')])).rejects.toThrow(
      /No model\.json among the files/,
    );
    await expect(readModelFiles([file('model.json', '{')])).rejects.toThrow(/model\.json is not valid JSON/);
    await expect(readModelFiles([file('model.json', '{"a":1}')])).rejects.toThrow(
      /not a TF\.js layers model \(modelTopology and weightsManifest expected\)/,
    );
    const json = JSON.stringify({ modelTopology: {}, weightsManifest: [{ paths: ['w.bin'], weights: [] }] });
    const missing = readModelFiles([file('model.json', json)]);
    await expect(missing).rejects.toBeInstanceOf(ModelFileError);
    await expect(missing).rejects.toThrow(
      /Weights file 'w\.bin' named in model\.json was not among the chosen files/,
    );
  });

  it('checks the shapes a model takes and gives against the model id', () => {
    expect(shapeMismatch('mnist-mlp', [null, 28, 28, 1], [null, 10])).toBeNull();
    expect(shapeMismatch('cifar-modern', [null, 28, 28, 1], [null, 10])).toMatch(
      /'cifar-modern' needs input \[null,24,24,3\] and 10 outputs/,
    );
    expect(shapeMismatch('mnist-mlp', [null, 28, 28, 1], [null, 5])).toMatch(/gives \[null,5\]/);
  });

  it('keeps an imported checkpoint’s progress, or starts one at epoch 0', () => {
    const now = '2026-02-02T00:00:00.000Z';
    expect(importedCheckpoint('mnist-mlp', checkpoint, now)).toEqual({ ...checkpoint, savedAt: now });
    expect(importedCheckpoint('cifar-modern', null, now)).toMatchObject({
      modelId: 'cifar-modern',
      epoch: 0,
      step: 0,
    });
  });
});
