import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import type { WhatIfFlip, WhatIfReport } from '../../api/policy';
import { explainingChecks, formatCheckValue, WhatIfResult } from './WhatIfResult';

const NOW = Date.parse('2026-12-03T07:01:00Z');

const LOOSER: WhatIfFlip = {
  verdict_id: 17,
  height: 900_100,
  judged_at: '2026-12-03T07:00:30Z',
  before: { accepted: false, reason_code: 'low_avg_fee', reasons: ['low_avg_fee', 'template_too_old'] },
  after: {
    accepted: true,
    reason_code: null,
    reasons: [],
    checks: [
      {
        check: 'min_avg_fee_hi',
        label: 'Average fee (high tier)',
        measured: 3100,
        threshold: 3000,
        comparison: '>=',
        passed: true,
        reason_code: 'low_avg_fee',
      },
      {
        check: 'max_template_age_secs',
        label: 'Template age',
        measured: 45,
        threshold: 60,
        comparison: '<=',
        passed: true,
        reason_code: 'template_too_old',
      },
      {
        check: 'max_weight_ratio',
        label: 'Weight ratio',
        measured: 0.9731,
        threshold: 0.999,
        comparison: '<=',
        passed: true,
        reason_code: 'weight_exceeded',
      },
    ],
  },
};

const report = (overrides: Partial<WhatIfReport>): WhatIfReport => ({
  draft_sha256: 'd'.repeat(64),
  active_version: 3,
  active_sha256: 'a'.repeat(64),
  kept: 40,
  evaluated: 40,
  accepted_before: 10,
  accepted_after: 11,
  flips_count: 1,
  flips: [LOOSER],
  ...overrides,
});

const show = (value: WhatIfReport, stale = false) =>
  render(
    <MemoryRouter>
      <WhatIfResult report={value} last={100} now={NOW} stale={stale} />
    </MemoryRouter>,
  );

describe('what-if result', () => {
  it('explains a rejection the draft would accept by the recorded reasons, now passing, with their numbers', () => {
    show(report({}));

    const flip = screen.getByTestId('whatif-flip');
    expect([flip.dataset.before, flip.dataset.after, flip.dataset.height]).toEqual(['rejected', 'accepted', '900100']);
    expect(within(flip).getByText('low_avg_fee').tagName).toBe('CODE');
    expect(flip.textContent).toContain('also template_too_old');
    const checks = within(flip).getAllByTestId('whatif-check');
    // The weight check had nothing to do with the recorded rejection, so it is left out.
    expect(checks.map((c) => [c.dataset.check, c.dataset.passed])).toEqual([
      ['min_avg_fee_hi', 'true'],
      ['max_template_age_secs', 'true'],
    ]);
    expect(checks[0]?.textContent).toBe('Average fee (high tier) 3,100 sat, needs at least 3,000 sat passes');
    expect(checks[1]?.textContent).toBe('Template age 45 s, needs at most 60 s passes');
    expect(within(flip).getByRole('time').textContent).toBe('30 s ago');
  });

  it('summarises the replay with readable numbers and says when only the newest flips are listed', () => {
    show(report({ kept: 500, evaluated: 1234, accepted_before: 1200, accepted_after: 1000, flips_count: 2345 }));

    expect(screen.getByTestId('whatif-flips-count').textContent).toBe('2,345');
    expect(screen.getByTestId('whatif-accepted-before').textContent).toBe('1,200 (97.2%)');
    expect(screen.getByTestId('whatif-result').textContent).toContain('Showing the 1 most recent of 2,345 flips');
  });

  it('says there is nothing to replay on a verifier that has judged nothing yet, without a table', () => {
    show(report({ kept: 0, evaluated: 0, accepted_before: 0, accepted_after: 0, flips_count: 0, flips: [] }));

    expect(screen.getByTestId('whatif-flips-count').textContent).toBe('0');
    expect(screen.getByTestId('whatif-nothing')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.queryByTestId('whatif-accepted-before')).toBeNull();
  });

  it('flags a result that was computed for an earlier draft', () => {
    show(report({}), true);
    expect(screen.getByTestId('whatif-result').dataset.stale).toBe('true');
    expect(screen.getByTestId('whatif-stale').textContent).toContain('run it again');
  });
});

describe('explainingChecks', () => {
  it('keeps every failing check and the passing ones behind the recorded reasons', () => {
    const flip: WhatIfFlip = {
      ...LOOSER,
      before: { accepted: true, reason_code: null, reasons: [] },
      after: {
        accepted: false,
        reason_code: 'weight_exceeded',
        reasons: ['weight_exceeded'],
        checks: LOOSER.after.checks.map((c) => (c.check === 'max_weight_ratio' ? { ...c, threshold: 0.9, passed: false } : c)),
      },
    };
    expect(explainingChecks(flip).map((c) => c.check)).toEqual(['max_weight_ratio']);
  });
});

describe('formatCheckValue', () => {
  it('gives fees in sat, ages in seconds, ratios with four decimals and flags as yes/no', () => {
    expect(formatCheckValue('min_total_fees', 12_500_000)).toBe('12,500,000 sat');
    expect(formatCheckValue('max_template_age_secs', 30)).toBe('30 s');
    expect(formatCheckValue('max_weight_ratio', 0.97314)).toBe('0.9731');
    expect(formatCheckValue('max_tx_count', 4108)).toBe('4,108');
    expect(formatCheckValue('reject_empty_templates', true)).toBe('yes');
    expect(formatCheckValue('protocol_version', 'v2')).toBe('v2');
    expect(formatCheckValue('min_avg_fee_hi', null)).toBe('unknown');
  });
});
