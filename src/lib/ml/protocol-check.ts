/** The page's check of the runtime's `ready`: pure, so it is tested in Node. */
import { PROTOCOL_VERSION } from './protocol';

/**
 * Null when a `ready` event speaks this page's protocol; otherwise why not and what to do.
 * A worker script cached from an older (or newer) build of the site is the usual cause.
 */
export function protocolMismatch(
  ready: { protocolVersion?: unknown },
  expected: number = PROTOCOL_VERSION,
): string | null {
  if (ready.protocolVersion === expected) return null;
  const found =
    typeof ready.protocolVersion === 'number' ? `protocol ${ready.protocolVersion}` : 'no protocol version';
  return `The training worker speaks ${found} but this page expects protocol ${expected}: they come from different versions of the site (an old copy is probably cached). Reload the page.`;
}
