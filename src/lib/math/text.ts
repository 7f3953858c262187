import { MathInputError } from './errors';

/** Replaces every `{{name}}` in `template` with `values[name]`; unknown names stay visible. */
export function fillTemplate(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (match, name: string) =>
    name in values ? String(values[name]) : match,
  );
}

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
