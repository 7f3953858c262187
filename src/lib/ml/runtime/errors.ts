/**
 * Error classification: which `TrainerErrorCode` a failure gets, and the `error` event that
 * reports it. No TF.js: tested on plain errors.
 */
import { DatasetError } from '../../data/loader';
import { storageFailure } from '../checkpoint';
import type { ErrorEvent, TrainerErrorCode, TrainerWarningCode } from '../protocol';

/** Error text that means the device ran out of memory (messages differ per backend). */
export function isOutOfMemory(error: unknown): boolean {
  const message = error instanceof Error ? `${error.name} ${error.message}` : String(error);
  return /out of memory|OOM|failed to allocate|allocation failed|RangeError: Array buffer allocation|exceeds the max|texture size|Cannot allocate/i.test(
    message,
  );
}

export function errorCode(error: unknown): TrainerErrorCode {
  if (error instanceof DatasetError) return 'data-load-failed';
  if (isOutOfMemory(error)) return 'out-of-memory';
  return 'internal';
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export interface FailureContext {
  requestId?: number;
  /** True when the run ended. */
  fatal: boolean;
  /** The run's batch size: an out-of-memory error suggests half of it. */
  batchSize?: number;
}

/** The `error` event for `error`, classified. */
export function errorEvent(error: unknown, context: FailureContext): ErrorEvent {
  const code = errorCode(error);
  return {
    type: 'error',
    code,
    message: messageOf(error),
    fatal: context.fatal,
    ...(context.requestId !== undefined ? { requestId: context.requestId } : {}),
    ...(code === 'out-of-memory' && context.batchSize
      ? { suggestedBatchSize: Math.max(1, Math.floor(context.batchSize / 2)) }
      : {}),
  };
}

/** The `warning` code of a checkpoint that could not be saved. */
export function warningCode(error: unknown): TrainerWarningCode {
  const reason = storageFailure(error);
  return reason === 'quota'
    ? 'checkpoint-quota'
    : reason === 'blocked'
      ? 'checkpoint-blocked'
      : 'checkpoint-not-saved';
}
