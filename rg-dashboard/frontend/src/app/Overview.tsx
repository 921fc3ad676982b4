import { useCallback } from 'react';
import * as api from '../api/services';
import { formatAge, useNow, usePoll } from '../ui/usePoll';
import { Facts, ServiceTile } from './ServiceTile';

export const POLL_MS = 5000;
const VERDICT_ROWS = 10;

const number = new Intl.NumberFormat();
const sats = (value: number) => `${number.format(value)} sat`;

function hashrate(hps: number): string {
  const units = ['H/s', 'kH/s', 'MH/s', 'GH/s', 'TH/s', 'PH/s', 'EH/s'];
  let value = hps;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`;
}

function uptime(secs: number): string {
  return formatAge(secs * 1000);
}

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

  return (
    <section data-testid="page-overview">
      <h1>Overview</h1>
      <div className="tiles">
        <ServiceTile
          id="verifier"
          title="Pool verifier"
          poll={stats}
          now={now}
          render={(s) => (
            <Facts
              rows={[
                ['Verdicts', number.format(s.verdicts.total)],
                ['Accepted', <span className="ok">{number.format(s.verdicts.accepted)}</span>],
                ['Rejected', <span className="bad">{number.format(s.verdicts.rejected)}</span>],
                ['Policy', s.policy.loaded ? `v${s.policy.version}` : 'not loaded'],
                [
                  'Mempool',
                  s.mempool.healthy ? (
                    `${number.format(s.mempool.tx_count)} tx`
                  ) : (
                    <span className="bad">unavailable{s.mempool.last_error ? ` (${s.mempool.last_error})` : ''}</span>
                  ),
                ],
                ['Mean evaluation', `${s.evaluation.mean_micros.toFixed(0)} µs`],
                ['Connections', number.format(s.tcp.open_connections)],
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
          render={(page) => {
            const t = page.templates[0];
            if (t === undefined) return <p className="muted">No template fetched yet.</p>;
            return (
              <Facts
                rows={[
                  ['Height', number.format(t.height)],
                  ['Transactions', number.format(t.tx_count)],
                  ['Fees', sats(t.total_fees)],
                  ['Coinbase', sats(t.coinbase_value)],
                  ['Verdict', t.verdict === null ? 'pending' : verdictLabel(t.verdict.outcome, t.verdict.reason_code)],
                  ['Fetched', `${formatAge(now - t.received_at)} ago`],
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
          render={(g) => (
            <Facts
              rows={[
                ['Mode', g.mode],
                ['Connections', number.format(g.connections)],
                ['Channels', number.format(g.channels)],
                ['Hashrate', hashrate(g.hashrate.measured)],
                ['Shares accepted', number.format(g.shares.accepted)],
                ['Blocks found', number.format(g.blocks_found)],
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
                    <td className="num">{number.format(count)}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

function verdictLabel(outcome: string, reason: string | null): string {
  return reason === null ? outcome : `${outcome} (${reason})`;
}

function VerdictTable({ poll, now }: { poll: ReturnType<typeof usePoll<api.VerdictPage>>; now: number }) {
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
                <td title={v.recorded_at}>{formatAge(now - Date.parse(v.recorded_at))} ago</td>
                <td>{number.format(v.template.height)}</td>
                <td>{v.accepted ? <span className="ok">accepted</span> : <span className="bad">rejected</span>}</td>
                <td>{v.accepted ? '' : [v.reason_code, ...v.reasons.filter((r) => r !== v.reason_code)].join(', ')}</td>
                <td className="num">{number.format(v.context.measured.tx_count)}</td>
                <td className="num">{sats(v.context.measured.total_fees)}</td>
                <td>{v.context.tier}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
