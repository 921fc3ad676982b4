import { Link, useNavigate } from 'react-router';
import { describeError } from '../../api/client';
import { formatInt, formatPercent, formatSats, Time } from '../../ui/format';
import { formatAge, useNow } from '../../ui/usePoll';
import { rowHandlers } from '../verdicts/rowNavigation';
import { useTemplateFeed, type Connection, type TemplateRow } from './useTemplateFeed';

export const TEMPLATES_POLL_MS = 3000;
export const STREAM_RECONNECT_MS = 5000;

const CONNECTION_TEXT: Record<Connection, string> = {
  connecting: 'connecting to the template stream…',
  live: 'live over the template stream',
  polling: 'the stream is unavailable; polling every few seconds until it reconnects',
  down: 'template-manager did not answer',
};

/** `pollMs` / `reconnectMs` are only changed by tests. */
export function TemplatesPage({
  pollMs = TEMPLATES_POLL_MS,
  reconnectMs = STREAM_RECONNECT_MS,
}: {
  pollMs?: number;
  reconnectMs?: number;
}) {
  const feed = useTemplateFeed({ pollMs, reconnectMs });
  const now = useNow();
  const navigate = useNavigate();
  const status = feed.connection === 'live' ? 'up' : feed.connection === 'down' ? 'down' : 'unknown';
  return (
    <section data-testid="page-templates">
      <div className="page-head">
        <h1>Templates</h1>
        <p className={`live-status small`} data-testid="templates-connection" data-state={feed.connection}>
          <span className={`badge badge-${status}`}>{feed.connection}</span>{' '}
          <span className={feed.connection === 'down' ? 'error' : 'muted'}>
            {CONNECTION_TEXT[feed.connection]}
            {feed.connection === 'down' && feed.error !== null && ` (${describeError(feed.error)})`}
            {feed.lastOkAt !== null && feed.connection !== 'live' && feed.rows.length > 0 && (
              <> - showing the last good data, {formatAge(now - feed.lastOkAt)} old</>
            )}
          </span>
        </p>
      </div>
      <div className={feed.connection === 'down' ? 'table-scroll stale' : 'table-scroll'}>
        <table className="table rows-clickable" data-testid="templates-table">
          <thead>
            <tr>
              <th className="num">Seq</th>
              <th>Received</th>
              <th className="num">Height</th>
              <th>Source</th>
              <th className="num">Tx</th>
              <th className="num">Fees</th>
              <th className="num">Weight</th>
              <th>Verdict</th>
              <th className="num">Latency</th>
            </tr>
          </thead>
          <tbody>
            {feed.rows.map((row) => (
              <TemplateRowView
                key={row.sequence}
                row={row}
                now={now}
                isNew={feed.newSequences.has(row.sequence)}
                onOpen={() => navigate(`/templates/${row.sequence}`)}
              />
            ))}
            {feed.rows.length === 0 && (
              <tr>
                <td colSpan={9} className="muted" data-testid="templates-empty">
                  {!feed.loaded
                    ? feed.connection === 'down'
                      ? 'template-manager did not answer; retrying…'
                      : 'Loading templates…'
                    : 'No template fetched yet.'}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function TemplateRowView({ row, now, isNew, onOpen }: { row: TemplateRow; now: number; isNew: boolean; onOpen: () => void }) {
  const outcome = row.verdict?.outcome ?? 'pending';
  return (
    <tr
      data-testid="template-row"
      data-sequence={row.sequence}
      data-outcome={outcome}
      className={isNew ? 'row-new' : undefined}
      aria-label={`template ${row.sequence}, height ${row.height}, ${outcome}`}
      {...rowHandlers(onOpen)}
    >
      <td className="num">
        <Link to={`/templates/${row.sequence}`} tabIndex={-1}>
          #{row.sequence}
        </Link>
      </td>
      <td>
        <Time at={row.received_at} now={now} />
      </td>
      <td className="num">{formatInt(row.height)}</td>
      <td>{row.source}</td>
      <td className="num">{formatInt(row.tx_count)}</td>
      <td className="num">{formatSats(row.total_fees)}</td>
      <td className="num">
        {row.total_weight === null ? (
          <span className="muted">-</span>
        ) : (
          formatPercent(row.total_weight / (row.weight_limit ?? 4_000_000), 1)
        )}
      </td>
      <td>
        <OutcomeBadge outcome={outcome} />
        {row.verdict?.reason_code && <span className="mono small"> {row.verdict.reason_code}</span>}
      </td>
      <td className="num">{row.verdict ? `${row.verdict.latency_ms.toFixed(1)} ms` : ''}</td>
    </tr>
  );
}

export function OutcomeBadge({ outcome }: { outcome: string }) {
  const tone = outcome === 'accepted' ? 'ok' : outcome === 'rejected' ? 'bad' : outcome === 'pending' ? 'muted' : 'warn';
  return <span className={tone}>{outcome}</span>;
}
