import type { ReactNode } from 'react';
import { describeError } from '../../api/client';
import { formatAge } from '../../ui/usePoll';

interface Props {
  testId: string;
  service: string;
  /** null until the first answer. */
  up: boolean | null;
  error: Error | null;
  lastOkAt: number | null;
  now: number;
  /** What "up" means here, e.g. "live, every 3 s". */
  liveText: ReactNode;
}

/**
 * The state of the data a page shows: live, or the service down with the age of the last good data, so a page
 * never goes blank or spins forever when its backend stops.
 */
export function LiveStatus({ testId, service, up, error, lastOkAt, now, liveText }: Props) {
  const status = up === null ? 'unknown' : up ? 'up' : 'down';
  return (
    <p className={`live-status live-${status} small`} data-testid={testId} data-status={status}>
      <span className={`badge badge-${status}`}>{status === 'unknown' ? 'loading' : status === 'up' ? 'live' : 'down'}</span>{' '}
      {status === 'unknown' && <span className="muted">Asking the {service}…</span>}
      {status === 'up' && error === null && <span className="muted">{liveText}</span>}
      {status === 'up' && error !== null && <span className="error">{describeError(error)}</span>}
      {status === 'down' && (
        <span className="error">
          {error ? describeError(error) : `the ${service} did not answer`}
          {lastOkAt !== null
            ? ` - showing the last good data, ${formatAge(now - lastOkAt)} old; retrying.`
            : ' - no data yet; retrying.'}
        </span>
      )}
    </p>
  );
}
