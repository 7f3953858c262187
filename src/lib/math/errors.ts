/**
 * Errors from the math helpers carry a `code` and the values involved, so an island can
 * show a translated sentence while tests and developers still get a readable message.
 */
export type MathErrorCode =
  | 'empty-matrix'
  | 'ragged-matrix'
  | 'not-a-number'
  | 'shape-mismatch'
  | 'bad-probability'
  | 'bad-learning-rate'
  | 'bad-steps'
  | 'bad-start'
  | 'no-evidence'
  | 'bad-kernel'
  | 'bad-kernel-weights'
  | 'bad-stride'
  | 'bad-padding'
  | 'empty-output';

export class MathInputError extends Error {
  override readonly name = 'MathInputError';
  constructor(
    readonly code: MathErrorCode,
    message: string,
    /** Values for the translated message's `{{placeholders}}`. */
    readonly details: Record<string, string | number> = {},
  ) {
    super(message);
  }
}
