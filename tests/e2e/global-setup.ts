import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { ensureChromium } from '../../scripts/lib/find-chromium';

/**
 * Serves the built site twice with `astro preview` on 127.0.0.1: the plain build in
 * `dist/` (made by `npm run build`) and a copy built here under the base path `/guide/`,
 * so every deploy-sensitive test can run against both.
 */
// E2E_PORT and OUT_DIR let several copies of the suite run side by side.
const ROOT_PORT = Number(process.env.E2E_PORT || 4400);
const BASE_PORT = ROOT_PORT + 1;
const ROOT_OUT_DIR = (process.env.OUT_DIR || 'dist').replace(/\/+$/, '');
export const BASE_PATH = '/guide/';
const BASE_OUT_DIR = `${ROOT_OUT_DIR}-guide`;

declare module 'vitest' {
  export interface ProvidedContext {
    rootUrl: string;
    baseUrl: string;
  }
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`)),
    );
  });
}

/**
 * Resolves once `astro preview` announces `url` on its output and the page answers; rejects
 * when the server exits first or stays silent for `timeoutMs`.
 */
async function waitForServer(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const { host } = new URL(url);
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const done = (error?: Error) => {
      clearTimeout(deadline);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      // Keep reading, so a chatty server never blocks on a full pipe.
      child.stdout?.resume();
      if (error) reject(error);
      else resolve();
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(host)) done();
    };
    const onExit = (code: number | null) =>
      done(new Error(`astro preview for ${url} exited early (${code})`));
    const deadline = setTimeout(
      () => done(new Error(`astro preview did not announce ${url} within ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    child.stdout?.on('data', onData);
    child.on('exit', onExit);
  });
  const response = await fetch(url);
  if (!response.ok) throw new Error(`astro preview answered ${url} with ${response.status}`);
}

function preview(port: number, env: NodeJS.ProcessEnv): ChildProcess {
  return spawn('npx', ['astro', 'preview', '--host', '127.0.0.1', '--port', String(port), '--ignore-lock'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // First, before minutes of building: with no browser (and no network to fetch one) the run
  // stops here with the command to type, instead of failing in every file.
  await ensureChromium();
  if (!existsSync(`${ROOT_OUT_DIR}/index.html`)) {
    throw new Error(
      `No built site in ${ROOT_OUT_DIR}/: run \`npm run build\` before \`npm run test:e2e\` (npm test does both).`,
    );
  }
  // Vitest sets NODE_ENV=test, which would make Astro build a dev-mode site without search.
  const baseEnv = { BASE_PATH, OUT_DIR: BASE_OUT_DIR, NODE_ENV: 'production' };
  await run('npx', ['astro', 'build'], baseEnv);

  const rootServer = preview(ROOT_PORT, {});
  const baseServer = preview(BASE_PORT, baseEnv);
  const servers = [rootServer, baseServer];
  const stopServers = () => {
    for (const server of servers) {
      if (server.pid && server.exitCode === null) process.kill(-server.pid, 'SIGTERM');
    }
  };
  const rootUrl = `http://127.0.0.1:${ROOT_PORT}/`;
  const baseUrl = `http://127.0.0.1:${BASE_PORT}${BASE_PATH}`;
  try {
    await Promise.all([
      waitForServer(`${rootUrl}ja/`, rootServer),
      waitForServer(`${baseUrl}ja/`, baseServer),
    ]);
  } catch (error) {
    // Never leave a preview server behind: a stale one would hold the port for the next run.
    stopServers();
    throw error;
  }
  project.provide('rootUrl', rootUrl);
  project.provide('baseUrl', baseUrl);

  return async () => stopServers();
}
