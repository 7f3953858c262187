import type { Lane } from '@lib/bench/tables';
import type { Translate } from '@lib/i18n/strings';

/** A backend column's name in the reader's language: `wasm`, or `wasm · 2 threads` for a threaded lane. */
export function laneName(t: Translate, lane: Pick<Lane, 'backend' | 'threads'>): string {
  return lane.threads > 1
    ? t('bench.lane.threads', { backend: lane.backend, count: lane.threads })
    : lane.backend;
}
