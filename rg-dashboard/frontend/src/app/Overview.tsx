import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
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
// Readiness. The dashboard probes every service's /ready every 2 s and relays the answers on
// /api/dashboard/readiness: the probe's state and the service's own checks, so a tile names the check that fails
// exactly as the service reports it (reason code and detail), for rg-auth as for the others.

export type ServiceName = 'rg-auth' | 'pool-verifier' | 'template-manager' | 'sv2-gateway';

export function serviceReadiness(report: api.ReadinessReport | null, service: ServiceName): ReadinessView {
  const entry = report?.services[service];
  if (entry === undefined) return { state: 'unknown', probe: 'unknown', failing: [] };
  const probe = entry.state;
  const state: ReadyState =
    probe === 'ready' ? 'ready' : probe.startsWith('not_ready') ? 'not_ready' : probe === 'unreachable' ? 'unreachable' : 'unknown';
  const failing: FailingCheck[] = Object.entries(entry.ready?.checks ?? {})
    .filter(([, check]) => check.status !== 'up')
    .map(([name, check]) => ({ check: name, reason: check.reason ?? `${name}_down`, detail: check.detail }));
  return { state, probe, failing };
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
  const ready = usePoll(useCallback((signal: AbortSignal) => api.servicesReadiness(signal), []), pollMs);

  const verifierWindow = useCounterWindow(stats, verifierCounters);
  const gatewayWindow = useCounterWindow(gateway, gatewayCounters);
  const sharesPerSecond = useMemo(() => latestPerSecond(gatewayWindow), [gatewayWindow]);

  const latestTemplate = templates.data?.templates[0] ?? null;
  const latestVerdict = verdicts.data?.verdicts[0] ?? null;
  const authReadiness = serviceReadiness(ready.data, 'rg-auth');
  const authProbe = authReadiness;
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
          readiness={authReadiness}
          render={(r) => (
            <Facts
              rows={[
                ['Sign-in', authProbe.state === 'ready' ? <span className="ok">available</span> : <span className="bad">unavailable</span>],
                ['Checked', r.services['rg-auth']?.checked_at ? <Time at={r.services['rg-auth'].checked_at} now={now} /> : 'not yet'],
              ]}
            />
          )}
        />
        <ServiceTile
          id="verifier"
          title="Pool verifier"
          poll={stats}
          now={now}
          readiness={serviceReadiness(ready.data, 'pool-verifier')}
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
                ['Mean evaluation', `${formatInt(s.evaluation.mean_micros)} µs`],
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
          readiness={serviceReadiness(ready.data, 'template-manager')}
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
          readiness={serviceReadiness(ready.data, 'sv2-gateway')}
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
