/**
 * Fills `{{name}}` placeholders, the syntax of the site's i18n dictionaries. A placeholder
 * with no value is left as it is, so a missing value shows up instead of vanishing.
 */
export function fillTemplate(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (placeholder, name: string) =>
    name in values ? String(values[name]) : placeholder,
  );
}
