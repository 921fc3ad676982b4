import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../api/client';
import * as api from '../api/services';
import { Chart, type ChartAxis, type ChartSeries } from '../ui/Chart';
import { formatDecimal, formatHashrate, formatInt, formatPercent, formatSats, Time } from '../ui/format';
import { formatAge, useNow, usePoll, type PollState } from '../ui/usePoll';
import { RejectsTable } from './miners/MinerPage';
import { Facts, ServiceTile, type FailingCheck, type ReadinessView, type ReadyState, type TileStatus } from './ServiceTile';

export const POLL_MS = 5000;
const VERDICT_ROWS = 10;
/** Samples kept for the verdict chart: ten minutes at the 5 s poll. */
export const RATE_WINDOW_SAMPLES = 120;
/** Rates and ratios are taken over the last minute, so one verdict more or less does not make the line jump. */
export const RATE_SPAN_MS = 60_000;

// ---------------------------------------------------------------------------------------------------------------
// Rates from counters. The services count since they started; the overview samples the counters at each poll and
// derives rates from the differences. A restart (another started_at, a counter or the uptime going down) breaks the
// series instead of giving a negative rate.

export interface CounterSample {
  /** When the answer arrived (epoch ms, this browser's clock). */
  at: number;
  /** Changes when the service restarts (its started_at), '' when the service does not say. */
  epoch: string;
  uptimeSecs: number;
  counts: readonly number[];
}

/** The window with `sample` appended (once per answer), at most `capacity` long. */
export function appendSample(window: readonly CounterSample[], sample: CounterSample, capacity: number): CounterSample[] {
  const last = window[window.length - 1];
  if (last !== undefined && last.at === sample.at) return window as CounterSample[];
  const next = window.length >= capacity ? window.slice(window.length - capacity + 1) : window.slice();
  next.push(sample);
  return next;
}

function restarted(previous: CounterSample, current: CounterSample): boolean {
  if (current.epoch !== previous.epoch || current.uptimeSecs < previous.uptimeSecs || current.at <= previous.at) return true;
  return current.counts.some((count, i) => count < (previous.counts[i] ?? 0));
}

export interface TrailingDelta {
  at: number;
  /** Time the deltas cover, ms; 0 right after a restart. */
  elapsedMs: number;
  /** Increase of each counter over `elapsedMs`; null right after a restart. */
  deltas: number[] | null;
}

/**
 * For every sample after the first, the increase of each counter over the trailing `spanMs` (or since the last
 * restart, whichever is shorter). O(window × samples per span), both small.
 */
export function trailingDeltas(samples: readonly CounterSample[], spanMs: number): TrailingDelta[] {
  const out: TrailingDelta[] = [];
  let segmentStart = 0;
  for (let i = 1; i < samples.length; i += 1) {
    const current = samples[i] as CounterSample;
    if (restarted(samples[i - 1] as CounterSample, current)) {
      segmentStart = i;
      out.push({ at: current.at, elapsedMs: 0, deltas: null });
      continue;
    }
    let from = i - 1;
    while (from > segmentStart && current.at - (samples[from - 1] as CounterSample).at <= spanMs) from -= 1;
    const base = samples[from] as CounterSample;
    out.push({ at: current.at, elapsedMs: current.at - base.at, deltas: current.counts.map((c, k) => c - (base.counts[k] ?? 0)) });
  }
  return out;
}

export interface VerdictRatePoint {
  at: number;
  perMinute: number | null;
  /** Accepted / all verdicts over the span; null when there was none. */
  acceptRatio: number | null;
}

/** counts = [verdicts total, verdicts accepted]. */
export function verdictRates(samples: readonly CounterSample[], spanMs = RATE_SPAN_MS): VerdictRatePoint[] {
  return trailingDeltas(samples, spanMs).map(({ at, elapsedMs, deltas }) => {
    if (deltas === null || elapsedMs <= 0) return { at, perMinute: null, acceptRatio: null };
    const total = deltas[0] ?? 0;
    const accepted = deltas[1] ?? 0;
    return { at, perMinute: (total / elapsedMs) * 60_000, acceptRatio: total > 0 ? accepted / total : null };
  });
}

/** The latest per-second rate of counts[0], or null before two samples of the same run. */
export function latestPerSecond(samples: readonly CounterSample[], spanMs = RATE_SPAN_MS): number | null {
  const last = trailingDeltas(samples.slice(-Math.max(2, Math.ceil(spanMs / 1000) + 2)), spanMs).at(-1);
  if (last === undefined || last.deltas === null || last.elapsedMs <= 0) return null;
  return ((last.deltas[0] ?? 0) / last.elapsedMs) * 1000;
}

const verifierCounters = (s: api.VerifierStats, at: number): CounterSample => ({
  at,
  epoch: s.started_at,
  uptimeSecs: s.uptime_secs,
  counts: [s.verdicts.total, s.verdicts.accepted],
});

const gatewayCounters = (g: api.GatewayStats, at: number): CounterSample => ({
  at,
  epoch: '',
  uptimeSecs: g.uptime_secs,
  counts: [g.shares.accepted],
});

function useCounterWindow<T>(poll: PollState<T>, read: (data: T, at: number) => CounterSample): CounterSample[] {
  const [window, setWindow] = useState<CounterSample[]>([]);
  const { data, lastOkAt } = poll;
  useEffect(() => {
    if (data === null || lastOkAt === null) return;
    setWindow((current) => appendSample(current, read(data, lastOkAt), RATE_WINDOW_SAMPLES));
  }, [data, lastOkAt, read]);
  return window;
}

// ---------------------------------------------------------------------------------------------------------------
// Readiness. The dashboard's /ready lists every backend's /ready state (ready, not_ready (503), unreachable); which
// check fails is read from each service's own API, which reports the same facts its readiness checks test.

type Probe = keyof typeof PROBE_KEYS;
const PROBE_KEYS = {
  auth: 'rg_auth',
  verifier: 'pool_verifier',
  templates: 'template_manager',
  gateway: 'sv2_gateway',
} as const;

export function probeState(ready: api.Readiness | null, service: Probe): { state: ReadyState; probe: string } {
  const value = ready?.checks.auth?.[PROBE_KEYS[service]];
  if (typeof value !== 'string') return { state: 'unknown', probe: 'unknown' };
  if (value === 'ready') return { state: 'ready', probe: value };
  if (value.startsWith('not_ready')) return { state: 'not_ready', probe: value };
  if (value === 'unreachable') return { state: 'unreachable', probe: value };
  return { state: 'unknown', probe: value };
}

/** pool-verifier's checks: policy (policy_not_loaded) and mempool (mempool_stale), from its /api/stats. */
export function verifierFailing(stats: api.VerifierStats | null): FailingCheck[] {
  if (stats === null) return [];
  const failing: FailingCheck[] = [];
  if (!stats.policy.loaded) failing.push({ check: 'policy', reason: 'policy_not_loaded', detail: 'no policy is in force' });
  if (!stats.mempool.healthy) {
    failing.push({
      check: 'mempool',
      reason: 'mempool_stale',
      detail: `no successful mempool fetch in the staleness window${stats.mempool.last_error ? `; last error: ${stats.mempool.last_error}` : ''}`,
    });
  }
  return failing;
}

/**
 * template-manager's checks: node (node_unreachable: its /api/mempool asks the node live and fails with the node's
 * problem) and verifier (verifier_unreachable: the newest template was given up as unavailable).
 */
export function templatesFailing(mempool: PollState<api.NodeMempool>, latest: api.TemplateSummary | null): FailingCheck[] {
  const failing: FailingCheck[] = [];
  const error = mempool.error;
  // The dashboard's own backend_unavailable / backend_timeout mean template-manager itself did not answer.
  if (error instanceof ApiError && error.status >= 500 && !error.code.startsWith('backend_')) {
    failing.push({ check: 'node', reason: 'node_unreachable', detail: error.message });
  }
  if (latest?.verdict?.outcome === 'unavailable') {
    failing.push({
      check: 'verifier',
      reason: 'verifier_unreachable',
      detail: `template #${latest.sequence} got no verdict (${latest.verdict.reason_code ?? 'unavailable'})`,
    });
  }
  return failing;
}

/** sv2-gateway's checks: template (no_template_yet) and share_log (share_log_failed), from its /api/stats. */
export function gatewayFailing(stats: api.GatewayStats | null): FailingCheck[] {
  if (stats === null) return [];
  const failing: FailingCheck[] = [];
  if (stats.template.templates_received === 0) {
    failing.push({ check: 'template', reason: 'no_template_yet', detail: stats.template.stream_problem ?? 'waiting for the first template' });
  }
  const shareLogFailure = stats.share_log?.failure;
  if (shareLogFailure) failing.push({ check: 'share_log', reason: 'share_log_failed', detail: shareLogFailure });
  return failing;
}

function readiness(ready: api.Readiness | null, service: Probe, failing: FailingCheck[]): ReadinessView {
  return { ...probeState(ready, service), failing };
}

// ---------------------------------------------------------------------------------------------------------------

function uptime(secs: number): string {
  return formatAge(secs * 1000);
}

const ratePercent = (v: number) => formatPercent(v, 0);
const perMinute = (v: number) => `${formatDecimal(v, 1)}/min`;
const VERDICT_AXES: ChartAxis[] = [
  { scale: 'rate', side: 'left', format: perMinute, fromZero: true },
  { scale: 'ratio', side: 'right', format: ratePercent, range: [0, 1] },
];

/** `pollMs` is only changed by tests. */
export function OverviewPage({ pollMs = POLL_MS }: { pollMs?: number }) {
  const now = useNow();
  const stats = usePoll(useCallback((signal: AbortSignal) => api.verifierStats(signal), []), pollMs);
  const verdicts = usePoll(
    useCallback((signal: AbortSignal) => api.latestVerdicts(VERDICT_ROWS, signal), []),
    pollMs,
  );
  const templates = usePoll(useCallback((signal: AbortSignal) => api.recentTemplates(1, signal), []), pollMs);
  const gateway = usePoll(useCallback((signal: AbortSignal) => api.gatewayStats(signal), []), pollMs);
  const ready = usePoll(useCallback((signal: AbortSignal) => api.dashboardReadiness(signal), []), pollMs);
  const mempool = usePoll(useCallback((signal: AbortSignal) => api.nodeMempool(signal), []), pollMs);

  const verifierWindow = useCounterWindow(stats, verifierCounters);
  const gatewayWindow = useCounterWindow(gateway, gatewayCounters);
  const sharesPerSecond = useMemo(() => latestPerSecond(gatewayWindow), [gatewayWindow]);

  const latestTemplate = templates.data?.templates[0] ?? null;
  const latestVerdict = verdicts.data?.verdicts[0] ?? null;
  const readyBody = ready.data;
  const authProbe = probeState(readyBody, 'auth');
  const authStatus: TileStatus =
    ready.up === null ? 'unknown' : authProbe.state === 'ready' ? 'up' : authProbe.state === 'unknown' && ready.up ? 'unknown' : 'down';

  return (
    <section data-testid="page-overview">
      <h1>Overview</h1>
      <div className="tiles">
        <ServiceTile
          id="auth"
          title="rg-auth"
          poll={ready}
          now={now}
          status={authStatus}
          readiness={{ ...authProbe, failing: authFailing(readyBody) }}
          render={(r) => (
            <Facts
              rows={[
                ['Sign-in', authProbe.state === 'ready' ? <span className="ok">available</span> : <span className="bad">unavailable</span>],
                ['Dashboard /ready', r.ready ? <span className="ok">ready</span> : <span className="bad">not ready</span>],
              ]}
            />
          )}
        />
        <ServiceTile
          id="verifier"
          title="Pool verifier"
          poll={stats}
          now={now}
          readiness={readiness(readyBody, 'verifier', verifierFailing(stats.data))}
          render={(s) => (
            <Facts
              rows={[
                ['Verdicts', formatInt(s.verdicts.total)],
                ['Accepted', <span className="ok">{formatInt(s.verdicts.accepted)}</span>],
                ['Rejected', <span className="bad">{formatInt(s.verdicts.rejected)}</span>],
                ['Policy', s.policy.loaded ? `v${s.policy.version}` : 'not loaded'],
                [
                  'Mempool',
                  s.mempool.healthy ? (
                    `${formatInt(s.mempool.tx_count)} tx`
                  ) : (
                    <span className="bad">unavailable{s.mempool.last_error ? ` (${s.mempool.last_error})` : ''}</span>
                  ),
                ],
                ['Mean evaluation', `${s.evaluation.mean_micros.toFixed(0)} µs`],
                ['Connections', formatInt(s.tcp.open_connections)],
                ['Uptime', uptime(s.uptime_secs)],
              ]}
            />
          )}
        />
        <ServiceTile
          id="templates"
          title="Template manager"
          poll={templates}
          now={now}
          readiness={readiness(readyBody, 'templates', templatesFailing(mempool, latestTemplate))}
          render={(page) => {
            const t = page.templates[0];
            if (t === undefined) return <p className="muted">No template fetched yet.</p>;
            return (
              <Facts
                rows={[
                  ['Height', formatInt(t.height)],
                  ['Transactions', formatInt(t.tx_count)],
                  ['Fees', formatSats(t.total_fees)],
                  ['Coinbase', formatSats(t.coinbase_value)],
                  ['Verdict', t.verdict === null ? 'pending' : verdictLabel(t.verdict.outcome, t.verdict.reason_code)],
                  ['Fetched', <Time at={t.received_at} now={now} />],
                  ['Sequence', `#${t.sequence} (${t.source})`],
                ]}
              />
            );
          }}
        />
        <ServiceTile
          id="gateway"
          title="SV2 gateway"
          poll={gateway}
          now={now}
          readiness={readiness(readyBody, 'gateway', gatewayFailing(gateway.data))}
          render={(g) => (
            <Facts
              rows={[
                ['Mode', g.mode],
                ['Connections', formatInt(g.connections)],
                ['Channels', formatInt(g.channels)],
                ['Hashrate', formatHashrate(g.hashrate.measured)],
                ['Shares accepted', formatInt(g.shares.accepted)],
                ['Blocks found', formatInt(g.blocks_found)],
                [
                  'Template stream',
                  g.template.stream_connected ? (
                    <span className="ok">connected</span>
                  ) : (
                    <span className="bad">{g.template.stream_problem ?? 'disconnected'}</span>
                  ),
                ],
                ['Uptime', uptime(g.uptime_secs)],
              ]}
            />
          )}
        />
      </div>

      <div className="figures">
        <Panel title="Fee tier" testId="overview-tier" stale={verdicts.up === false}>
          {latestVerdict === null ? (
            <p className="muted">No verdict yet.</p>
          ) : (
            <>
              <p className="figure" data-tier={latestVerdict.context.tier}>
                {latestVerdict.context.tier}
              </p>
              <p className="small muted">
                {latestVerdict.tier_basis?.explanation ??
                  `${formatInt(latestVerdict.context.mempool_tx_count)} mempool transactions at verdict #${latestVerdict.id}`}
              </p>
            </>
          )}
        </Panel>
        <Panel title="Mempool" testId="overview-mempool" stale={stats.up === false}>
          {stats.data === null ? (
            <p className="muted">Waiting for the verifier.</p>
          ) : (
            <>
              <p className="figure" data-tx-count={stats.data.mempool.tx_count}>
                {formatInt(stats.data.mempool.tx_count)} tx
              </p>
              <p className="small muted">
                {stats.data.mempool.healthy ? 'the verifier’s view, which sets the tier' : 'the verifier’s view is stale'}
                {mempool.data !== null &&
                  ` · node: ${formatInt(mempool.data.size)} tx, ${formatInt(mempool.data.bytes)} B`}
              </p>
            </>
          )}
        </Panel>
        <Panel title="Current template" testId="overview-template" stale={templates.up === false} wide>
          <CurrentTemplate template={latestTemplate} verdicts={verdicts.data?.verdicts ?? []} now={now} />
        </Panel>
        <Panel title="Gateway" testId="overview-gateway" stale={gateway.up === false}>
          {gateway.data === null ? (
            <p className="muted">Waiting for the gateway.</p>
          ) : (
            <Facts
              rows={[
                ['Mode', <span data-testid="overview-mode">{gateway.data.mode}</span>],
                ['Channels', <Link to="/miners">{formatInt(gateway.data.channels)}</Link>],
                [
                  'Shares/s',
                  <span data-testid="overview-shares-rate">{sharesPerSecond === null ? '-' : formatDecimal(sharesPerSecond, 2)}</span>,
                ],
                ['Blocks found', <Link to="/blocks" data-testid="overview-blocks">{formatInt(gateway.data.blocks_found)}</Link>],
              ]}
            />
          )}
        </Panel>
        <Panel title="Hashrate" testId="overview-hashrate" stale={gateway.up === false}>
          {gateway.data === null ? (
            <p className="muted">Waiting for the gateway.</p>
          ) : (
            <Hashrate declared={gateway.data.hashrate.declared} measured={gateway.data.hashrate.measured} />
          )}
        </Panel>
        <Panel title="Rejected shares" testId="overview-rejects" stale={gateway.up === false}>
          {gateway.data === null ? (
            <p className="muted">Waiting for the gateway.</p>
          ) : (
            <RejectsTable rejects={gateway.data.shares.rejected} testId="overview-rejects-table" />
          )}
        </Panel>
        <Panel title="Holds and releases" testId="overview-inline" stale={gateway.up === false}>
          <InlineCounters stats={gateway.data} />
        </Panel>
      </div>

      <h2>Verdict rate and accept ratio</h2>
      <VerdictChart samples={verifierWindow} />

      <h2>Latest verdicts</h2>
      <VerdictTable poll={verdicts} now={now} />

      {stats.data !== null && Object.keys(stats.data.verdicts.by_reason).length > 0 && (
        <>
          <h2>Verdicts by outcome</h2>
          <table className="table compact" data-testid="verdicts-by-reason">
            <tbody>
              {Object.entries(stats.data.verdicts.by_reason)
                .sort((a, b) => b[1] - a[1])
                .map(([reason, count]) => (
                  <tr key={reason}>
                    <th scope="row">{reason}</th>
                    <td className="num">{formatInt(count)}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

/** rg-auth has no API that names its failing check; the dashboard's own check says what it found. */
function authFailing(ready: api.Readiness | null): FailingCheck[] {
  const check = ready?.checks.auth;
  if (check === undefined || check.status === 'up') return [];
  return [{ check: 'auth', reason: check.reason ?? 'auth_unavailable', detail: check.detail }];
}

function Panel({
  title,
  testId,
  stale,
  wide,
  children,
}: {
  title: string;
  testId: string;
  stale: boolean;
  wide?: boolean;
  children: React.ReactNode;
}) {
  return (
    <article className={`panel${wide ? ' wide' : ''}${stale ? ' stale' : ''}`} data-testid={testId}>
      <h2>{title}</h2>
      {children}
    </article>
  );
}

function CurrentTemplate({
  template,
  verdicts,
  now,
}: {
  template: api.TemplateSummary | null;
  verdicts: api.RecordedVerdict[];
  now: number;
}) {
  if (template === null) return <p className="muted">No template fetched yet.</p>;
  // template-manager's summary has no weight; the verifier measured it when it judged the same template.
  const judged = verdicts.find(
    (v) =>
      v.template.height === template.height &&
      v.context.measured.tx_count === template.tx_count &&
      v.context.measured.total_fees === template.total_fees,
  );
  const verdict = template.verdict;
  return (
    <Facts
      rows={[
        ['Height', <span data-field="height">{formatInt(template.height)}</span>],
        ['Transactions', <span data-field="tx_count">{formatInt(template.tx_count)}</span>],
        ['Total fees', <span data-field="total_fees">{formatSats(template.total_fees)}</span>],
        [
          'Weight',
          <span data-field="weight_ratio">
            {judged === undefined ? '-' : `${formatPercent(judged.context.measured.weight_ratio)} of the block limit`}
          </span>,
        ],
        ['Age', <span data-field="age">{formatAge(now - template.received_at)}</span>],
        [
          'Verdict',
          <span data-field="verdict" data-outcome={verdict?.outcome ?? 'pending'}>
            {verdict === null ? (
              <span className="muted">pending</span>
            ) : (
              <span className={verdict.outcome === 'accepted' ? 'ok' : 'bad'}>{verdictLabel(verdict.outcome, verdict.reason_code)}</span>
            )}
          </span>,
        ],
        ['Sequence', <Link to={`/templates/${template.sequence}`}>#{template.sequence}</Link>],
      ]}
    />
  );
}

function Hashrate({ declared, measured }: { declared: number; measured: number }) {
  return (
    <>
      <dl className="facts">
        <div className="fact">
          <dt>Declared</dt>
          <dd data-field="declared">{formatHashrate(declared)}</dd>
        </div>
        <div className="fact">
          <dt>Measured</dt>
          <dd data-field="measured">{formatHashrate(measured)}</dd>
        </div>
      </dl>
      <p className="small muted">
        {declared > 0 ? `measured is ${formatPercent(measured / declared)} of declared` : 'no hashrate declared'}
      </p>
    </>
  );
}

function InlineCounters({ stats }: { stats: api.GatewayStats | null }) {
  if (stats === null) return <p className="muted">Waiting for the gateway.</p>;
  const counters = stats.mode_counters;
  if (counters === undefined) return <p className="muted">This gateway does not report its mode counters.</p>;
  const inline = stats.mode === 'inline';
  return (
    <>
      <Facts
        rows={[
          ['Held', <span data-field="holds">{formatInt(counters.holds)}</span>],
          ['Released', <span data-field="releases">{formatInt(counters.releases)}</span>],
          ['Withheld now', <span data-field="withheld">{formatInt(counters.withheld)}</span>],
          ['Verdict window timeouts', formatInt(counters.timeouts)],
          ['Would have held', <span data-field="would_have_held">{formatInt(counters.would_have_held)}</span>],
        ]}
      />
      {!inline && <p className="small muted">Mode {stats.mode}: templates go out unjudged, nothing is held.</p>}
    </>
  );
}

function VerdictChart({ samples }: { samples: CounterSample[] }) {
  const { x, series, latest } = useMemo(() => {
    const points = verdictRates(samples);
    const series: ChartSeries[] = [
      { label: 'Verdicts/min', color: '--accent', scale: 'rate', format: perMinute, values: points.map((p) => p.perMinute) },
      { label: 'Accepted', color: '--ok', scale: 'ratio', format: ratePercent, values: points.map((p) => p.acceptRatio) },
    ];
    return { x: points.map((p) => p.at), series, latest: points.at(-1) ?? null };
  }, [samples]);
  return (
    <Chart
      testId="chart-verdicts"
      title="Verdicts per minute and the share accepted, over the last minute at each point"
      x={x}
      series={series}
      axes={VERDICT_AXES}
      note={
        <span data-testid="verdict-rate" data-per-minute={latest?.perMinute ?? ''} data-accept-ratio={latest?.acceptRatio ?? ''}>
          From the verifier's counters every {POLL_MS / 1000} s since this page opened
          {latest?.perMinute != null && `: now ${perMinute(latest.perMinute)}`}
          {latest?.acceptRatio != null && `, ${ratePercent(latest.acceptRatio)} accepted`}.
        </span>
      }
    />
  );
}

function verdictLabel(outcome: string, reason: string | null): string {
  return reason === null ? outcome : `${outcome} (${reason})`;
}

function VerdictTable({ poll, now }: { poll: PollState<api.VerdictPage>; now: number }) {
  if (poll.data === null) {
    return <p className="muted">{poll.up === false ? 'The pool verifier did not answer.' : 'Loading…'}</p>;
  }
  return (
    <div className={poll.up === false ? 'stale' : undefined}>
      {poll.up === false && poll.lastOkAt !== null && (
        <p className="error small" data-testid="verdicts-stale">
          Pool verifier down - this list is {formatAge(now - poll.lastOkAt)} old.
        </p>
      )}
      {poll.data.verdicts.length === 0 ? (
        <p className="muted" data-testid="verdicts-empty">
          No verdicts yet.
        </p>
      ) : (
        <table className="table" data-testid="latest-verdicts">
          <thead>
            <tr>
              <th>When</th>
              <th>Height</th>
              <th>Outcome</th>
              <th>Reason</th>
              <th className="num">Tx</th>
              <th className="num">Fees</th>
              <th>Tier</th>
            </tr>
          </thead>
          <tbody>
            {poll.data.verdicts.map((v) => (
              <tr key={v.id} data-testid="verdict-row" data-accepted={v.accepted}>
                <td>
                  <Time at={v.recorded_at} now={now} />
                </td>
                <td>{formatInt(v.template.height)}</td>
                <td>{v.accepted ? <span className="ok">accepted</span> : <span className="bad">rejected</span>}</td>
                <td>{v.accepted ? '' : [v.reason_code, ...v.reasons.filter((r) => r !== v.reason_code)].join(', ')}</td>
                <td className="num">{formatInt(v.context.measured.tx_count)}</td>
                <td className="num">{formatSats(v.context.measured.total_fees)}</td>
                <td>{v.context.tier}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
