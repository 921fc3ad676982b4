import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import type { PolicyCheck, Verdict } from '../../api/verdicts';
import { checksOf, failingFirst, formatCheckValue, policyKnobs, tierExplanation } from './checks';
import { fakeApi, POLICY_HASH, verdict, VERIFIER_DOWN, type ApiReply } from './testApi';
import { VerdictPage } from './VerdictPage';

afterEach(() => vi.unstubAllGlobals());

const POLICY_TOML = `[policy]
protocol_version = 2
required_prevhash_len = 64
min_avg_fee_lo = 1
min_avg_fee_mid = 2000
min_avg_fee_hi = 5000
low_mempool_tx = 0
high_mempool_tx = 50
reject_empty_templates = true
reject_coinbase_zero = true
unknown_mempool_as_high = true
max_weight_ratio = 0.999
`;

function serve(v: Verdict | ApiReply, policy: { sha256: string } | null = { sha256: POLICY_HASH }) {
  return fakeApi((call) => {
    if (call.pathname === '/api/verifier/verdicts/7') return typeof v === 'object' && 'id' in v ? { json: v } : (v as ApiReply);
    if (call.pathname === '/api/verifier/policy' && policy !== null) {
      return { json: { loaded: true, version: 3, sha256: policy.sha256, toml: POLICY_TOML, source: '/etc/policy.toml', problems: [] } };
    }
    return undefined;
  });
}

function renderWhy() {
  return render(
    <MemoryRouter initialEntries={['/verdicts/7']}>
      <Routes>
        <Route path="/verdicts/:id" element={<VerdictPage retryMs={20} />} />
      </Routes>
    </MemoryRouter>,
  );
}

const checkRows = () => screen.getAllByTestId('check-row');
const cell = (row: HTMLElement, testId: string) => within(row).getByTestId(testId).textContent;

const CONTRACT_CHECKS: PolicyCheck[] = [
  { check: 'max_tx_count', label: 'Transactions', measured: 4018, threshold: 10000, comparison: '<=', passed: true, reason_code: 'tx_count_exceeded' },
  { check: 'min_avg_fee_hi', label: 'Average fee (hi tier)', measured: 4210.5, threshold: 5000, comparison: '>=', passed: false, reason_code: 'avg_fee_below_minimum' },
  { check: 'max_template_age_secs', label: 'Template age', measured: 41, threshold: 30, comparison: '<=', passed: false, reason_code: 'template_too_old' },
  { check: 'reject_empty_templates', label: 'Empty templates rejected', measured: false, threshold: true, comparison: '!=', passed: true, reason_code: 'empty_template_rejected' },
];

describe('why view', () => {
  it("shows the verifier's checks, failing ones first, with their numbers, and its tier basis", async () => {
    const v: Verdict = {
      ...verdict(7, ['avg_fee_below_minimum', 'template_too_old']),
      checks: CONTRACT_CHECKS,
      tier_basis: {
        mempool_tx_count: 74_212,
        mempool_known: true,
        low_mempool_tx: 0,
        high_mempool_tx: 50_000,
        unknown_mempool_as_high: true,
        explanation: '74,212 mempool transactions >= high_mempool_tx 50,000: high tier',
      },
    };
    serve(v);
    renderWhy();

    await waitFor(() => expect(checkRows()).toHaveLength(4));
    const rows = checkRows();
    expect(rows.map((r) => [r.dataset.check, r.dataset.passed])).toEqual([
      ['min_avg_fee_hi', 'false'],
      ['max_template_age_secs', 'false'],
      ['max_tx_count', 'true'],
      ['reject_empty_templates', 'true'],
    ]);
    expect(cell(rows[0]!, 'check-measured')).toBe('4,210.5 sat');
    expect(cell(rows[0]!, 'check-threshold')).toBe('5,000 sat');
    expect(within(rows[0]!).getByLabelText('failed').textContent).toBe('FAIL');
    expect(cell(rows[1]!, 'check-measured')).toBe('41 s');
    expect(cell(rows[1]!, 'check-threshold')).toBe('30 s');
    expect(cell(rows[3]!, 'check-measured')).toBe('no');
    expect(screen.getByTestId('why-summary').textContent).toBe('2 of 4 checks failed.');
    expect(screen.queryByTestId('why-derived')).toBeNull();

    expect(screen.getByTestId('verdict-outcome').textContent).toBe(
      'Rejected: avg_fee_below_minimum - average fee below the tier minimum',
    );
    expect(screen.getByTestId('verdict-tier').textContent).toBe('hi');
    expect(screen.getByTestId('verdict-tier-basis').textContent).toBe(
      '74,212 mempool transactions >= high_mempool_tx 50,000: high tier',
    );
    expect(screen.getByTestId('verdict-policy-hash').textContent).toBe(POLICY_HASH);
    expect(screen.getByTestId('verdict-reasons').textContent).toContain('avg_fee_below_minimum, template_too_old');
  });

  it("derives the checks from today's verifier's thresholds and measured values", async () => {
    serve(verdict(7, ['weight_ratio_exceeded']));
    renderWhy();

    await waitFor(() => expect(checkRows().length).toBeGreaterThan(5));
    const [failing, ...others] = checkRows();
    expect(failing!.dataset).toMatchObject({ check: 'max_weight_ratio', passed: 'false' });
    expect(cell(failing!, 'check-measured')).toBe('0.999081');
    expect(cell(failing!, 'check-threshold')).toBe('0.999');
    expect(others.every((r) => r.dataset.passed === 'true')).toBe(true);
    const avg = others.find((r) => r.dataset.check === 'min_avg_fee_hi')!;
    expect(cell(avg, 'check-measured')).toBe('5,305.75 sat');
    expect(cell(avg, 'check-threshold')).toBe('5,000 sat');
    expect(screen.getByTestId('why-derived')).toBeTruthy();
    // The active policy is the one that judged (same hash): its bounds explain the tier and fill the thresholds.
    await waitFor(() =>
      expect(screen.getByTestId('verdict-tier-basis').textContent).toBe('74,212 mempool transactions >= high_mempool_tx 50: hi tier'),
    );
    const length = checkRows().find((r) => r.dataset.check === 'required_prevhash_len')!;
    expect(cell(length, 'check-measured')).toBe('64');
    expect(cell(length, 'check-threshold')).toBe('64');
  });

  it('explains the tier from the verdict alone when the policy that judged it is gone', async () => {
    serve(verdict(7), { sha256: 'another policy' });
    renderWhy();
    await waitFor(() => expect(screen.getByTestId('verdict-outcome').textContent).toBe('Accepted'));
    expect(screen.getByTestId('verdict-tier-basis').textContent).toBe(
      '74,212 mempool transactions: hi tier (the tier bounds of the policy that judged it are no longer known)',
    );
    expect(screen.getByTestId('why-summary').textContent).toMatch(/^All 12 checks passed\./);
    const length = checkRows().find((r) => r.dataset.check === 'required_prevhash_len')!;
    expect(cell(length, 'check-threshold')).toBe('not recorded');
  });

  it('says so for an unknown verdict, and retries while the verifier is down', async () => {
    let answer: ApiReply = VERIFIER_DOWN;
    fakeApi((call) => (call.pathname === '/api/verifier/verdicts/7' ? answer : undefined));
    renderWhy();
    const status = await screen.findByTestId('verdict-status');
    expect(status.textContent).toContain('pool-verifier is not reachable');
    answer = { status: 404, json: { error: 'not_found', message: 'no verdict with id 7' } };
    await waitFor(() => expect(screen.getByTestId('verdict-error').textContent).toBe('no verdict with id 7'));
    expect(screen.queryByTestId('verdict-status')).toBeNull();
  });
});

describe('checks derivation', () => {
  it('compares the average fee as the engine does: floor(total / count) against the integer minimum', () => {
    const v = verdict(1, ['avg_fee_below_minimum']);
    v.context.measured = { ...v.context.measured, tx_count: 3, total_fees: 14_999, avg_fee: 4999.67 };
    const rows = checksOf({ reasons: v.reasons, context: v.context, template: v.template }, null).rows;
    const avg = rows.find((r) => r.check === 'min_avg_fee_hi')!;
    expect(avg).toMatchObject({ measured: 4999.67, threshold: 5000, comparison: '>=', passed: false });
    expect(failingFirst(rows)[0]).toBe(avg);
  });

  it('marks the reported failure even where its inputs are not in the context', () => {
    const v = verdict(1, ['protocol_version_mismatch']);
    const rows = checksOf({ reasons: v.reasons, context: v.context, template: v.template }, null).rows;
    expect(rows.filter((r) => !r.passed).map((r) => r.check)).toEqual(['protocol_version']);
    expect(rows.find((r) => r.check === 'protocol_version')!.measured).toBeNull();
    // template-manager knows the proposal's version and the active policy knows the required one.
    const known = checksOf(
      { reasons: v.reasons, context: v.context, template: v.template, protocolVersion: 3 },
      policyKnobs(POLICY_TOML),
    ).rows.find((r) => r.check === 'protocol_version')!;
    expect(known).toMatchObject({ measured: 3, threshold: 2, passed: false });
  });

  it('puts an unreachable mempool first and notes that the other checks did not decide', () => {
    const v = verdict(1, ['mempool_backend_unavailable']);
    v.context.mempool_tx_count = -1;
    const checks = checksOf({ reasons: v.reasons, context: v.context, template: v.template }, null);
    expect(failingFirst(checks.rows).map((r) => [r.check, r.passed])[0]).toEqual(['unknown_mempool_as_high', false]);
    expect(checks.rows.filter((r) => !r.passed)).toHaveLength(1);
    expect(checks.note).toContain('mempool was unreachable');
    expect(tierExplanation(v.context, undefined, null)).toBe(
      'mempool unknown (the verifier could not reach it): judged with the hi tier, the conservative one',
    );
  });

  it('reports that no check ran without a policy', () => {
    const v = verdict(1, ['policy_load_error']);
    const checks = checksOf({ reasons: v.reasons, context: v.context, template: v.template }, null);
    expect(checks.rows).toEqual([expect.objectContaining({ check: 'policy_loaded', passed: false, reason_code: 'policy_load_error' })]);
    expect(checks.note).toContain('No policy check ran');
  });

  it("explains a verdict the verifier reports no checks for, as it does when none ran", () => {
    const v = verdict(1, ['internal_error']);
    const checks = checksOf({ reasons: v.reasons, context: v.context, template: v.template, checks: [] }, null);
    expect(checks.rows.map((r) => [r.check, r.passed])).toEqual([['evaluation', false]]);
    expect(checks.note).toContain('failed while evaluating');
  });

  it('shows a value the verifier did not record as such', () => {
    const v = verdict(1);
    const reported: PolicyCheck = { ...CONTRACT_CHECKS[0]!, check: 'protocol_version', measured: null, threshold: 2, comparison: '==' };
    const rows = checksOf({ reasons: [], context: v.context, template: v.template, checks: [reported] }, null).rows;
    expect(formatCheckValue(rows[0]!.check, rows[0]!.measured)).toBe('not recorded');
    expect(formatCheckValue('max_weight_ratio', 0.9990805)).toBe('0.999081');
    expect(formatCheckValue('min_total_fees', 2_500_000)).toBe('2,500,000 sat (0.0250 BTC)');
  });

  it('places a mid-tier mempool between the bounds', () => {
    const v = verdict(1);
    v.context.tier = 'mid';
    v.context.mempool_tx_count = 20;
    expect(tierExplanation(v.context, null, policyKnobs(POLICY_TOML))).toBe(
      '20 mempool transactions between low_mempool_tx 0 and high_mempool_tx 50: mid tier',
    );
  });
});
