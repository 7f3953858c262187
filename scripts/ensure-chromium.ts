/**
 * Runs first in `npm test`: finds the Chromium the end-to-end tests will drive, installs
 * Playwright's when none is found and the network allows, and otherwise stops within
 * seconds with the command to run, before minutes of checks and building.
 */
import { ensureChromium } from './lib/find-chromium.ts';

try {
  await ensureChromium();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
