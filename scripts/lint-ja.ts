/**
 * `npm run lint:ja`: textlint over the Japanese pages and src/content/i18n/ja.json
 * (spacing rules and the vocabulary in prh.yml). Exits 1 when anything is reported.
 *
 *   npm run lint:ja                 everything
 *   npm run lint:ja -- <files…>     only these files or globs
 */
import { loadLinterFormatter } from 'textlint';
import { JAPANESE_SOURCES, lintJapanese } from './lib/lint-ja.ts';

const files = process.argv.slice(2);
const results = await lintJapanese(files.length > 0 ? files : JAPANESE_SOURCES);
const formatter = await loadLinterFormatter({ formatterName: 'stylish' });
const output = formatter.format(results);
if (output.trim()) console.log(output);
const count = results.reduce((sum, result) => sum + result.messages.length, 0);
console.log(`lint:ja: ${results.length} files, ${count} problem${count === 1 ? '' : 's'}`);
if (count > 0) process.exitCode = 1;
