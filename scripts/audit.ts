/**
 * `npm run audit`: no high or critical advisory in the production dependencies.
 * Exit 0 when none, 1 when some (each named), 2 when the registry's audit service gave no
 * answer (offline, or a mirror without it): that is said, never taken for a pass.
 *
 * Not part of `npm test`: its answer depends on the network and on advisories published
 * after a change was made, so it would fail unrelated changes and offline machines.
 */
import { spawnSync } from 'node:child_process';
import { EXIT_CODES, judgeAudit } from './lib/audit.ts';

const result = spawnSync('npm', ['audit', '--omit=dev', '--json'], {
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
  timeout: 120_000,
});
if (result.error) {
  console.error(`npm audit could not run: ${result.error.message}. No verdict on the advisories.`);
  process.exit(EXIT_CODES.unavailable);
}
const { verdict, lines } = judgeAudit(result.stdout);
for (const line of lines) (verdict === 'pass' ? console.log : console.error)(line);
process.exit(EXIT_CODES[verdict]);
