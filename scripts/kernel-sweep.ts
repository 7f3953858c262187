/**
 * `npm run sweep`: the fewer-kernels experiment of chapter 8 in Node. Trains the small MNIST
 * CNN with 2, 4, 8, 16 and 32 first-layer filters (twice as many in the second layer), with
 * ReLU and with PReLU, same seed and budget, on the wasm backend with the guide's own code,
 * and writes `src/data/experiments/kernel-sweep.json`, which the island shows before the
 * reader runs anything. Commit the regenerated file on its own, naming the command.
 *
 *   npm run sweep                                   # every point, default budget, wasm
 *   npm run sweep -- --filters 2,8 --activations relu --out /tmp/sweep.json
 *   npm run sweep -- --train-images 2000 --backend cpu
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_SWEEP_BUDGET, planSweep } from '../src/lib/experiments/kernel-sweep.ts';
import type { Activation } from '../src/lib/ml/catalog.ts';
import { bundleScriptLib } from './lib/bundle.ts';
import { serveFolder } from './lib/static-server.ts';

const ROOT = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    filters: { type: 'string', default: '2,4,8,16,32' },
    activations: { type: 'string', default: 'relu,prelu' },
    'train-images': { type: 'string', default: String(DEFAULT_SWEEP_BUDGET.trainImages) },
    'validation-images': { type: 'string', default: String(DEFAULT_SWEEP_BUDGET.validationImages) },
    epochs: { type: 'string', default: String(DEFAULT_SWEEP_BUDGET.epochs) },
    seed: { type: 'string', default: String(DEFAULT_SWEEP_BUDGET.seed) },
    backend: { type: 'string', default: 'wasm' },
    out: { type: 'string', default: join(ROOT, 'src/data/experiments/kernel-sweep.json') },
  },
});

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const backend = values.backend;
if (backend !== 'wasm' && backend !== 'cpu') fail(`--backend must be wasm or cpu; got ${backend}.`);
let plan: ReturnType<typeof planSweep>;
try {
  plan = planSweep({
    filters: values.filters.split(',').map(Number),
    activations: values.activations.split(',') as Activation[],
    budget: {
      ...DEFAULT_SWEEP_BUDGET,
      trainImages: Number(values['train-images']),
      validationImages: Number(values['validation-images']),
      epochs: Number(values.epochs),
      seed: Number(values.seed),
    },
  });
} catch (error) {
  fail(
    `${(error as Error).message} (see --filters, --activations, --train-images, --validation-images, --epochs, --seed)`,
  );
}

const { runKernelSweep } = await bundleScriptLib<typeof import('./lib/kernel-sweep.ts')>('kernel-sweep');

const server = await serveFolder(join(ROOT, 'public/data'));
try {
  const args = process.argv.slice(2);
  const command = ['npm run sweep', ...(args.length > 0 ? ['--', ...args] : [])].join(' ');
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const reference = await runKernelSweep({
    dataUrl: server.url,
    plan,
    backend,
    command,
    machine: `Node ${process.version}, ${cpus().length} × ${cpu}, one thread`,
    log: (line) => console.log(line),
  });
  mkdirSync(dirname(values.out), { recursive: true });
  writeFileSync(values.out, `${JSON.stringify(reference, null, 1)}\n`);
  console.log(`Wrote ${reference.results.length} points to ${values.out}`);
} finally {
  await server.close();
}
