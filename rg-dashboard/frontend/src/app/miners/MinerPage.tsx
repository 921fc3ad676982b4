import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import * as gateway from '../../api/gateway';
import { describeError } from '../../api/client';
import { Chart, type ChartAxis, type ChartSeries } from '../../ui/Chart';
import { formatDecimal, formatDifficulty, formatHashrate, formatInt, Time } from '../../ui/format';
import { formatAge, useNow, usePoll } from '../../ui/usePoll';
import { Facts } from '../ServiceTile';
import { MINERS_POLL_MS } from './MinersPage';

export const HASHRATE_POLL_MS = 10_000;
/** What the page keeps of its own samples: an hour at the channel list's 5 s polling. */
export const LOCAL_SAMPLES = 720;

/** `pollMs` / `hashratePollMs` are only changed by tests. */
export function MinerPage({ pollMs = MINERS_POLL_MS, hashratePollMs = HASHRATE_POLL_MS }: { pollMs?: number; hashratePollMs?: number }) {
  const { channelId = '' } = useParams();
  if (!/^\d{1,15}$/.test(channelId)) {
    return (
      <section data-testid="page-miner">
        <h1>Channel</h1>
        <p className="error" role="alert">
          “{channelId}” is not a channel id.
        </p>
        <Link to="/miners">All miners</Link>
      </section>
    );
  }
  return <ChannelDetails key={channelId} channelId={Number(channelId)} pollMs={pollMs} hashratePollMs={hashratePollMs} />;
}

type Source =
  | { kind: 'gateway'; intervalSecs: number }
  | { kind: 'page'; why: string }
  | { kind: 'waiting' };

function ChannelDetails({ channelId, pollMs, hashratePollMs }: { channelId: number; pollMs: number; hashratePollMs: number }) {
  const now = useNow();
  const list = usePoll(useCallback((signal: AbortSignal) => gateway.channels(signal), []), pollMs);
  const history = usePoll(
    useCallback((signal: AbortSignal) => gateway.channelHashrate(channelId, signal), [channelId]),
    hashratePollMs,
  );
  const channel = list.data?.channels.find((c) => c.channel_id === channelId) ?? null;
  const state: unknown = useLocation().state;
  const listSearch =
    typeof state === 'object' && state !== null && 'listSearch' in state && typeof state.listSearch === 'string' ? state.listSearch : '';

  // The page's own record, from each poll of the channel list: the chart's data when the gateway has no history.
  const [local, setLocal] = useState<gateway.HashrateSample[]>([]);
  useEffect(() => {
    if (channel === null || list.lastOkAt === null) return;
    const sample = { at: list.lastOkAt, declared: channel.declared_hashrate, measured: channel.measured_hashrate, settled: channel.settled };
    setLocal((samples) =>
      samples.length > 0 && samples[samples.length - 1]?.at === sample.at
        ? samples
        : [...samples.slice(-(LOCAL_SAMPLES - 1)), sample],
    );
  }, [channel, list.lastOkAt]);

  let source: Source;
  let samples: gateway.HashrateSample[];
  if (history.data !== null) {
    source = { kind: 'gateway', intervalSecs: history.data.interval_secs };
    samples = history.data.samples;
  } else if (history.up === null) {
    source = { kind: 'waiting' };
    samples = local;
  } else {
    const why =
      history.error === null
        ? `the gateway has no hashrate history here (404 from ${gateway.GATEWAY_PATHS.channelHashrate(channelId)})`
        : `the gateway's hashrate history did not load (${describeError(history.error)})`;
    source = { kind: 'page', why };
    samples = local;
  }

  return (
    <section data-testid="page-miner" data-channel-id={channelId}>
      <p className="small">
        <Link to={`/miners${listSearch}`}>← All miners</Link>
      </p>
      <h1>
        {channel?.user_identity ?? 'Channel'} <span className="muted">#{channelId}</span>
      </h1>
      {list.up === false && (
        <p className="error small" role="alert" data-testid="miner-stale">
          {describeError(list.error)}
          {list.lastOkAt !== null && ` - these details are ${formatAge(now - list.lastOkAt)} old.`}
        </p>
      )}
      {list.data !== null && channel === null && (
        <p className="error" data-testid="miner-missing">
          Channel {channelId} is not open on the gateway (it may have closed).
        </p>
      )}

      <h2>Hashrate</h2>
      <HashrateChart samples={samples} source={source} />

      {channel !== null && (
        <div className="miner-details">
          <div>
            <h2>Channel</h2>
            <Facts
              rows={[
                ['Identity', channel.user_identity],
                ['Remote address', channel.remote_address],
                ['Connection', `#${channel.connection_id}`],
                ['Connected', <Time at={channel.connected_since} now={now} />],
                ['Channel opened', <Time at={channel.opened_at} now={now} />],
                ['Extranonce prefix', <code>{channel.extranonce_prefix}</code>],
                ['Current job', `#${channel.current_job_id}`],
                [
                  'Template',
                  channel.template_sequence === null ? (
                    <span className="muted">none yet</span>
                  ) : (
                    <Link to={`/templates/${channel.template_sequence}`}>#{channel.template_sequence}</Link>
                  ),
                ],
              ]}
            />
          </div>
          <div>
            <h2>Work</h2>
            <Facts
              rows={[
                ['Declared hashrate', formatHashrate(channel.declared_hashrate)],
                ['Measured hashrate', formatHashrate(channel.measured_hashrate)],
                [
                  'Settled',
                  channel.settled ? (
                    <span className="ok">settled ({formatInt(channel.shares_in_window)} shares in the window)</span>
                  ) : (
                    <span className="muted">settling ({formatInt(channel.shares_in_window)} shares in the window)</span>
                  ),
                ],
                ['Difficulty', formatDifficulty(channel.difficulty)],
                ['Target', <code className="wrap">{channel.target}</code>],
                ['Accepted shares', formatInt(channel.accepted)],
                ['Accepted work', formatDecimal(channel.accepted_work)],
                ['Blocks found', formatInt(channel.blocks_found)],
                ['Last share', channel.last_share_at === null ? <span className="muted">never</span> : <Time at={channel.last_share_at} now={now} />],
              ]}
            />
          </div>
          <div>
            <h2>Rejected shares</h2>
            <RejectsTable rejects={channel.rejects} testId="miner-rejects" />
          </div>
        </div>
      )}
    </section>
  );
}

const HASHRATE_AXES: ChartAxis[] = [
  { scale: 'hps', side: 'left', format: formatHashrate, fromZero: true },
  { scale: 'flag', side: 'right', format: (v) => (v >= 0.5 ? 'settled' : 'settling'), range: [-0.05, 1.05], splits: [0, 1] },
];

function HashrateChart({ samples, source }: { samples: gateway.HashrateSample[]; source: Source }) {
  const { x, series } = useMemo(() => {
    const series: ChartSeries[] = [
      { label: 'Declared', color: '--warn', scale: 'hps', dashed: true, format: formatHashrate, values: samples.map((s) => s.declared) },
      { label: 'Measured', color: '--accent', scale: 'hps', format: formatHashrate, values: samples.map((s) => s.measured) },
      {
        label: 'Settled',
        color: '--ok',
        scale: 'flag',
        stepped: true,
        format: (v) => (v >= 0.5 ? 'yes' : 'no'),
        values: samples.map((s) => (s.settled ? 1 : 0)),
      },
    ];
    return { x: samples.map((s) => s.at), series };
  }, [samples]);
  const note =
    source.kind === 'gateway' ? (
      <span data-testid="hashrate-source" data-source="gateway">
        The gateway's history: {formatInt(samples.length)} samples, one every {source.intervalSecs} s.
      </span>
    ) : source.kind === 'page' ? (
      <span data-testid="hashrate-source" data-source="page">
        Only what this page saw: {source.why}, so the chart shows the {formatInt(samples.length)} samples this page has
        collected from its own polls (every {MINERS_POLL_MS / 1000} s) since it was opened.
      </span>
    ) : (
      <span data-testid="hashrate-source" data-source="waiting">
        Loading the gateway's history…
      </span>
    );
  return <Chart testId="hashrate-chart" title="Declared and measured hashrate" x={x} series={series} axes={HASHRATE_AXES} note={note} />;
}

/** Rejected shares by reason, most frequent first. */
export function RejectsTable({ rejects, testId }: { rejects: Record<string, number>; testId: string }) {
  const entries = Object.entries(rejects)
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (entries.length === 0) {
    return (
      <p className="muted" data-testid={testId} data-total={0}>
        No rejected shares.
      </p>
    );
  }
  return (
    <table className="table compact" data-testid={testId} data-total={entries.reduce((sum, [, n]) => sum + n, 0)}>
      <tbody>
        {entries.map(([reason, count]) => (
          <tr key={reason} data-reason={reason}>
            <th scope="row">
              <code>{reason}</code>
            </th>
            <td className="num">{formatInt(count)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
