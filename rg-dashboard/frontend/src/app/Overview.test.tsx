import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import { setCsrfToken } from '../api/client';
import { fakeServer } from '../test/fakeServer';
import { ADMIN_ME } from '../test/renderApp';
import { AuthProvider } from '../auth/AuthContext';
import { OverviewPage } from './Overview';

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

const STATS = {
  started_at: '2026-12-03T07:00:00Z',
  uptime_secs: 3600,
  verdicts: { total: 12, accepted: 10, rejected: 2, by_reason: { accepted: 10, low_avg_fee: 2 } },
  evaluation: { count: 12, mean_micros: 85.2, recent_max_micros: 300 },
  tcp: { open_connections: 1 },
  policy: { loaded: true, version: 3, sha256: 'ab', reloads_applied: 1, reloads_rejected: 0 },
  mempool: { tx_count: 4200, healthy: true, last_success_at: '2026-12-03T07:59:00Z', last_error: null },
  history: { last_id: 12, queue_depth: 0, persisted: 12, dropped: 0 },
};

const measured = {
  tx_count: 2,
  total_fees: 5000,
  avg_fee: 2500,
  weight: 4000,
  weight_ratio: 0.001,
  sigops: 4,
  coinbase_sigops: 1,
  template_age_secs: 1,
};

const VERDICTS = {
  count: 2,
  verdicts: [
    {
      id: 12,
      recorded_at: new Date().toISOString(),
      peer: '127.0.0.1:5000',
      request_id: 7,
      template: { height: 850001, prev_hash: '00', curtime: 1, coinbase_value: 312500000 },
      accepted: false,
      reason_code: 'low_avg_fee',
      reasons: ['low_avg_fee'],
      context: { tier: 'normal', mempool_tx_count: 4200, policy_version: 3, policy_hash: 'ab', evaluation_micros: 80, measured },
    },
    {
      id: 11,
      recorded_at: new Date().toISOString(),
      peer: '127.0.0.1:5000',
      request_id: 6,
      template: { height: 850000, prev_hash: '00', curtime: 1, coinbase_value: 312500000 },
      accepted: true,
      reason_code: null,
      reasons: [],
      context: { tier: 'normal', mempool_tx_count: 4200, policy_version: 3, policy_hash: 'ab', evaluation_micros: 90, measured },
    },
  ],
};

const TEMPLATES = {
  count: 1,
  templates: [
    {
      sequence: 41,
      height: 850001,
      prev_hash: '00',
      tx_count: 2,
      total_fees: 5000,
      coinbase_value: 312505000,
      curtime: 1,
      received_at: Date.now(),
      source: 'rpc',
      verdict: { outcome: 'rejected', reason_code: 'low_avg_fee', latency_ms: 1.2, verdict_at: Date.now() },
    },
  ],
};

const DOWN = { status: 502, json: { error: 'backend_unavailable', message: 'pool-verifier did not answer', service: 'pool-verifier' } };

describe('overview', () => {
  it('shows a tile per service and keeps the last good data of a service that went down', async () => {
    let verifierUp = true;
    fakeServer({
      'GET /api/auth/me': { json: ADMIN_ME },
      'GET /api/verifier/stats': () => (verifierUp ? { json: STATS } : DOWN),
      'GET /api/verifier/verdicts?limit=10': () => (verifierUp ? { json: VERDICTS } : DOWN),
      'GET /api/templates/templates?limit=1': { json: TEMPLATES },
      'GET /api/gateway/stats': { status: 504, json: { error: 'backend_unavailable', service: 'sv2-gateway' } },
    });
    render(
      <AuthProvider>
        <OverviewPage pollMs={20} />
      </AuthProvider>,
    );

    const verifier = await screen.findByTestId('tile-verifier');
    await waitFor(() => expect(verifier.dataset.status).toBe('up'));
    expect(within(verifier).getByText('v3')).toBeTruthy();
    const rows = await screen.findAllByTestId('verdict-row');
    expect(rows.map((r) => r.dataset.accepted)).toEqual(['false', 'true']);
    expect(rows[0]?.textContent).toContain('low_avg_fee');

    const templates = screen.getByTestId('tile-templates');
    await waitFor(() => expect(templates.dataset.status).toBe('up'));
    expect(within(templates).getByText('850,001')).toBeTruthy();

    // Never answered: down, with the dashboard's explanation instead of a blank tile.
    const gateway = screen.getByTestId('tile-gateway');
    await waitFor(() => expect(gateway.dataset.status).toBe('down'));
    expect(screen.getByTestId('tile-gateway-error').textContent).toBe('sv2-gateway is unavailable');

    verifierUp = false;
    await waitFor(() => expect(verifier.dataset.status).toBe('down'));
    expect(screen.getByTestId('tile-verifier-error').textContent).toBe('pool-verifier did not answer');
    expect(within(verifier).getByText('v3')).toBeTruthy();
    expect(screen.getByTestId('tile-verifier-age').textContent).toMatch(/^Last good data \d+ s ago$/);
    expect(screen.getAllByTestId('verdict-row')).toHaveLength(2);
    await waitFor(() => expect(screen.getByTestId('verdicts-stale').textContent).toMatch(/^Pool verifier down - this list is \d+ s old.$/));
  });
});
