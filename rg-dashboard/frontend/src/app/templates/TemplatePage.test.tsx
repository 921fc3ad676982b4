import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import type { TemplateDiff } from '../../api/templates';
import { fakeApi, POLICY_HASH, type ApiReply } from '../verdicts/testApi';
import { signed } from './TemplateDiffView';
import { TemplatePage } from './TemplatePage';

afterEach(() => vi.unstubAllGlobals());

const TXIDS = ['c1'.repeat(32), 'c2'.repeat(32), 'c3'.repeat(32)];

const DETAIL = {
  template: {
    sequence: 7,
    source: 'longpoll',
    received_at: Date.now() - 5000,
    fetch_ms: 3551.8,
    proposed_at: Date.now() - 4900,
    height: 900_001,
    prev_hash: '00000000000000000000c0bd8867a7ab750a0ca26759dd9f26d33aa8f3b7499d',
    version: 536_870_912,
    bits: '170362d3',
    target: '0000000000000000000362d30000000000000000000000000000000000000000',
    curtime: 1_796_304_400,
    mintime: 1_796_301_186,
    coinbase_value: 312_630_000,
    default_witness_commitment: { form: 'script', given: '6a24aa21', script: '6a24aa21' },
    rules: ['csv', '!segwit', 'taproot'],
    rules_reported: true,
    coinbase_aux: {},
    sigop_limit: 80_000,
    weight_limit: 4_000_000,
    size_limit: 4_000_000,
    longpollid: 'lp',
    tx_count: 3,
    total_fees: 130_000,
    total_weight: 2_000,
    total_sigops: 4,
    fingerprint: 'fe'.repeat(32),
    proposal: { protocol_version: 2, coinbase_sigops: 400 },
    transactions: TXIDS.map((txid, i) => ({
      data: '0200000001'.repeat(50),
      txid,
      hash: txid,
      fee: [10_000, 100_000, 20_000][i]!,
      weight: [500, 1000, 500][i]!,
      sigops: 1,
      depends: i === 2 ? [1] : [],
    })),
  },
  verdict: {
    sequence: 7,
    outcome: 'rejected',
    accepted: false,
    request_id: 12,
    reason_code: 'avg_fee_below_minimum',
    reasons: ['avg_fee_below_minimum'],
    detail: null,
    verdict_latency_ms: 1.42,
    verdict_at: Date.now() - 4800,
    received_at: Date.now() - 5000,
    context: {
      tier: 'hi',
      mempool_tx_count: 74_212,
      thresholds: {
        min_avg_fee: 50_000,
        min_total_fees: 0,
        max_tx_count: 10_000,
        max_weight_ratio: 0.999,
        max_template_age_secs: 30,
        max_sigops_cost: 80_000,
        max_coinbase_sigops: 20_000,
      },
      measured: {
        tx_count: 3,
        total_fees: 130_000,
        avg_fee: 43_333.33,
        weight: 6_328,
        weight_ratio: 0.001582,
        sigops: 404,
        coinbase_sigops: 400,
        template_age_secs: 1,
      },
      policy_version: 1,
      policy_hash: POLICY_HASH,
      evaluation_micros: 17,
    },
  },
};

const DIFF: TemplateDiff = {
  sequence: 7,
  previous_sequence: 6,
  height: 900_001,
  previous_height: 900_001,
  tx_count_delta: 1,
  fee_delta: 12_345,
  weight_delta: -250,
  added_count: 2,
  removed_count: 1,
  added: [
    { txid: TXIDS[1]!, fee: 100_000, weight: 1000 },
    { txid: TXIDS[2]!, fee: 20_000, weight: 500 },
  ],
  removed: [{ txid: 'dd'.repeat(32), fee: 107_655, weight: 1750 }],
};

function serve(diff: ApiReply, detail: ApiReply = { json: DETAIL }) {
  return fakeApi((call) => {
    if (call.url === '/api/templates/templates/7') return detail;
    if (call.url === '/api/templates/templates/7/diff?limit=100') return diff;
    return undefined;
  });
}

function renderTemplate() {
  return render(
    <MemoryRouter initialEntries={['/templates/7']}>
      <Routes>
        <Route path="/templates/:sequence" element={<TemplatePage retryMs={20} />} />
      </Routes>
    </MemoryRouter>,
  );
}

describe('template view', () => {
  it('shows the fields, fees and weight, and the difference from the previous template', async () => {
    serve({ json: DIFF });
    renderTemplate();

    const fields = await screen.findByTestId('template-fields');
    expect(fields.textContent).toContain('900,001');
    expect(fields.textContent).toContain('protocol v2, coinbase sigops 400');
    expect(screen.getByTestId('template-fees').textContent).toBe('130,000 sat');
    expect(screen.getByTestId('template-weight').textContent).toBe('2,000 WU (0.05% of 4,000,000)');

    const diff = await screen.findByTestId('template-diff');
    await waitFor(() => expect(diff.dataset.state).toBe('ready'));
    expect(screen.getByTestId('diff-added-count').textContent).toBe('2');
    expect(screen.getByTestId('diff-removed-count').textContent).toBe('1');
    expect(screen.getByTestId('diff-fee-delta').textContent).toBe('+12,345 sat');
    expect(screen.getByTestId('diff-weight-delta').textContent).toBe('-250 WU');
    expect(within(diff).getByRole('link', { name: 'template #6' }).getAttribute('href')).toBe('/templates/6');
    const added = within(screen.getByTestId('diff-added')).getAllByTestId('diff-added-row');
    expect(added.map((r) => r.textContent)).toEqual([`${TXIDS[1]}100,000 sat1,000 WU`, `${TXIDS[2]}20,000 sat500 WU`]);
    expect(within(screen.getByTestId('diff-removed')).getAllByTestId('diff-removed-row')[0]!.textContent).toContain('107,655 sat');

    // Its verdict's checks, derived from the verdict event's context: the average fee failed, with its numbers.
    const failing = screen.getAllByTestId('check-row')[0]!;
    expect(failing.dataset).toMatchObject({ check: 'min_avg_fee_hi', passed: 'false' });
    expect(within(failing).getByTestId('check-measured').textContent).toBe('43,333.33 sat');
    expect(within(failing).getByTestId('check-threshold').textContent).toBe('50,000 sat');
    expect(screen.getByTestId('tx-count').textContent).toBe('3 transactions');
  });

  it('says the diff is not available from a template-manager without the endpoint', async () => {
    serve({ status: 404, json: { error: 'not_found', message: 'no such endpoint: GET /api/templates/7/diff' } });
    renderTemplate();
    expect((await screen.findByTestId('diff-unavailable')).textContent).toContain('not available from this template-manager');
    expect(screen.getByTestId('template-diff').dataset.state).toBe('unsupported');
    expect((await screen.findByTestId('template-fields')).textContent).toContain('900,001');
  });

  it('has nothing to compare for the oldest retained template', async () => {
    serve({
      json: { ...DIFF, previous_sequence: null, previous_height: null, tx_count_delta: null, fee_delta: null, weight_delta: null, added_count: 0, removed_count: 0, added: [], removed: [] },
    });
    renderTemplate();
    expect((await screen.findByTestId('diff-oldest')).textContent).toContain('no previous one');
  });

  it('says a template is no longer retained, and shows why the diff failed', async () => {
    serve(
      { status: 404, json: { error: 'not_found', message: 'template 7 is not retained' } },
      { status: 404, json: { error: 'unknown_template', message: 'template 7 is not retained' } },
    );
    renderTemplate();
    expect((await screen.findByTestId('template-error')).textContent).toContain('is not retained by template-manager any more');
    await waitFor(() => expect(screen.getByTestId('template-diff').dataset.state).toBe('error'));
    expect(screen.getByTestId('template-diff').textContent).toBe('template 7 is not retained');
  });

  it('keeps retrying while template-manager is down', async () => {
    let detail: ApiReply = 'network-error';
    fakeApi((call) => {
      if (call.url === '/api/templates/templates/7') return detail;
      if (call.url === '/api/templates/templates/7/diff?limit=100') return { json: DIFF };
      return undefined;
    });
    renderTemplate();
    expect((await screen.findByTestId('template-status')).textContent).toContain('the dashboard server did not answer');
    detail = { json: DETAIL };
    expect((await screen.findByTestId('template-fields')).textContent).toContain('900,001');
    expect(screen.queryByTestId('template-status')).toBeNull();
  });
});

describe('signed deltas', () => {
  it('writes the sign of a delta', () => {
    expect([signed(1234), signed(-5), signed(0)]).toEqual(['+1,234', '-5', '0']);
  });
});
