/**
 * `npm run pretrain`: trains the models the trainers offer as "use the pretrained model", with
 * the guide's own model and training code on TF.js's wasm backend, and writes each to
 * `src/data/pretrained/<modelId>/`: `model.json` + `weights.bin` (TF.js layers format) and
 * `card.json` (`src/lib/ml/pretrained-card.ts`). The settings are the presets' own
 * (`src/lib/ml/recipes.ts`). Commit a regenerated model on its own, naming the command.
 *
 *   npm run pretrain                     # every model (MNIST cnn, CIFAR-10 5min)
 *   npm run pretrain -- --only cnn       # one preset's model
 *   npm run pretrain -- --only 5min --out /tmp/pretrained
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { bundleScriptLib } from './lib/bundle.ts';
import { serveFolder } from './lib/static-server.ts';

const ROOT = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    backend: { type: 'string', default: 'wasm' },
    out: { type: 'string', default: join(ROOT, 'src/data/pretrained') },
  },
});

const backend = values.backend;
if (backend !== 'wasm' && backend !== 'cpu') {
  console.error(`--backend must be wasm or cpu; got ${backend}.`);
  process.exit(1);
}

const { pretrainAll } = await bundleScriptLib<typeof import('./lib/pretrain.ts')>('pretrain');
const server = await serveFolder(join(ROOT, 'public/data'));
try {
  const command = [
    'npm run pretrain',
    ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : []),
  ].join(' ');
  await pretrainAll({
    dataUrl: server.url,
    outDir: values.out,
    only: values.only ?? null,
    backend,
    command,
    log: (line) => console.log(line),
  });
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
} finally {
  await server.close();
}
