import { describe, expect, it } from 'vitest';
import { EXIT_CODES, judgeAudit } from '../../scripts/lib/audit';

const counts = (high = 0, critical = 0, moderate = 0) => ({
  info: 0,
  low: 0,
  moderate,
  high,
  critical,
  total: high + critical + moderate,
});

describe('judging npm audit --omit=dev', () => {
  it('passes a report without high or critical advisories, moderate ones included', () => {
    const report = {
      auditReportVersion: 2,
      vulnerabilities: {
        'left-pad': { name: 'left-pad', severity: 'moderate', via: [{ title: 'slow', url: 'u' }] },
      },
      metadata: { vulnerabilities: counts(0, 0, 1), dependencies: { prod: 120 } },
    };
    const judgement = judgeAudit(JSON.stringify(report));
    expect(judgement.verdict).toBe('pass');
    expect(judgement.lines[0]).toContain('0 critical, 0 high, 1 moderate');
  });

  it('fails on a high or critical advisory and names the package, the advisory and its link', () => {
    const report = {
      auditReportVersion: 2,
      vulnerabilities: {
        tar: {
          name: 'tar',
          severity: 'high',
          via: [
            {
              source: 1,
              name: 'tar',
              title: 'Arbitrary file write',
              url: 'https://github.com/advisories/GHSA-x',
              range: '<7.5.2',
            },
          ],
        },
        'uses-tar': { name: 'uses-tar', severity: 'critical', via: ['tar'] },
      },
      metadata: { vulnerabilities: counts(1, 1), dependencies: { prod: 120 } },
    };
    const judgement = judgeAudit(JSON.stringify(report));
    expect(judgement.verdict).toBe('fail');
    const text = judgement.lines.join('\n');
    expect(text).toContain(
      'high tar: Arbitrary file write (https://github.com/advisories/GHSA-x, affects <7.5.2)',
    );
    expect(text).toContain('critical uses-tar: through tar');
    expect(text).toContain('npm audit fix --omit=dev');
  });

  it('says plainly that nothing was checked when the audit service refuses (a registry mirror here)', () => {
    // What npm 11 printed on this project's machines, whose registry does not serve audits.
    const refused = {
      message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
      method: 'POST',
      uri: 'https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
      statusCode: 405,
      body: '',
      error: { summary: '', detail: '' },
    };
    const judgement = judgeAudit(JSON.stringify(refused));
    expect(judgement.verdict).toBe('unavailable');
    expect(judgement.lines.join('\n')).toMatch(
      /could not get advisories.*405 Method Not Allowed[\s\S]*No verdict/,
    );
    expect(EXIT_CODES[judgement.verdict]).toBe(2);
  });

  it('gives no verdict when npm printed no JSON at all (no network)', () => {
    expect(judgeAudit('').verdict).toBe('unavailable');
    expect(judgeAudit('npm error network').verdict).toBe('unavailable');
    expect(new Set(Object.values(EXIT_CODES)).size).toBe(3);
  });
});
