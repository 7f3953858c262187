import { describe, expect, it } from 'vitest';
import type { EvaluationEvent, ProgressEvent } from '../../src/lib/ml/protocol';
import {
  applyEvent,
  beginRun,
  createViewModel,
  isBusy,
  resetViewModel,
} from '../../src/lib/trainer-view/view-model';

function progress(step: number, loss = 1 / step): ProgressEvent {
  return {
    type: 'progress',
    epoch: 0,
    epochs: 1,
    batch: step - 1,
    batchesPerEpoch: 10,
    step,
    totalSteps: 10,
    loss,
    accuracy: 0.5,
    learningRate: 0.001,
    imagesPerSec: 900,
    msPerStep: 70,
    etaSeconds: 10 - step,
    memory: { numTensors: 40, numBytes: 1000 },
  };
}

function evaluation(
  step: number,
  accuracy: number,
  source: EvaluationEvent['source'] = 'live',
): EvaluationEvent {
  return {
    type: 'evaluation',
    source,
    split: source === 'live' || source === 'epoch' ? 'validation' : 'test',
    modelId: 'mnist-mlp',
    step,
    epoch: 0,
    result: {
      count: 100,
      loss: 0.3,
      accuracy,
      topK: [],
      perClass: [],
      confusion: [],
      gallery: [],
      durationMs: 10,
    },
  };
}

describe('the trainer view-model', () => {
  it('records each step for the charts and says which parts changed', () => {
    const vm = createViewModel('mnist');
    expect([...applyEvent(vm, progress(1))]).toEqual(['progress', 'training']);
    applyEvent(vm, progress(2));
    expect(vm.training.map((p) => p.step)).toEqual([1, 2]);
    expect(vm.progress?.imagesPerSec).toBe(900);
    expect(vm.memory).toEqual({ numTensors: 40, numBytes: 1000 });
  });

  it('keeps the curves ordered when a run continues from an earlier checkpoint', () => {
    const vm = createViewModel('mnist');
    for (const step of [1, 2, 3, 4]) applyEvent(vm, progress(step));
    applyEvent(vm, evaluation(4, 0.8));
    // Context lost after step 4; the checkpoint was at step 2, so training repeats from 3.
    applyEvent(vm, { type: 'context-lost', backend: 'webgl' });
    applyEvent(vm, { type: 'context-recovered', backend: 'webgl', fromEpoch: 0 });
    applyEvent(vm, progress(3, 0.2));
    expect(vm.training.map((p) => p.step)).toEqual([1, 2, 3]);
    expect(vm.training[2]?.loss).toBe(0.2);
    applyEvent(vm, evaluation(4, 0.85));
    expect(vm.evaluations.map((e) => e.accuracy)).toEqual([0.85]);
    expect(vm.notices.map((n) => n.key)).toEqual(['trainer.notice.contextRecovered']);
  });

  it('charts live evaluations but not a checkpoint evaluation, which still fills the tables', () => {
    const vm = createViewModel('mnist');
    applyEvent(vm, evaluation(5, 0.9));
    applyEvent(vm, evaluation(5, 0.7, 'checkpoint'));
    expect(vm.evaluations).toHaveLength(1);
    expect(vm.lastEvaluation?.source).toBe('checkpoint');
  });

  it('keeps the validation curve and the test score apart: no test score until one is asked for', () => {
    const vm = createViewModel('mnist');
    applyEvent(vm, evaluation(5, 0.8, 'live'));
    applyEvent(vm, evaluation(10, 0.85, 'epoch'));
    expect(vm.evaluations.map((e) => e.accuracy)).toEqual([0.8, 0.85]);
    expect(vm.testScore).toBeNull();
    applyEvent(vm, evaluation(10, 0.83, 'test'));
    // The test score is one point of its own: it neither joins nor replaces the validation curve.
    expect(vm.evaluations.map((e) => e.accuracy)).toEqual([0.8, 0.85]);
    expect(vm.testScore).toMatchObject({ step: 10, accuracy: 0.83, examples: 100 });
    expect(vm.lastEvaluation?.split).toBe('test');
    // A later validation point (training resumed after the score) leaves the score as it was.
    applyEvent(vm, evaluation(15, 0.9, 'live'));
    expect(vm.testScore?.step).toBe(10);
    applyEvent(vm, evaluation(15, 0.88, 'test'));
    expect(vm.testScore?.accuracy).toBe(0.88);
    // A fresh run starts without a test score; a resumed one keeps it.
    beginRun(vm, { resume: true });
    expect(vm.testScore?.accuracy).toBe(0.88);
    beginRun(vm, { resume: false });
    expect(vm.testScore).toBeNull();
  });

  it('turns a fatal out-of-memory error into an error phase with the batch size that fits', () => {
    const vm = createViewModel('cifar10');
    applyEvent(vm, {
      type: 'error',
      code: 'out-of-memory',
      message: 'OOM',
      suggestedBatchSize: 16,
      fatal: true,
    });
    expect(vm.phase).toBe('error');
    expect(vm.notices).toEqual([
      {
        id: 'error',
        tone: 'error',
        key: 'trainer.error.out-of-memory',
        values: { batchSize: 16, detail: 'OOM' },
      },
    ]);
    beginRun(vm, { resume: false });
    expect(vm.notices).toEqual([]);
    expect(isBusy(vm.phase)).toBe(true);
  });

  it('says a checkpoint was restored, once, naming its epoch', () => {
    const vm = createViewModel('mnist');
    const checkpoint = {
      modelId: 'mnist-mlp' as const,
      epoch: 1,
      step: 94,
      savedAt: '2026-01-01T00:00:00Z',
      settings: { modelId: 'mnist-mlp' as const, epochs: 1, batchSize: 64, learningRate: 0.001, seed: 1 },
      validationAccuracy: 0.93,
    };
    applyEvent(vm, { type: 'checkpoint-restored', checkpoint, reason: 'resume' });
    applyEvent(vm, { type: 'checkpoint-restored', checkpoint, reason: 'resume' });
    expect(vm.notices).toHaveLength(1);
    expect(vm.notices[0]?.values.epoch).toBe(1);
    expect(vm.checkpoint).toBe(checkpoint);
  });

  it('resumes with the curves kept, starts afresh without them, resets everything', () => {
    const vm = createViewModel('mnist');
    applyEvent(vm, progress(1));
    beginRun(vm, { resume: true });
    expect(vm.training).toHaveLength(1);
    beginRun(vm, { resume: false });
    expect(vm.training).toHaveLength(0);
    applyEvent(vm, { type: 'finished', reason: 'completed', epochsDone: 1, step: 10 });
    expect(vm.phase).toBe('finished');
    resetViewModel(vm);
    expect(vm.phase).toBe('idle');
    expect(vm.notices).toEqual([]);
  });
});
