/**
 * The protocol's evaluation messages: the validation split measured during training, the test
 * split measured only on request. Pure types, re-exported by `protocol.ts`.
 */
import type { ModelId } from './catalog.ts';
import type { EvaluationResult } from './metrics.ts';

/** Evaluate the checkpoint saved for `modelId` on the test split; answers with `evaluation` (source `checkpoint`). */
export interface EvaluateCheckpointCommand {
  type: 'evaluate-checkpoint';
  requestId: number;
  modelId: ModelId;
  testSubset?: number | null;
  /** Test-time flip (the run's `flipTest`). Default false. */
  flip?: boolean;
}
/**
 * Score the model in memory (else the saved checkpoint of `modelId`) on the test split, the
 * reader's final score; answers with `evaluation` (source `test`). Refused with `busy` while a
 * run is training: pause it first. Nothing else touches the test split during a run.
 */
export interface EvaluateTestCommand {
  type: 'evaluate-test';
  requestId: number;
  modelId: ModelId;
  testSubset?: number | null;
  /** Test-time flip (the run's `flipTest`). Default false. */
  flip?: boolean;
}
/** The split an evaluation measured; the test split only ever on the reader's request. */
export type EvaluationSplit = 'validation' | 'test';

export interface EvaluationEvent {
  type: 'evaluation';
  /**
   * `live`: during training; `epoch`: at epoch end (both on the validation split); `test`:
   * answer to evaluate-test; `checkpoint`: answer to evaluate-checkpoint (both on the test split).
   */
  source: 'live' | 'epoch' | 'test' | 'checkpoint';
  /** Which split was measured: `validation` (held out of the training split) or `test`. */
  split: EvaluationSplit;
  requestId?: number;
  modelId: ModelId;
  /** Training step and epoch of the weights measured. */
  step: number;
  epoch: number;
  result: EvaluationResult;
}
