import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../src/lib/ml/protocol';
import { protocolMismatch } from '../../src/lib/ml/protocol-check';
import { startFailureKey } from '../../src/lib/trainer-view/view-model';

describe('the protocol check on ready', () => {
  it('accepts a worker that speaks this page’s protocol', () => {
    expect(protocolMismatch({ protocolVersion: PROTOCOL_VERSION })).toBeNull();
  });

  it('tells the reader to reload when a cached worker speaks another version', () => {
    expect(protocolMismatch({ protocolVersion: 1 }, 2)).toBe(
      'The training worker speaks protocol 1 but this page expects protocol 2: they come from different versions of the site (an old copy is probably cached). Reload the page.',
    );
    expect(protocolMismatch({ protocolVersion: 3 }, 2)).toMatch(/speaks protocol 3 .* Reload the page\.$/);
  });

  it('refuses a ready without a version, as a worker from before versions were sent', () => {
    expect(protocolMismatch({})).toMatch(/speaks no protocol version but this page expects protocol \d+/);
    expect(protocolMismatch({ protocolVersion: String(PROTOCOL_VERSION) })).not.toBeNull();
  });
});

describe('the notice for a runtime that did not start', () => {
  it('names the reload fix for a protocol mismatch and keeps the load failure for the rest', () => {
    expect(startFailureKey({ code: 'protocol-mismatch' })).toBe('trainer.error.protocol-mismatch');
    expect(startFailureKey(new Error('wasm failed'))).toBe('trainer.error.load');
    expect(startFailureKey(null)).toBe('trainer.error.load');
  });
});
