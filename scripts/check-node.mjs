// @ts-check
/**
 * Stops an npm script at once when Node is older than package.json's `engines.node`, with
 * the version needed and how to get it. Every npm script runs it first (see package.json):
 * the entry points are TypeScript run by Node's type stripping, which older Node cannot
 * load, so they would otherwise die with a bare ERR_UNKNOWN_FILE_EXTENSION.
 *
 * Plain JavaScript, no dependencies and no syntax newer than Node 14's: it must run on the
 * very Node it rejects, possibly before `npm install` has written node_modules. That is why
 * it reads the range itself instead of using `semver`; it understands the one form the
 * project uses (`>=major[.minor[.patch]]`) and refuses any other with a clear error.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** How to get a recent Node; printed by this check and, through `engines`, by `npm install`. */
export const HOW_TO_GET_NODE =
  'Install Node 24 LTS from https://nodejs.org/ (or `nvm install 24`; or, through the npm registry, ' +
  '`npm install --prefix ~/.cache/node24 node@24` and put ~/.cache/node24/node_modules/node/bin first on PATH).';

/**
 * @param {string} version a Node version such as `20.20.2` or `v20.20.2`
 * @returns {[number, number, number]}
 */
function parseVersion(version) {
  const match = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(version.trim());
  if (!match) throw new Error(`check-node: cannot read the Node version "${version}"`);
  return [Number(match[1]), Number(match[2] || 0), Number(match[3] || 0)];
}

/**
 * Checks `version` against `range`.
 * @param {string} version the running Node's version (`process.versions.node`)
 * @param {string} range package.json's `engines.node`, of the form `>=22.12`
 * @returns {string | undefined} the message to print when `version` is too old, else undefined
 */
export function checkNodeVersion(version, range) {
  const minimum = /^\s*>=\s*v?(\d+(?:\.\d+){0,2})\s*$/.exec(range);
  if (!minimum?.[1]) {
    throw new Error(
      `check-node: engines.node is "${range}", but this check understands only ">=major.minor.patch": ` +
        'update scripts/check-node.mjs together with engines.',
    );
  }
  const have = parseVersion(version);
  const need = parseVersion(minimum[1]);
  for (let i = 0; i < 3; i += 1) {
    const a = /** @type {number} */ (have[i]);
    const b = /** @type {number} */ (need[i]);
    if (a > b) return undefined;
    if (a < b) {
      return `This project needs Node.js ${range.trim()}, but this is Node.js ${version.replace(/^v?/, 'v')}.\n${HOW_TO_GET_NODE}`;
    }
  }
  return undefined;
}

/** @returns {string} package.json's `engines.node` */
export function readEnginesRange() {
  const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  return packageJson.engines.node;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const message = checkNodeVersion(process.versions.node, readEnginesRange());
  if (message) {
    console.error(message);
    process.exit(1);
  }
}
