/**
 * `npm run profile-kernels`: where a wasm training step spends its time, kernel by kernel, at
 * each thread count, in headless Chromium on the benchmark page. The kernels that do not get
 * faster with threads are the ones to work on (issue 10).
 *
 *   npm run profile-kernels -- --models mnist-cnn,cifar-fast --threads 1,2 --batch 64 --steps 10
 */
import { parseArgs } from 'node:util';
import { MODEL_IDS, type ModelId } from '../src/lib/ml/catalog.ts';
import type { ProfileResult } from './lib/bench-page-profile.ts';
import { callPage } from './lib/bench-run.ts';
import { buildBenchPage, serveBenchPage } from './lib/bench-server.ts';
import { launchBrowser } from './lib/browser.ts';

const { values } = parseArgs({
  options: {
    models: { type: 'string', default: 'mnist-cnn,cifar-fast' },
    threads: { type: 'string', default: '1,2' },
    batch: { type: 'string', default: '64' },
    steps: { type: 'string', default: '10' },
    top: { type: 'string', default: '25' },
  },
});

const models = values.models.split(',') as ModelId[];
const bad = models.filter((m) => !MODEL_IDS.includes(m));
if (bad.length > 0)
  throw new Error(`--models: unknown ${bad.join(', ')}; expected some of ${MODEL_IDS.join(', ')}.`);
const threads = values.threads.split(',').map(Number);
const batch = Number(values.batch);
const steps = Number(values.steps);

await buildBenchPage();
const { url, server } = await serveBenchPage();
const browser = await launchBrowser();
const results = new Map<number, ProfileResult[]>();
try {
  for (const count of threads) {
    const page = await browser.newPage();
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
    await page.goto(`${url}?threads=${count}`);
    await page.waitForSelector('body[data-ready="true"]', { state: 'attached' });
    page.setDefaultTimeout(0);
    const info = await callPage<{ threads: number }>(page, 'info');
    if (info.threads !== count) console.error(`asked for ${count} threads, the page granted ${info.threads}`);
    const list: ProfileResult[] = [];
    for (const model of models)
      list.push(await callPage<ProfileResult>(page, 'profile', model, batch, steps));
    results.set(count, list);
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}

for (const [i, model] of models.entries()) {
  const columns = threads.map((t) => results.get(t)?.[i] as ProfileResult);
  const head = threads.map((t) => `${t}t ms`).join(' | ');
  console.log(
    `\n### ${model}, batch ${batch}: ${columns.map((r, j) => `${threads[j]} thread(s) ${r.stepMs.toFixed(1)} ms/step (${Math.round((batch * 1000) / r.stepMs)} img/s)`).join(', ')}\n`,
  );
  console.log(`| kernel | calls | ${head} | ratio |`);
  console.log(`|---|---|${columns.map(() => '---|').join('')}---|`);
  const names = new Set<string>();
  for (const r of columns) for (const k of r.kernels) names.add(k.name);
  const rows = [...names].map((name) => {
    const ms = columns.map((r) => r.kernels.find((k) => k.name === name)?.ms ?? 0);
    const calls = columns[0]?.kernels.find((k) => k.name === name)?.calls ?? 0;
    return { name, ms, calls };
  });
  rows.sort((a, b) => (b.ms[0] ?? 0) - (a.ms[0] ?? 0));
  for (const row of rows.slice(0, Number(values.top))) {
    const ratio = (row.ms[0] ?? 0) / Math.max(1e-9, row.ms[row.ms.length - 1] ?? 0);
    console.log(
      `| ${row.name} | ${row.calls} | ${row.ms.map((m) => m.toFixed(2)).join(' | ')} | ${ratio.toFixed(2)} |`,
    );
  }
  const kernelSum = columns.map((r) => r.kernels.reduce((s, k) => s + k.ms, 0));
  console.log(`| (all kernels and backend.*) | | ${kernelSum.map((m) => m.toFixed(2)).join(' | ')} | |`);
  console.log(
    `| (outside kernels) | | ${columns.map((r, j) => (r.stepMs - (kernelSum[j] ?? 0)).toFixed(2)).join(' | ')} | |`,
  );
}
