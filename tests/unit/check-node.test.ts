import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkNodeVersion, HOW_TO_GET_NODE, readEnginesRange } from '../../scripts/check-node.mjs';

const packageJson = JSON.parse(readFileSync('package.json', 'utf8'));
const RANGE: string = packageJson.engines.node;

describe('the Node version check', () => {
  it('reads the range from package.json engines', () => {
    expect(readEnginesRange()).toBe(RANGE);
    expect(RANGE).toBe('>=22.12');
  });

  it('stops an older Node with the version needed and how to get it', () => {
    const message = checkNodeVersion('20.20.2', RANGE);
    expect(message).toContain('needs Node.js >=22.12');
    expect(message).toContain('this is Node.js v20.20.2');
    expect(message).toContain(HOW_TO_GET_NODE);
    expect(checkNodeVersion('v22.11.9', RANGE)).toContain('v22.11.9');
    expect(checkNodeVersion('18.0.0', '>=22.12.1')).toBeDefined();
  });

  it('lets the required Node and every newer one through', () => {
    for (const version of ['22.12.0', 'v22.12.0', '22.13.1', '23.0.0', '24.1.0', '100.0.0']) {
      expect(checkNodeVersion(version, RANGE)).toBeUndefined();
    }
  });

  it('refuses a range it does not understand instead of letting every Node through', () => {
    expect(() => checkNodeVersion('24.0.0', '^22.12 || >=24')).toThrow(/update scripts\/check-node\.mjs/);
  });

  it('runs before every npm script that starts a TypeScript entry point or a test', () => {
    const scripts: Record<string, string> = packageJson.scripts;
    for (const name of [
      'dev',
      'build',
      'preview',
      'check',
      'test',
      'test:unit',
      'test:e2e',
      'data',
      'bench',
      'audit',
    ]) {
      expect(scripts[`pre${name}`], `pre${name}`).toMatch(/^node scripts\/check-node\.mjs(?: &&|$)/);
    }
  });

  it('makes npm install refuse an older Node (engine-strict) and name where to get Node', () => {
    expect(readFileSync('.npmrc', 'utf8')).toMatch(/^engine-strict=true$/m);
    // npm prints the whole engines object in its EBADENGINE error, so the hint reaches the reader.
    expect(packageJson.engines['how-to-get-node']).toMatch(/nodejs\.org/);
  });
});

/** The first `node` older than the engines range on this machine (Debian's Node 20 here), if any. */
function findOlderNode(): { path: string; version: string } | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/bin', '/usr/local/bin'];
  for (const dir of dirs) {
    const path = join(dir, 'node');
    if (!dir || !existsSync(path)) continue;
    const version = spawnSync(path, ['--version'], { encoding: 'utf8' }).stdout?.trim();
    if (version && checkNodeVersion(version, RANGE)) return { path, version };
  }
  return undefined;
}

const olderNode = findOlderNode();

// Runs wherever an older Node is installed, as on CI and on this project's machines (Debian's Node 20).
describe.runIf(olderNode)(`on an older Node (${olderNode?.version ?? 'none found'})`, () => {
  const env = { ...process.env, PATH: `${dirname(olderNode?.path ?? '')}${delimiter}${process.env.PATH}` };
  let fresh: string | undefined;
  afterAll(async () => {
    if (fresh) await rm(fresh, { recursive: true, force: true });
  });

  it('npm install on a fresh checkout fails within 10 s, naming the version and where to get it', async () => {
    fresh = await mkdtemp(join(tmpdir(), 'check-node-'));
    for (const file of ['package.json', 'package-lock.json', '.npmrc'])
      await copyFile(file, join(fresh, file));
    const started = Date.now();
    const result = spawnSync('npm', ['install', '--no-audit', '--no-fund'], {
      cwd: fresh,
      env,
      encoding: 'utf8',
      timeout: 10_000,
    });
    const output = `${result.stdout}${result.stderr}`;
    expect(result.signal, 'npm install was still running after 10 s').toBeNull();
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result.status).not.toBe(0);
    expect(output).toContain('EBADENGINE');
    expect(output).toContain('"node":">=22.12"');
    expect(output).toContain('https://nodejs.org/');
    expect(existsSync(join(fresh, 'node_modules'))).toBe(false);
  });

  it('npm run stops before loading TypeScript, with the message instead of ERR_UNKNOWN_FILE_EXTENSION', () => {
    const started = Date.now();
    const result = spawnSync('npm', ['run', 'data'], { env, encoding: 'utf8', timeout: 10_000 });
    const output = `${result.stdout}${result.stderr}`;
    expect(result.signal).toBeNull();
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result.status).not.toBe(0);
    expect(output).toContain(`this is Node.js ${olderNode?.version}`);
    expect(output).toContain(HOW_TO_GET_NODE);
    expect(output).not.toContain('ERR_UNKNOWN_FILE_EXTENSION');
  });
});
