import type { ReactNode } from 'react';
import { describeError } from '../api/client';
import { formatAge, type PollState } from '../ui/usePoll';

interface Props<T> {
  /** Stable id for tests: the tile is data-testid="tile-<id>". */
  id: string;
  title: string;
  poll: PollState<T>;
  now: number;
  render: (data: T) => ReactNode;
}

/** One backend: up when its API answered the last poll, down otherwise - still showing the last good data. */
export function ServiceTile<T>({ id, title, poll, now, render }: Props<T>) {
  const status = poll.up === null ? 'unknown' : poll.up ? 'up' : 'down';
  const label = status === 'unknown' ? 'checking' : status;
  return (
    <article className={`tile tile-${status}`} data-testid={`tile-${id}`} data-status={status} aria-label={`${title}: ${label}`}>
      <header>
        <h2>{title}</h2>
        <span className={`badge badge-${status}`} data-testid={`tile-${id}-status`}>
          {label}
        </span>
      </header>
      {status === 'down' && poll.error && (
        <p className="error small" data-testid={`tile-${id}-error`}>
          {describeError(poll.error)}
        </p>
      )}
      {poll.data !== null ? (
        <div className={status === 'down' ? 'stale' : undefined}>{render(poll.data)}</div>
      ) : (
        <p className="muted">{status === 'unknown' ? 'Waiting for the first answer…' : 'No data yet.'}</p>
      )}
      {poll.lastOkAt !== null && (
        <footer className="muted small" data-testid={`tile-${id}-age`}>
          {status === 'down' ? 'Last good data ' : 'Updated '}
          {formatAge(now - poll.lastOkAt)} ago
        </footer>
      )}
    </article>
  );
}

export function Facts({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl className="facts">
      {rows.map(([name, value]) => (
        <div key={name} className="fact">
          <dt>{name}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
