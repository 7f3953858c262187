/**
 * The search behind the `cnn` and `5min` presets (`src/lib/ml/recipes.ts`): trains candidate
 * recipes (`scripts/lib/recipe-candidates.ts`) in Node with the guide's own loop on wasm and
 * appends what each scored to `src/data/bench/recipes/recipe-search.json`.
 *
 * Accuracy at a fixed image budget does not depend on the machine's load, so long searches
 * may run niced; throughput does, so time it alone (under the shared lock):
 *
 *   nice -n 15 node scripts/recipe-search.ts --only 'fast-32-64-128/b128/onecycle/lr0.01/ls0/e3'
 *   flock /tmp/heavy.lock node scripts/recipe-search.ts --throughput --only '^fast-[^/]+/b\d+$'
 *   node scripts/recipe-search.ts --list
 *
 * `--only` is a regular expression over the candidates' names.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { bundleScriptLib } from './lib/bundle.ts';
import { serveFolder } from './lib/static-server.ts';

const ROOT = resolve(import.meta.dirname, '..');
/** What the record's runs mean; kept at the top of the file. */
const ABOUT = [
  'accuracy: one candidate trained in Node (TF.js wasm, the guide train() and kernels) on the training split less the seeded 5,000-image validation split; budgetImages = epochs x training images; validation and whole-test-split accuracy after training. Accuracy at a budget does not depend on load; nodeImagesPerSec and trainSeconds do (most runs were niced on a shared 2-core machine: see load).',
  'throughput: training steps timed in Node on real augmented batches; speed: the same on the benchmark page in headless Chromium (wasm, 1 thread) beside Node, one command (scripts/recipe-speed.ts); browser: npm run recipe-check, the trainer on the built site from Start to the test score.',
].join(' ');
const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    throughput: { type: 'boolean', default: false },
    steps: { type: 'string', default: '40' },
    list: { type: 'boolean', default: false },
    out: { type: 'string', default: join(ROOT, 'src/data/bench/recipes/recipe-search.json') },
  },
});

const { CANDIDATES } =
  await bundleScriptLib<typeof import('./lib/recipe-candidates.ts')>('recipe-candidates');
const pattern = values.only === undefined ? null : new RegExp(values.only);
const chosen = CANDIDATES.filter((c) => pattern === null || pattern.test(c.name));
if (values.list) {
  for (const c of chosen) console.log(c.name);
  process.exit(0);
}
if (chosen.length === 0) {
  console.error(`--only ${values.only} matches no candidate; see --list.`);
  process.exit(1);
}
const steps = Number(values.steps);
if (!Number.isInteger(steps) || steps < 5) {
  console.error(`--steps must be a whole number ≥ 5; got ${values.steps}.`);
  process.exit(1);
}

const search = await bundleScriptLib<typeof import('./lib/recipe-search.ts')>('recipe-search');
const command = ['node scripts/recipe-search.ts', ...process.argv.slice(2)].join(' ');
const server = await serveFolder(join(ROOT, 'public/data'));
try {
  for (const candidate of chosen) {
    console.log(`${values.throughput ? 'Timing' : 'Training'} ${candidate.name} …`);
    const record = values.throughput
      ? await search.measureThroughput(candidate, { dataUrl: server.url, backend: 'wasm', steps })
      : await search.measureAccuracy(candidate, {
          dataUrl: server.url,
          backend: 'wasm',
          log: (line) => console.log(line),
        });
    console.log(JSON.stringify(record));
    // Re-read before each write: one file, appended run after run.
    const file = existsSync(values.out)
      ? JSON.parse(readFileSync(values.out, 'utf8'))
      : { generatedBy: 'node scripts/recipe-search.ts', about: ABOUT, runs: [] };
    file.about = ABOUT;
    file.runs.push({ ...record, command });
    writeFileSync(values.out, `${JSON.stringify(file, null, 1)}\n`);
  }
} finally {
  await server.close();
}
