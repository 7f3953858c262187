/**
 * Bundles one of `scripts/lib/<name>.ts` with esbuild and imports it: the guide's model code
 * is TypeScript that Node's type stripping cannot run (extensionless imports, parameter
 * properties), so the scripts that train with it (`npm run pretrain`, the recipe search)
 * load their training half this way, as `npm run hero` does.
 */
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const ROOT = resolve(import.meta.dirname, '../..');

export async function bundleScriptLib<T>(name: string): Promise<T> {
  const outfile = join(ROOT, `.cache/scripts/${name}.mjs`);
  await build({
    entryPoints: [join(ROOT, `scripts/lib/${name}.ts`)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
    outfile,
    logLevel: 'warning',
  });
  return (await import(`${outfile}?t=${Date.now()}`)) as T;
}
