import { fillTemplate } from '../i18n/strings';
import { MathInputError } from './errors';

export { fillTemplate };

/**
 * The reader-facing sentence for an error: the `math.error.<code>` template filled with
 * the error's details (plus `extra`, e.g. a field label), or the English message when the
 * error is not one of ours.
 */
export function describeError(
  error: unknown,
  strings: Record<string, string>,
  extra: Record<string, string | number> = {},
): string {
  if (error instanceof MathInputError) {
    const template = strings[`math.error.${error.code}`];
    if (template) return fillTemplate(template, { ...error.details, ...extra });
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
