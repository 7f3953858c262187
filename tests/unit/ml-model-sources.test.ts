import { describe, expect, it } from 'vitest';
import { modelSources, pickSource } from '../../src/lib/ml/model-sources';
import type { CheckpointInfo, ModelId } from '../../src/lib/ml/protocol';

function saved(modelId: ModelId, savedAt: string, epoch = 1): CheckpointInfo {
  return {
    modelId,
    epoch,
    step: 10,
    savedAt,
    settings: {} as CheckpointInfo['settings'],
    validationAccuracy: 0.9,
  };
}

describe('the networks the convolution island can look inside', () => {
  const checkpoints = [
    saved('mnist-mlp', '2026-12-01T10:00:00Z'),
    saved('cifar-fast', '2026-12-02T09:00:00Z'),
    saved('mnist-cnn', '2026-12-02T08:00:00Z', 2),
  ];

  it('offers the pretrained model first, then the reader’s checkpoints of the same dataset, newest first', () => {
    const sources = modelSources('mnist', 'mnist-cnn', checkpoints);
    expect(sources.map((s) => [s.kind, s.modelId])).toEqual([
      ['pretrained', 'mnist-cnn'],
      ['saved', 'mnist-cnn'],
      ['saved', 'mnist-mlp'],
    ]);
    expect(modelSources('cifar10', 'mnist-cnn', checkpoints).map((s) => s.modelId)).toEqual(['cifar-fast']);
  });

  it('has nothing to offer when the site ships no model and the reader has trained none', () => {
    expect(modelSources('cifar10', null, [])).toEqual([]);
    expect(pickSource([], 'pretrained')).toBeNull();
  });

  it('keeps the reader’s choice while it is offered, and a newer save of the same model is a new choice', () => {
    const sources = modelSources('mnist', 'mnist-cnn', checkpoints);
    const own = sources[1]?.key ?? '';
    expect(pickSource(sources, own)?.modelId).toBe('mnist-cnn');
    expect(pickSource(sources, own)?.kind).toBe('saved');
    const later = modelSources('mnist', 'mnist-cnn', [saved('mnist-cnn', '2026-12-02T11:00:00Z', 3)]);
    expect(later[1]?.key).not.toBe(own);
    expect(pickSource(later, own)?.kind).toBe('pretrained');
  });
});
