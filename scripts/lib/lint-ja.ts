/**
 * The Japanese lint: textlint with the project's .textlintrc.json (spacing preset and the
 * prh vocabulary in prh.yml) over the Japanese pages and the Japanese interface strings.
 */
import { join } from 'node:path';
import type { TextlintResult } from '@textlint/types';
import { createLinter, loadTextlintrc } from 'textlint';
import { FRONTMATTER_MARKDOWN_PLUGIN } from './textlint-frontmatter.ts';
import { I18N_JSON_PLUGIN } from './textlint-i18n-json.ts';

/** What `npm run lint:ja` checks: every Japanese page and the Japanese dictionary. */
export const JAPANESE_SOURCES = ['src/content/docs/ja/**/*.{md,mdx}', 'src/content/i18n/ja.json'];

/**
 * Lints `files` (paths or globs, relative to `cwd`) with the project's textlint set-up:
 * pages with their frontmatter values, JSON files through the string-value plugin.
 */
export async function lintJapanese(files: string[], cwd = process.cwd()): Promise<TextlintResult[]> {
  const descriptor = await loadTextlintrc({
    configFilePath: join(cwd, '.textlintrc.json'),
    node_modulesDir: join(cwd, 'node_modules'),
  });
  const plugins = [
    FRONTMATTER_MARKDOWN_PLUGIN,
    I18N_JSON_PLUGIN,
    ...(descriptor.toKernelOptions().plugins ?? []),
  ];
  return createLinter({ descriptor: descriptor.shallowMerge({ plugins }), cwd }).lintFiles(files);
}
