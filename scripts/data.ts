/**
 * `npm run data`: builds the dataset shards the guide's islands load, into public/data/.
 * Skips what is already current (it runs before every `dev` and `build`).
 *
 *   npm run data                                   MNIST + CIFAR-10 (downloaded once)
 *   npm run data -- --cifar10-source <path>        CIFAR-10 from a local archive or folder
 *   CIFAR10_SOURCE=<path> npm run data             the same through the environment
 *   npm run data -- --force                        rebuild even when current
 */
import { parseArgs } from 'node:util';
import { buildData } from './lib/data-build.ts';

const { values } = parseArgs({
  options: {
    'cifar10-source': { type: 'string' },
    'out-dir': { type: 'string' },
    force: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log(
    'usage: npm run data -- [--cifar10-source <tar.gz or folder>] [--out-dir public/data] [--force]\n' +
      'CIFAR10_SOURCE=<path> works like --cifar10-source.',
  );
  process.exit(0);
}

const started = performance.now();
try {
  await buildData({
    cifarSource: values['cifar10-source'] || process.env.CIFAR10_SOURCE || undefined,
    outDir: values['out-dir'],
    force: values.force,
    progress: Boolean(process.stderr.isTTY),
  });
  console.log(`data: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
} catch (error) {
  console.error(`data: ${(error as Error).message}`);
  process.exit(1);
}
