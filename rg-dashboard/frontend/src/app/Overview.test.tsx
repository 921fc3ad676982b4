import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import { setCsrfToken } from '../api/client';
import { fakeServer } from '../test/fakeServer';
import { ADMIN_ME } from '../test/renderApp';
import { MemoryRouter } from 'react-router';
import { AuthProvider } from '../auth/AuthContext';
import {
  appendSample,
  latestPerSecond,
  OverviewPage,
  serviceReadiness,
  trailingDeltas,
  verdictRates,
  type CounterSample,
} from './Overview';

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
      <MemoryRouter>
        <AuthProvider>
          <OverviewPage pollMs={20} />
        </AuthProvider>
      </MemoryRouter>,
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

const sample = (at: number, total: number, accepted: number, epoch = 'a', uptimeSecs = at / 1000): CounterSample => ({
  at,
  epoch,
  uptimeSecs,
  counts: [total, accepted],
});

describe('verdict rate and accept ratio', () => {
  it('takes each point over the trailing span: the increase divided by the time it took', () => {
    const points = verdictRates([sample(0, 10, 8), sample(5000, 12, 9), sample(10_000, 12, 9), sample(15_000, 18, 15)]);
    expect(points).toEqual([
      { at: 5000, perMinute: 24, acceptRatio: 0.5 },
      { at: 10_000, perMinute: 12, acceptRatio: 0.5 },
      { at: 15_000, perMinute: 32, acceptRatio: 7 / 8 },
    ]);
  });

  it('looks back no further than the span', () => {
    // One verdict every 5 s for two minutes, every other one accepted.
    const samples = Array.from({ length: 25 }, (_, i) => sample(i * 5000, i, Math.floor(i / 2)));
    const last = trailingDeltas(samples, 60_000).at(-1);
    expect(last).toEqual({ at: 120_000, elapsedMs: 60_000, deltas: [12, 6] });
    expect(verdictRates(samples, 60_000).at(-1)).toEqual({ at: 120_000, perMinute: 12, acceptRatio: 0.5 });
  });

  it('has no accept ratio for a span without verdicts, and a rate of zero', () => {
    expect(verdictRates([sample(0, 7, 7), sample(5000, 7, 7)])).toEqual([{ at: 5000, perMinute: 0, acceptRatio: null }]);
  });

  it('breaks the series when the verifier restarts instead of counting a negative rate', () => {
    const points = verdictRates([
      sample(0, 100, 90, 'first'),
      sample(5000, 106, 93, 'first'),
      // A new started_at: the counters began again.
      sample(10_000, 2, 2, 'second', 3),
      sample(15_000, 5, 4, 'second', 8),
    ]);
    expect(points.map((p) => [p.perMinute, p.acceptRatio])).toEqual([
      [72, 0.5],
      [null, null],
      // Only since the restart: 3 verdicts in 5 s, not 5 - 100.
      [36, 2 / 3],
    ]);
  });

  it('treats a counter going down as a restart even when the service does not say when it started', () => {
    const points = trailingDeltas(
      [
        { at: 0, epoch: '', uptimeSecs: 50, counts: [500] },
        { at: 5000, epoch: '', uptimeSecs: 55, counts: [40] },
        { at: 10_000, epoch: '', uptimeSecs: 60, counts: [90] },
      ],
      60_000,
    );
    expect(points.map((p) => p.deltas)).toEqual([null, [50]]);
  });

  it('gives shares per second from the latest span', () => {
    const shares = (at: number, accepted: number): CounterSample => ({ at, epoch: '', uptimeSecs: at / 1000, counts: [accepted] });
    expect(latestPerSecond([shares(0, 0)])).toBeNull();
    expect(latestPerSecond([shares(0, 0), shares(5000, 40), shares(10_000, 100)])).toBe(10);
  });

  it('keeps one sample per answer and at most the window', () => {
    let window: CounterSample[] = [];
    for (let i = 0; i < 5; i += 1) window = appendSample(window, sample(i * 1000, i, i), 3);
    window = appendSample(window, sample(4000, 4, 4), 3);
    expect(window.map((s) => s.at)).toEqual([2000, 3000, 4000]);
  });
});

describe('readiness with the failing check named', () => {
  const up = (service: string, checks: Record<string, unknown>) => ({
    state: 'ready',
    checked_at: '2026-12-03T14:00:00Z',
    ready: { status: 'ready', ready: true, service, checks, reasons: [] },
  });
  const REPORT = {
    services: {
      'rg-auth': { state: 'unreachable', checked_at: '2026-12-03T14:00:00Z', ready: null },
      'pool-verifier': up('pool-verifier', { policy: { status: 'up', detail: 'policy version 1 in force' } }),
      'template-manager': {
        state: 'not_ready (503)',
        checked_at: '2026-12-03T14:00:00Z',
        ready: {
          status: 'not_ready',
          ready: false,
          service: 'template-manager',
          checks: {
            node: { status: 'down', reason: 'node_unreachable', detail: 'getblocktemplate: connection refused' },
            verifier: { status: 'up', detail: 'connected to the verifier' },
          },
          reasons: ['node_unreachable: getblocktemplate: connection refused'],
        },
      },
    },
  };

  it('reads each service’s state and its failing checks from the dashboard’s readiness report', () => {
    expect(serviceReadiness(REPORT as never, 'rg-auth')).toEqual({ state: 'unreachable', probe: 'unreachable', failing: [] });
    expect(serviceReadiness(REPORT as never, 'pool-verifier')).toEqual({ state: 'ready', probe: 'ready', failing: [] });
    expect(serviceReadiness(REPORT as never, 'template-manager')).toEqual({
      state: 'not_ready',
      probe: 'not_ready (503)',
      failing: [{ check: 'node', reason: 'node_unreachable', detail: 'getblocktemplate: connection refused' }],
    });
    expect(serviceReadiness(REPORT as never, 'sv2-gateway').state).toBe('unknown');
    expect(serviceReadiness(null, 'rg-auth').state).toBe('unknown');
  });

  it('shows them on the tiles, and rg-auth down when the dashboard’s probe cannot reach it', async () => {
    fakeServer({
      'GET /api/auth/me': { json: ADMIN_ME },
      'GET /api/dashboard/readiness': { json: { services: { ...REPORT.services, 'sv2-gateway': up('sv2-gateway', {}) } } },
      'GET /api/verifier/stats': { json: STATS },
      'GET /api/verifier/verdicts?limit=10': { json: VERDICTS },
      'GET /api/templates/templates?limit=1': { json: TEMPLATES },
      'GET /api/gateway/stats': { json: GATEWAY },
    });
    renderOverview();

    const auth = await screen.findByTestId('tile-auth');
    await waitFor(() => expect(auth.dataset.status).toBe('down'));
    expect(screen.getByTestId('tile-auth-readiness').dataset.ready).toBe('unreachable');

    await waitFor(() => expect(screen.getByTestId('tile-templates-readiness').dataset.ready).toBe('not_ready'));
    const templates = screen.getByTestId('tile-templates-readiness');
    expect(within(templates).getByTestId('failing-check').dataset.check).toBe('node');
    expect(within(templates).getByTestId('failing-check').dataset.reason).toBe('node_unreachable');
    expect(templates.textContent).toContain('getblocktemplate: connection refused');
    expect(screen.getByTestId('tile-verifier-readiness').dataset.ready).toBe('ready');
    expect(screen.getByTestId('tile-gateway-readiness').dataset.ready).toBe('ready');
  });
});

const GATEWAY = {
  mode: 'inline',
  uptime_secs: 120,
  connections: 2,
  channels: 3,
  hashrate: { declared: 3e15, measured: 2.4e15 },
  shares: { accepted: 900, blocks: 1, rejected: { stale_share: 4, invalid_job_id: 1 } },
  blocks_found: 1,
  template: { stream_connected: true, stream_problem: null, templates_received: 5, height: 850001, tx_count: 2, last_event_at: 1 },
  mode_counters: { templates: 5, distributed: 4, holds: 2, releases: 1, timeouts: 0, would_have_held: 0, withheld: 1, discarded: 0 },
  share_log: { failure: null },
};

function renderOverview() {
  return render(
    <MemoryRouter>
      <AuthProvider>
        <OverviewPage pollMs={20} />
      </AuthProvider>
    </MemoryRouter>,
  );
}

describe('overview figures', () => {
  it('shows tier, mempool, the current template with its weight, hashrate, rejects, holds and the verdict chart', async () => {
    // Every answer of /api/verifier/stats counts two more verdicts, one of them accepted.
    let polls = 0;
    fakeServer({
      'GET /api/auth/me': { json: ADMIN_ME },
      'GET /api/dashboard/readiness': {
        json: { services: { 'rg-auth': { state: 'ready', checked_at: '2026-12-03T14:00:00Z', ready: null } } },
      },
      'GET /api/verifier/stats': () => {
        polls += 1;
        return { json: { ...STATS, verdicts: { ...STATS.verdicts, total: 12 + 2 * polls, accepted: 10 + polls } } };
      },
      'GET /api/verifier/verdicts?limit=10': { json: VERDICTS },
      'GET /api/templates/templates?limit=1': { json: TEMPLATES },
      'GET /api/gateway/stats': { json: GATEWAY },
    });
    renderOverview();

    await waitFor(() => expect(screen.getByTestId('tile-auth').dataset.status).toBe('up'));
    const tier = await screen.findByTestId('overview-tier');
    await waitFor(() => expect(within(tier).getByText('normal')).toBeTruthy());
    await waitFor(() => expect(screen.getByTestId('overview-mempool').textContent).toContain('4,200 tx'));

    const template = screen.getByTestId('overview-template');
    const field = (name: string) => template.querySelector(`[data-field="${name}"]`)?.textContent;
    await waitFor(() => expect(field('height')).toBe('850,001'));
    expect(field('tx_count')).toBe('2');
    expect(field('total_fees')).toBe('5,000 sat');
    // From verdict 12, which judged the same height, transactions and fees.
    expect(field('weight_ratio')).toBe('0.1% of the block limit');
    expect(template.querySelector('[data-field="verdict"]')?.getAttribute('data-outcome')).toBe('rejected');

    await waitFor(() => expect(screen.getByTestId('overview-hashrate').querySelector('[data-field="declared"]')?.textContent).toBe('3.00 PH/s'));
    expect(screen.getByTestId('overview-hashrate').querySelector('[data-field="measured"]')?.textContent).toBe('2.40 PH/s');
    expect(screen.getByTestId('overview-hashrate').textContent).toContain('80.0% of declared');
    const rejects = screen.getByTestId('overview-rejects-table');
    expect([...rejects.querySelectorAll('tr')].map((r) => r.dataset.reason)).toEqual(['stale_share', 'invalid_job_id']);
    const inline = screen.getByTestId('overview-inline');
    expect(inline.querySelector('[data-field="holds"]')?.textContent).toBe('2');
    expect(inline.querySelector('[data-field="releases"]')?.textContent).toBe('1');
    expect(screen.getByTestId('overview-mode').textContent).toBe('inline');

    // jsdom has no canvas: the chart keeps its test id and shows its latest numbers as text.
    const chart = screen.getByTestId('chart-verdicts');
    expect(chart.dataset.fallback).toBe('true');
    await waitFor(() => expect(Number(chart.dataset.points)).toBeGreaterThanOrEqual(2));
    expect(screen.getByTestId('verdict-rate').dataset.acceptRatio).toBe('0.5');
    expect(Number(screen.getByTestId('verdict-rate').dataset.perMinute)).toBeGreaterThan(0);
  });
});
