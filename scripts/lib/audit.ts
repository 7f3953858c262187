/**
 * Reads `npm audit --omit=dev --json` and decides: no high or critical advisory in what the
 * site ships (pass), some (fail, each named), or no answer from the advisory service
 * (unavailable: said plainly, never taken for a pass).
 */

export type AuditVerdict = 'pass' | 'fail' | 'unavailable';

export interface AuditJudgement {
  verdict: AuditVerdict;
  lines: string[];
}

const BLOCKING = new Set(['high', 'critical']);

interface Advisory {
  source?: number;
  name?: string;
  title?: string;
  url?: string;
  severity?: string;
  range?: string;
}

interface AuditReport {
  vulnerabilities?: Record<string, { name: string; severity: string; via: (string | Advisory)[] }>;
  metadata?: { vulnerabilities?: Record<string, number>; dependencies?: { prod?: number } };
  message?: string;
  uri?: string;
  error?: unknown;
}

/** Judges the JSON that `npm audit --json` printed (its exit status says too little on its own). */
export function judgeAudit(json: string): AuditJudgement {
  let report: AuditReport;
  try {
    report = JSON.parse(json) as AuditReport;
  } catch {
    return {
      verdict: 'unavailable',
      lines: ['npm audit printed no report (see its messages above): no verdict on the advisories.'],
    };
  }
  const counts = report.metadata?.vulnerabilities;
  if (!counts || !report.vulnerabilities) {
    const where = report.uri ? ` at ${report.uri}` : '';
    return {
      verdict: 'unavailable',
      lines: [
        `npm audit could not get advisories from the registry's audit service${where}: ${report.message ?? 'no report'}.`,
        'No verdict: nothing was checked. Run `npm run audit` where the npm registry answers audit requests',
        '(a mirror or an offline registry may not).',
      ],
    };
  }
  const blocking = Object.values(report.vulnerabilities).filter((v) => BLOCKING.has(v.severity));
  const summary = ['critical', 'high', 'moderate', 'low', 'info']
    .map((level) => `${counts[level] ?? 0} ${level}`)
    .join(', ');
  if (blocking.length === 0) {
    return { verdict: 'pass', lines: [`npm audit --omit=dev: no high or critical advisory (${summary}).`] };
  }
  const lines = [
    `npm audit --omit=dev: ${blocking.length} package(s) with a high or critical advisory (${summary}):`,
  ];
  for (const vulnerability of blocking) {
    const advisories = vulnerability.via.filter((via): via is Advisory => typeof via === 'object');
    const through = vulnerability.via.filter((via): via is string => typeof via === 'string');
    const detail = advisories.length
      ? advisories
          .map((a) => `${a.title ?? 'advisory'} (${a.url ?? 'no link'}, affects ${a.range ?? '?'})`)
          .join('; ')
      : `through ${through.join(', ')}`;
    lines.push(`  ${vulnerability.severity} ${vulnerability.name}: ${detail}`);
  }
  lines.push(
    'Update the package (`npm audit fix --omit=dev`, or a newer version of what pulls it in), then run again.',
  );
  return { verdict: 'fail', lines };
}

/** Exit status per verdict: 2 tells "no answer" apart from "advisories found" (1). */
export const EXIT_CODES: Record<AuditVerdict, number> = { pass: 0, fail: 1, unavailable: 2 };
