import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  answers,
  type ChromiumProbes,
  downloadHost,
  ensureChromium,
  INSTALL_COMMAND,
  locateChromium,
  planChromium,
} from '../../scripts/lib/find-chromium';

const CACHE = '/home/me/.cache/ms-playwright/chromium-1255/chrome-linux64/chrome';

/** A machine with exactly the executables in `present`. */
function machine(present: string[], env: Record<string, string | undefined> = {}): ChromiumProbes {
  const files = new Set(present);
  return {
    env,
    isExecutable: (path) => files.has(path),
    playwrightExecutable: () => CACHE,
    systemPaths: ['/usr/bin/chromium', '/usr/bin/google-chrome'],
  };
}

const online = async () => true;
const offline = async () => false;

describe('finding Chromium', () => {
  it('prefers PLAYWRIGHT_CHROMIUM_EXECUTABLE, then a system browser, then Playwright’s cache', () => {
    const everything = ['/opt/chrome', '/usr/bin/chromium', '/usr/bin/google-chrome', CACHE];
    expect(locateChromium(machine(everything, { PLAYWRIGHT_CHROMIUM_EXECUTABLE: '/opt/chrome' }))).toEqual({
      found: true,
      path: '/opt/chrome',
      source: 'PLAYWRIGHT_CHROMIUM_EXECUTABLE',
    });
    expect(locateChromium(machine(everything))).toMatchObject({
      path: '/usr/bin/chromium',
      source: 'system',
    });
    expect(locateChromium(machine(['/usr/bin/google-chrome', CACHE]))).toMatchObject({
      path: '/usr/bin/google-chrome',
    });
    expect(locateChromium(machine([CACHE]))).toMatchObject({ path: CACHE, source: 'Playwright cache' });
    expect(locateChromium(machine([]))).toEqual({ found: false });
  });

  it('stops on a PLAYWRIGHT_CHROMIUM_EXECUTABLE that does not exist instead of testing another browser', async () => {
    const probes = machine(['/usr/bin/chromium'], { PLAYWRIGHT_CHROMIUM_EXECUTABLE: '/nowhere/chrome' });
    const plan = await planChromium({ ...probes, canDownload: online });
    expect(plan).toEqual({ action: 'stop', message: expect.stringContaining('/nowhere/chrome') });
    expect(plan.action === 'stop' && plan.message).toMatch(/fix or unset it/);
  });

  it('uses a browser found without asking the network', async () => {
    const asked: string[] = [];
    const plan = await planChromium({
      ...machine([CACHE]),
      canDownload: async () => {
        asked.push('network');
        return true;
      },
    });
    expect(plan).toEqual({ action: 'use', path: CACHE, source: 'Playwright cache' });
    expect(asked).toEqual([]);
  });

  it('installs Playwright’s Chromium when none is found and the download host answers', async () => {
    expect(await planChromium({ ...machine([]), canDownload: online })).toEqual({
      action: 'install',
      command: INSTALL_COMMAND,
    });
  });

  it('stops with the command to run when there is no browser and no network', async () => {
    const plan = await planChromium({ ...machine([]), canDownload: offline });
    expect(plan.action).toBe('stop');
    const message = plan.action === 'stop' ? plan.message : '';
    expect(message).toContain(INSTALL_COMMAND);
    expect(message).toContain('https://cdn.playwright.dev');
    expect(message).toContain('PLAYWRIGHT_CHROMIUM_EXECUTABLE');
  });

  it('names the download host Playwright will use, honouring its overrides', () => {
    expect(downloadHost({})).toBe('https://cdn.playwright.dev');
    expect(downloadHost({ PLAYWRIGHT_DOWNLOAD_HOST: 'https://mirror.example' })).toBe(
      'https://mirror.example',
    );
    expect(
      downloadHost({
        PLAYWRIGHT_DOWNLOAD_HOST: 'https://a.example',
        PLAYWRIGHT_CHROMIUM_DOWNLOAD_HOST: 'https://b.example',
      }),
    ).toBe('https://b.example');
  });
});

describe('ensureChromium on a machine without a browser', () => {
  let server: Server | undefined;
  afterEach(async () => {
    if (server) {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    }
    server = undefined;
  });

  /** A local port that refuses connections: a machine with no way out. */
  async function closedPortUrl(): Promise<string> {
    const probe = createServer();
    probe.listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const { port } = probe.address() as AddressInfo;
    probe.close();
    await once(probe, 'close');
    return `http://127.0.0.1:${port}`;
  }

  it('with no network, stops within seconds with the command to run and never tries to install', async () => {
    const installs: string[] = [];
    const started = Date.now();
    const host = await closedPortUrl();
    const attempt = ensureChromium({
      probes: machine([], { PLAYWRIGHT_DOWNLOAD_HOST: host }),
      install: async (command) => {
        installs.push(command);
        return false;
      },
      log: () => undefined,
    });
    await expect(attempt).rejects.toThrow(INSTALL_COMMAND);
    await expect(attempt).rejects.toThrow(host);
    expect(installs).toEqual([]);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('counts a download host that never answers as no network, after the probe’s timeout', async () => {
    server = createServer(() => undefined); // accepts, never responds
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    expect(await answers(`http://127.0.0.1:${port}/`, 200)).toBe(false);
  });

  it('with the network, installs Playwright’s Chromium and then uses it', async () => {
    server = createServer((_, response) => response.writeHead(404).end());
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    const present: string[] = [];
    const probes: ChromiumProbes = {
      ...machine([], { PLAYWRIGHT_DOWNLOAD_HOST: `http://127.0.0.1:${port}` }),
      isExecutable: (path) => present.includes(path),
    };
    const path = await ensureChromium({
      probes,
      install: async (command) => {
        expect(command).toBe(INSTALL_COMMAND);
        present.push(CACHE);
        return true;
      },
      log: () => undefined,
    });
    expect(path).toBe(CACHE);
  });

  it('stops with the command when the install fails', async () => {
    server = createServer((_, response) => response.writeHead(200).end());
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    await expect(
      ensureChromium({
        probes: machine([], { PLAYWRIGHT_DOWNLOAD_HOST: `http://127.0.0.1:${port}` }),
        install: async () => false,
        log: () => undefined,
      }),
    ).rejects.toThrow(/did not install it[\s\S]*npx playwright-core install --no-shell chromium/);
  });
});
