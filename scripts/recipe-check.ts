/**
 * `npm run recipe-check`: checks a preset's promise in the browser, by default the `5min`
 * one. Serves the built site (`npm run build` first), opens chapter 8's trainer that the query
 * names (`mnist=…` or `cifar=…`, default `?cifar=preset:5min`) in headless Chromium, presses
 * Start and reads the test accuracy the page shows, with the seconds since Start (data
 * loading and evaluations included). Not part of `npm test`: it trains for minutes. Run it
 * alone (`flock /tmp/heavy.lock npm run recipe-check`) and write down the load it prints.
 *
 *   npm run recipe-check                                   # ≥ 65% within 300 s, else exit 1
 *   npm run recipe-check -- --query 'cifar=preset:5min' --seconds 300 --min 0.65
 *   npm run recipe-check -- --query 'mnist=preset:cnn' --seconds 60 --min 0.99
 *   npm run recipe-check -- --query 'cifar=preset:ladder-modern' --seconds 300 --min 0 --test-images 2000
 *   npm run recipe-check -- --dist dist --lang ja
 *   npm run recipe-check -- --record   # also append the result to src/data/bench/recipes/recipe-search.json
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { launchBrowser, openRecordedPage } from './lib/browser.ts';
import { type RecipeCheckOptions, runRecipeCheck } from './lib/recipe-check.ts';
import { serveFolder } from './lib/static-server.ts';

const ROOT = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    query: { type: 'string', default: 'cifar=preset:5min' },
    seconds: { type: 'string', default: '300' },
    min: { type: 'string', default: '0.65' },
    'test-images': { type: 'string', default: '10000' },
    dist: { type: 'string', default: join(ROOT, 'dist') },
    lang: { type: 'string', default: 'en' },
    record: { type: 'boolean', default: false },
  },
});

const seconds = Number(values.seconds);
const min = Number(values.min);
if (!(seconds > 0)) throw new Error(`--seconds must be a positive number; got ${values.seconds}.`);
if (!(min >= 0 && min <= 1)) throw new Error(`--min must be an accuracy from 0 to 1; got ${values.min}.`);
const testImages = Number(values['test-images']);
if (!Number.isInteger(testImages) || testImages <= 0) {
  throw new Error(
    `--test-images must be the number of test images the score must cover; got ${values['test-images']}.`,
  );
}
const trainerKey = values.query.split('=')[0] ?? '';
const DATASET_OF_KEY: Record<string, 'mnist' | 'cifar10'> = { mnist: 'mnist', cifar: 'cifar10' };
const dataset = DATASET_OF_KEY[trainerKey];
if (!dataset) {
  throw new Error(`--query ${values.query}: expected 'mnist=…' or 'cifar=…' (the trainer's address key).`);
}
if (!existsSync(join(values.dist, 'index.html'))) {
  console.error(`${values.dist} holds no built site; run \`npm run build\` first (or pass --dist).`);
  process.exit(1);
}

const server = await serveFolder(values.dist);
const browser = await launchBrowser();
try {
  const recorded = await openRecordedPage(browser);
  const options: RecipeCheckOptions = {
    url: `${server.url}${values.lang}/guide/first-model/?${values.query}`,
    dataset,
    seconds,
    log: (line) => console.log(line),
  };
  const loadBefore = loadavg()[0] as number;
  const result = await runRecipeCheck(recorded.page, options);
  const report = { ...result, query: values.query, load: [loadBefore, loadavg()[0]] };
  console.log(JSON.stringify(report));
  if (values.record) recordRun(report);
  const ok =
    result.testAccuracy !== null &&
    result.testCount === testImages &&
    result.testAccuracy >= min &&
    result.secondsToTest <= seconds;
  console.log(
    ok
      ? `OK: ${pct(result.testAccuracy)} test accuracy on ${result.testCount} images ${result.secondsToTest.toFixed(0)} s after Start.`
      : `FAILED: wanted ≥ ${pct(min)} on ${testImages} test images within ${seconds} s; got ${pct(result.testAccuracy)} on ${result.testCount ?? 0} after ${result.secondsToTest.toFixed(0)} s.`,
  );
  process.exitCode = ok ? 0 : 1;
} finally {
  await browser.close();
  await server.close();
}

/** Appends a browser run to the recipe search's record, beside the Node runs. */
function recordRun(report: object): void {
  const file = join(ROOT, 'src/data/bench/recipes/recipe-search.json');
  const data = existsSync(file)
    ? JSON.parse(readFileSync(file, 'utf8'))
    : { generatedBy: 'node scripts/recipe-search.ts', runs: [] };
  const command = ['npm run recipe-check --', ...process.argv.slice(2)].join(' ');
  data.runs.push({ kind: 'browser', ...report, date: new Date().toISOString(), command });
  writeFileSync(file, `${JSON.stringify(data, null, 1)}\n`);
}

function pct(value: number | null): string {
  return value === null ? 'no accuracy' : `${(value * 100).toFixed(2)}%`;
}
