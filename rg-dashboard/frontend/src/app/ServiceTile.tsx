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
  /** The service's /ready as the dashboard sees it, with the checks that fail named. */
  readiness?: ReadinessView;
  /** Overrides "up when the poll answered": rg-auth's tile is up when rg-auth is, not when the dashboard is. */
  status?: TileStatus;
}

export type TileStatus = 'up' | 'down' | 'unknown';

/** ready / not_ready / unreachable / unknown as the dashboard's probe reports them. */
export type ReadyState = 'ready' | 'not_ready' | 'unreachable' | 'unknown';

export interface FailingCheck {
  /** The check's name in the service's /ready, e.g. "mempool". */
  check: string;
  /** Its reason code, e.g. "mempool_stale". */
  reason: string;
  detail: string;
}

export interface ReadinessView {
  state: ReadyState;
  /** What the dashboard's probe said verbatim, e.g. "not_ready (503)". */
  probe: string;
  failing: FailingCheck[];
}

/** One backend: up when its API answered the last poll, down otherwise - still showing the last good data. */
export function ServiceTile<T>({ id, title, poll, now, render, readiness, status: forced }: Props<T>) {
  const status: TileStatus = forced ?? (poll.up === null ? 'unknown' : poll.up ? 'up' : 'down');
  const label = status === 'unknown' ? 'checking' : status;
  return (
    <article className={`tile tile-${status}`} data-testid={`tile-${id}`} data-status={status} aria-label={`${title}: ${label}`}>
      <header>
        <h2>{title}</h2>
        <span className={`badge badge-${status}`} data-testid={`tile-${id}-status`}>
          {label}
        </span>
      </header>
      {readiness !== undefined && <Readiness id={id} readiness={readiness} />}
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

function Readiness({ id, readiness }: { id: string; readiness: ReadinessView }) {
  const { state, probe, failing } = readiness;
  const headline =
    state === 'ready'
      ? 'ready'
      : state === 'not_ready'
        ? notReady(probe)
        : state === 'unreachable'
          ? '/ready unreachable'
          : 'readiness unknown';
  return (
    <div className={`readiness readiness-${state}`} data-testid={`tile-${id}-readiness`} data-ready={state}>
      <span className="readiness-state">{headline}</span>
      {failing.length > 0 && (
        <ul className="failing">
          {failing.map((f) => (
            <li key={f.check} data-testid="failing-check" data-check={f.check} data-reason={f.reason}>
              <code>{f.check}</code>: <code>{f.reason}</code> - {f.detail}
            </li>
          ))}
        </ul>
      )}
      {state === 'not_ready' && failing.length === 0 && (
        <p className="small muted">Its failing check is not visible through its API; see its /ready.</p>
      )}
    </div>
  );
}

/** "not_ready (503)" from the probe reads "not ready (HTTP 503)". */
function notReady(probe: string): string {
  const status = /\((\d{3})\)/.exec(probe)?.[1];
  return status === undefined ? 'not ready' : `not ready (HTTP ${status})`;
}
