import type { Translate } from '../i18n/strings';
import { MathInputError } from './errors';

/**
 * The reader-facing sentence for an error: the `math.error.<code>` string filled with the
 * error's details (plus `extra`, e.g. a field label; a `count` picks the plural form), or the
 * English message when the error is not one of ours.
 */
export function describeError(
  error: unknown,
  t: Translate,
  extra: Record<string, string | number> = {},
): string {
  if (error instanceof MathInputError) return t(`math.error.${error.code}`, { ...error.details, ...extra });
  return error instanceof Error ? error.message : String(error);
}
