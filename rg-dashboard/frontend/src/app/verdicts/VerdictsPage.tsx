import { memo, useCallback, useEffect, useRef, useState } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import {
  exportHref,
  filtersFromSearch,
  filtersToSearch,
  parseSince,
  REASON_CODES,
  REASON_TEXT,
  type AcceptedFilter,
  type Verdict,
  type VerdictFilters,
} from '../../api/verdicts';
import { formatDecimal, formatInt, formatPercent, formatSats, Time } from '../../ui/format';
import { useNow } from '../../ui/usePoll';
import { LiveStatus } from './LiveStatus';
import { rowHandlers } from './rowNavigation';
import { PAGE_SIZE, useVerdictFeed } from './useVerdictFeed';

export const VERDICTS_POLL_MS = 3000;

/** `pollMs` and `pageSize` are only changed by tests. */
export function VerdictsPage({ pollMs = VERDICTS_POLL_MS, pageSize = PAGE_SIZE }: { pollMs?: number; pageSize?: number }) {
  const [search, setSearch] = useSearchParams();
  const navigate = useNavigate();
  const location = useLocation();
  const now = useNow();
  const filters = filtersFromSearch(search);
  const beforeParam = search.get('before');
  const before = beforeParam !== null && /^\d+$/.test(beforeParam) ? Number(beforeParam) : null;
  const since = parseSince(filters.since, now);
  const tableRef = useRef<HTMLTableElement>(null);
  // The table's top on screen: new rows may come in without moving what the user is reading.
  const isAtTop = useCallback(() => (tableRef.current?.getBoundingClientRect().top ?? 0) >= 0, []);
  const feed = useVerdictFeed(filters, before, pollMs, isAtTop, since.ok, pageSize);

  const setFilters = (next: VerdictFilters) => {
    const params = filtersToSearch(next, search);
    params.delete('before'); // another filter starts at the newest page
    setSearch(params, { replace: true });
  };
  const goTo = (anchor: number | null) => {
    const params = new URLSearchParams(search);
    if (anchor === null) params.delete('before');
    else params.set('before', String(anchor));
    setSearch(params);
    tableRef.current?.scrollIntoView?.({ block: 'start' });
  };
  const open = useCallback(
    (verdict: Verdict) => navigate(`/verdicts/${verdict.id}`, { state: { from: location.search } }),
    [navigate, location.search],
  );
  const showPending = () => {
    feed.showPending();
    tableRef.current?.scrollIntoView?.({ block: 'start' });
  };

  return (
    <section data-testid="page-verdicts">
      <div className="page-head">
        <h1>Verdicts</h1>
        <LiveStatus
          testId="verdicts-status"
          service="pool verifier"
          up={feed.up}
          error={feed.error}
          lastOkAt={feed.lastOkAt}
          now={now}
          liveText={before === null ? `live, checking for new verdicts every ${pollMs / 1000} s` : 'older page, loaded once'}
        />
      </div>

      <Filters filters={filters} now={now} onChange={setFilters} />
      <ExportLinks filters={filters} now={now} />

      {!since.ok && (
        <p className="error" role="alert" data-testid="verdicts-filter-error">
          Fix the since filter to see verdicts.
        </p>
      )}
      {feed.pending > 0 && (
        <button type="button" className="new-banner" data-testid="verdicts-new" onClick={showPending}>
          {feed.pending > pageSize ? `${pageSize}+` : feed.pending} new verdict{feed.pending === 1 ? '' : 's'} - show
        </button>
      )}

      <div className={feed.up === false ? 'table-scroll stale' : 'table-scroll'}>
        <table className="table rows-clickable" data-testid="verdicts-table" ref={tableRef}>
          <thead>
            <tr>
              <th className="num">ID</th>
              <th>When</th>
              <th className="num">Height</th>
              <th>Outcome</th>
              <th>Reasons</th>
              <th className="num">Tx</th>
              <th className="num">Fees</th>
              <th className="num">Avg fee</th>
              <th className="num">Weight</th>
              <th>Tier</th>
              <th>Policy</th>
            </tr>
          </thead>
          <tbody>
            {feed.rows.map((v) => (
              <VerdictRow key={v.id} verdict={v} now={now} isNew={feed.newIds.has(v.id)} onOpen={open} />
            ))}
            {feed.rows.length === 0 && (
              <tr>
                <td colSpan={11} className="muted" data-testid={feed.loaded ? 'verdicts-empty' : 'verdicts-loading'}>
                  {emptyText(feed.loaded, feed.up, since.ok)}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>

      <nav className="pager" aria-label="Pages">
        <button
          type="button"
          className="ghost"
          data-testid="page-prev"
          disabled={before === null}
          onClick={() => goTo(feed.prevBefore ?? null)}
        >
          ← Newer
        </button>
        <span className="muted small" data-testid="page-info">
          {before === null ? `Newest ${formatInt(feed.rows.length)}` : `Older than #${formatInt(before)}`}
          {before !== null && (
            <>
              {' · '}
              <Link to={{ search: withoutBefore(search) }}>back to newest</Link>
            </>
          )}
        </span>
        <button
          type="button"
          className="ghost"
          data-testid="page-next"
          disabled={!feed.hasNext || feed.rows.length === 0}
          onClick={() => goTo(feed.rows.at(-1)!.id)}
        >
          Older →
        </button>
      </nav>
    </section>
  );
}

function withoutBefore(search: URLSearchParams): string {
  const params = new URLSearchParams(search);
  params.delete('before');
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

function emptyText(loaded: boolean, up: boolean | null, sinceOk: boolean): string {
  if (!sinceOk) return 'No query: the since filter is not valid.';
  if (!loaded) return up === false ? 'The pool verifier did not answer; retrying…' : 'Loading verdicts…';
  return 'No verdicts match these filters.';
}

// Memoised: a poll that brings nothing new re-renders the page, not its fifty rows.
const VerdictRow = memo(function VerdictRow({
  verdict: v,
  now,
  isNew,
  onOpen,
}: {
  verdict: Verdict;
  now: number;
  isNew: boolean;
  onOpen: (verdict: Verdict) => void;
}) {
  const others = v.reasons.filter((r) => r !== v.reason_code);
  const m = v.context.measured;
  return (
    <tr
      data-testid="verdict-row"
      data-id={v.id}
      data-accepted={String(v.accepted)}
      data-reason={v.reason_code ?? 'accepted'}
      className={isNew ? 'row-new' : undefined}
      aria-label={`verdict ${v.id}, ${v.accepted ? 'accepted' : `rejected: ${v.reason_code ?? ''}`}`}
      {...rowHandlers(() => onOpen(v))}
    >
      <td className="num">
        <Link to={`/verdicts/${v.id}`} tabIndex={-1}>
          #{v.id}
        </Link>
      </td>
      <td>
        <Time at={v.recorded_at} now={now} />
      </td>
      <td className="num">{formatInt(v.template.height)}</td>
      <td>{v.accepted ? <span className="ok">accepted</span> : <span className="bad">rejected</span>}</td>
      <td className="mono small" title={v.reasons.join(', ')}>
        {v.reason_code ?? ''}
        {others.length > 0 && <span className="muted"> +{others.length}</span>}
      </td>
      <td className="num">{formatInt(m.tx_count)}</td>
      <td className="num">{formatSats(m.total_fees)}</td>
      <td className="num">{formatDecimal(m.avg_fee, 0)} sat</td>
      <td className="num">{formatPercent(m.weight_ratio, 2)}</td>
      <td>{v.context.tier}</td>
      <td className="muted">v{v.context.policy_version}</td>
    </tr>
  );
});

function Filters({ filters, now, onChange }: { filters: VerdictFilters; now: number; onChange: (f: VerdictFilters) => void }) {
  return (
    <form className="filters" role="search" aria-label="Filter verdicts" onSubmit={(e) => e.preventDefault()}>
      <label className="field-inline">
        <span>Outcome</span>
        <select
          data-testid="filter-accepted"
          value={filters.accepted}
          onChange={(e) => {
            const accepted = e.target.value as AcceptedFilter;
            onChange({ ...filters, accepted, reason: accepted === 'accepted' ? null : filters.reason });
          }}
        >
          <option value="all">all</option>
          <option value="accepted">accepted</option>
          <option value="rejected">rejected</option>
        </select>
      </label>
      <label className="field-inline">
        <span>Reason</span>
        <select
          data-testid="filter-reason"
          value={filters.reason ?? ''}
          disabled={filters.accepted === 'accepted'}
          onChange={(e) => onChange({ ...filters, reason: e.target.value === '' ? null : e.target.value })}
        >
          <option value="">any</option>
          {REASON_CODES.map((code) => (
            <option key={code} value={code} title={REASON_TEXT[code]}>
              {code}
            </option>
          ))}
          {filters.reason !== null && !(REASON_CODES as readonly string[]).includes(filters.reason) && (
            <option value={filters.reason}>{filters.reason}</option>
          )}
        </select>
      </label>
      <SinceInput value={filters.since} now={now} onCommit={(since) => onChange({ ...filters, since })} />
      {(filters.reason !== null || filters.accepted !== 'all' || filters.since !== null) && (
        <button
          type="button"
          className="ghost"
          data-testid="filter-clear"
          onClick={() => onChange({ reason: null, accepted: 'all', since: null })}
        >
          Clear filters
        </button>
      )}
    </form>
  );
}

const SINCE_DEBOUNCE_MS = 600;

/** Typing applies after a pause, or at once on Enter or leaving the field; an invalid text is never applied. */
function SinceInput({ value, now, onCommit }: { value: string | null; now: number; onCommit: (since: string | null) => void }) {
  const [text, setText] = useState(value ?? '');
  const committed = useRef(value);
  useEffect(() => {
    committed.current = value;
    setText(value ?? '');
  }, [value]);
  const onCommitRef = useRef(onCommit);
  onCommitRef.current = onCommit;
  const parsed = parseSince(text, now);
  const commit = useCallback((raw: string) => {
    const next = raw.trim() === '' ? null : raw.trim();
    if (next === committed.current || !parseSince(next, Date.now()).ok) return;
    committed.current = next;
    onCommitRef.current(next);
  }, []);
  useEffect(() => {
    const timer = setTimeout(() => commit(text), SINCE_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, commit]);
  return (
    <label className="field-inline since">
      <span>Since</span>
      <input
        data-testid="filter-since"
        type="text"
        value={text}
        placeholder="30m, 2h, 2026-12-03 14:00"
        aria-invalid={!parsed.ok}
        aria-describedby="filter-since-help"
        onChange={(e) => setText(e.target.value)}
        onBlur={() => commit(text)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit(text);
        }}
      />
      <span id="filter-since-help" className="small">
        {!parsed.ok ? (
          <span className="error" data-testid="filter-since-error">
            {parsed.message}
          </span>
        ) : parsed.epochMs !== null ? (
          <span className="muted" data-testid="filter-since-at">
            from <Time at={parsed.epochMs} now={now} />
          </span>
        ) : null}
      </span>
    </label>
  );
}

function ExportLinks({ filters, now }: { filters: VerdictFilters; now: number }) {
  return (
    <p className="exports small">
      <span className="muted">Export these filters:</span>{' '}
      <a data-testid="export-csv" href={exportHref(filters, 'csv', now)} download>
        CSV
      </a>{' '}
      <a data-testid="export-jsonl" href={exportHref(filters, 'jsonl', now)} download>
        JSONL
      </a>
    </p>
  );
}
