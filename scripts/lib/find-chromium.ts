import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { chromium } from 'playwright-core';

/**
 * Which Chromium the end-to-end tests drive, and what to do when there is none.
 *
 * Order: `PLAYWRIGHT_CHROMIUM_EXECUTABLE`, then a system Chromium or Chrome, then the one in
 * Playwright's own cache. With none, Playwright's Chromium is downloaded when its download
 * host answers; otherwise the run stops at once with the command to type, rather than
 * failing in every test file with "Executable doesn't exist".
 */

/**
 * The command that puts Playwright's Chromium where `chromium.executablePath()` looks.
 * `playwright-core`'s own CLI, not `npx playwright`: that would fetch the newest `playwright`
 * package, whose browser revision need not match the installed `playwright-core`. No headless
 * shell: the tests always pass the full browser's path.
 */
export const INSTALL_COMMAND = 'npx playwright-core install --no-shell chromium';

/** Where system packages and installers put Chromium or Chrome, most specific first. */
export const SYSTEM_CHROMIUM_PATHS: readonly string[] = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

export type ChromiumSource = 'PLAYWRIGHT_CHROMIUM_EXECUTABLE' | 'system' | 'Playwright cache';

/** What the machine offers; injected so the decision can be tested without touching it. */
export interface ChromiumProbes {
  env: Readonly<Record<string, string | undefined>>;
  /** Whether `path` is an executable file. */
  isExecutable(path: string): boolean;
  /** Where Playwright keeps its own Chromium (whether or not it is there). */
  playwrightExecutable(): string;
  systemPaths?: readonly string[];
}

export type ChromiumLocation =
  | { found: true; path: string; source: ChromiumSource }
  /** `problem` says why the run must stop even if a download were possible. */
  | { found: false; problem?: string };

/** Looks for a browser without downloading anything. */
export function locateChromium(probes: ChromiumProbes): ChromiumLocation {
  const fromEnv = probes.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE;
  if (fromEnv) {
    if (probes.isExecutable(fromEnv))
      return { found: true, path: fromEnv, source: 'PLAYWRIGHT_CHROMIUM_EXECUTABLE' };
    // Someone chose this browser: falling back to another would test something else silently.
    return {
      found: false,
      problem: `PLAYWRIGHT_CHROMIUM_EXECUTABLE is ${fromEnv}, which is not an executable file: fix or unset it.`,
    };
  }
  for (const path of probes.systemPaths ?? SYSTEM_CHROMIUM_PATHS) {
    if (probes.isExecutable(path)) return { found: true, path, source: 'system' };
  }
  const cached = probes.playwrightExecutable();
  if (probes.isExecutable(cached)) return { found: true, path: cached, source: 'Playwright cache' };
  return { found: false };
}

export type ChromiumPlan =
  | { action: 'use'; path: string; source: ChromiumSource }
  | { action: 'install'; command: string }
  | { action: 'stop'; message: string };

/** The message that ends a run with no browser and no way to download one. */
export function noChromiumMessage(reason: string): string {
  return [
    `No Chromium for the end-to-end tests: ${reason}`,
    `Install Playwright's Chromium with \`${INSTALL_COMMAND}\` (needs the network once),`,
    "or install your system's Chromium (Debian: `apt-get install chromium`),",
    'or point PLAYWRIGHT_CHROMIUM_EXECUTABLE at a Chromium or Chrome binary; then run `npm test` again.',
  ].join('\n');
}

/**
 * Decides what to do: use a browser found, download Playwright's when its host answers
 * (`canDownload` is asked only then), or stop with the command to run.
 */
export async function planChromium(
  probes: ChromiumProbes & { canDownload(): Promise<boolean> },
): Promise<ChromiumPlan> {
  const location = locateChromium(probes);
  if (location.found) return { action: 'use', path: location.path, source: location.source };
  if (location.problem) return { action: 'stop', message: location.problem };
  if (await probes.canDownload()) return { action: 'install', command: INSTALL_COMMAND };
  return {
    action: 'stop',
    message: noChromiumMessage(
      `none is installed, and Playwright's download host (${downloadHost(probes.env)}) does not answer.`,
    ),
  };
}

/** The host Playwright downloads Chromium from, honouring its own override variables. */
export function downloadHost(env: Readonly<Record<string, string | undefined>>): string {
  return (
    env.PLAYWRIGHT_CHROMIUM_DOWNLOAD_HOST || env.PLAYWRIGHT_DOWNLOAD_HOST || 'https://cdn.playwright.dev'
  );
}

/** Whether `url` answers at all (any HTTP status) within `timeoutMs`: the machine has a way out. */
export async function answers(url: string, timeoutMs: number): Promise<boolean> {
  try {
    await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(timeoutMs) });
    return true;
  } catch {
    return false;
  }
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The probes of this machine. */
export function machineProbes(env: NodeJS.ProcessEnv = process.env): ChromiumProbes {
  return { env, isExecutable, playwrightExecutable: () => chromium.executablePath() };
}

/** The browser found on this machine, if any, without downloading (what the launcher uses). */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const location = locateChromium(machineProbes(env));
  return location.found ? location.path : undefined;
}

function runInstall(command: string): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(command, { shell: true, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', () => resolve(false));
    child.on('exit', (code) => resolve(code === 0));
  });
}

export interface EnsureChromiumOptions {
  probes?: ChromiumProbes;
  /** How long the download host may take to answer before the machine counts as offline. */
  probeTimeoutMs?: number;
  install?: (command: string) => Promise<boolean>;
  log?: (line: string) => void;
}

/**
 * Returns the path of a usable Chromium, downloading Playwright's when that is possible;
 * throws an error whose message is the command to run when it is not.
 */
export async function ensureChromium(options: EnsureChromiumOptions = {}): Promise<string> {
  const probes = options.probes ?? machineProbes();
  const log = options.log ?? ((line: string) => console.log(line));
  const plan = await planChromium({
    ...probes,
    canDownload: () => answers(downloadHost(probes.env), options.probeTimeoutMs ?? 5_000),
  });
  if (plan.action === 'stop') throw new Error(plan.message);
  if (plan.action === 'use') {
    log(`End-to-end tests use Chromium at ${plan.path} (${plan.source}).`);
    return plan.path;
  }
  log(`No Chromium found: installing Playwright's with \`${plan.command}\`.`);
  const installed = await (options.install ?? runInstall)(plan.command);
  const location = locateChromium(probes);
  if (installed && location.found) return location.path;
  throw new Error(noChromiumMessage(`\`${plan.command}\` did not install it (see its output above).`));
}
