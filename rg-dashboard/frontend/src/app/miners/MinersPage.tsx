import { memo, useCallback, useDeferredValue, useEffect, useMemo, useRef, type KeyboardEvent, type MouseEvent } from 'react';
import { useLocation, useNavigate, useSearchParams } from 'react-router';
import { useVirtualizer } from '@tanstack/react-virtual';
import * as gateway from '../../api/gateway';
import { describeError } from '../../api/client';
import { formatDifficulty, formatHashrate, formatInt, Time } from '../../ui/format';
import { formatAge, useNow, usePoll } from '../../ui/usePoll';
import {
  defaultDirection,
  filterRows,
  isSortColumn,
  reconcileRows,
  sortRows,
  type MinerRow,
  type Sort,
  type SortColumn,
} from './minerRows';

export const MINERS_POLL_MS = 5000;
/** Every row is exactly this tall (CSS .miners-table tbody tr), so the virtualiser never has to measure one. */
export const ROW_HEIGHT = 36;
const OVERSCAN = 12;

const COLUMNS: { column: SortColumn; label: string; numeric?: boolean; width: string }[] = [
  { column: 'identity', label: 'Identity', width: '13%' },
  { column: 'remote_address', label: 'Remote address', width: '13%' },
  { column: 'connected_since', label: 'Connected', width: '10.5%' },
  { column: 'declared_hashrate', label: 'Declared', numeric: true, width: '8.5%' },
  { column: 'measured_hashrate', label: 'Measured', numeric: true, width: '8.5%' },
  { column: 'settled', label: 'Settled', width: '6.5%' },
  { column: 'difficulty', label: 'Difficulty', numeric: true, width: '7%' },
  { column: 'accepted', label: 'Accepted', numeric: true, width: '7%' },
  { column: 'rejected', label: 'Rejected', width: '15%' },
  { column: 'last_share_at', label: 'Last share', width: '11%' },
];

/** `pollMs` is only changed by tests. */
export function MinersPage({ pollMs = MINERS_POLL_MS }: { pollMs?: number }) {
  const now = useNow();
  const poll = usePoll(useCallback((signal: AbortSignal) => gateway.channels(signal), []), pollMs);
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const location = useLocation();

  // Filter and sort live in the address, so going back from a channel restores the same view.
  const text = params.get('q') ?? '';
  const settledOnly = params.get('settled') === '1';
  const sortParam = params.get('sort');
  const dirParam = params.get('dir');
  const sort = useMemo<Sort>(() => {
    if (!isSortColumn(sortParam)) return { column: 'measured_hashrate', direction: 'desc' };
    return { column: sortParam, direction: dirParam === 'asc' || dirParam === 'desc' ? dirParam : defaultDirection(sortParam) };
  }, [sortParam, dirParam]);
  const update = useCallback(
    (changes: Record<string, string | null>) =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [key, value] of Object.entries(changes)) {
            if (value === null || value === '') next.delete(key);
            else next.set(key, value);
          }
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );

  const previousRows = useRef<ReadonlyMap<number, MinerRow>>(new Map());
  const rows = useMemo(() => {
    const next = reconcileRows(poll.data?.channels ?? [], previousRows.current);
    previousRows.current = next;
    return next;
  }, [poll.data]);
  // Typing stays responsive with 5,000 channels: the filter runs on the deferred text.
  const deferredText = useDeferredValue(text);
  const filtered = useMemo(() => filterRows(rows.values(), { text: deferredText, settledOnly }), [rows, deferredText, settledOnly]);
  const sorted = useMemo(() => sortRows(filtered, sort), [filtered, sort]);
  const totals = useMemo(() => summarise(rows.values()), [rows]);

  const scrollRef = useRef<HTMLDivElement>(null);
  // Stable callbacks: a new getItemKey makes the virtualiser recompute all 5,000 positions, and the page re-renders
  // every second for the relative times.
  const getItemKey = useCallback((index: number) => sorted[index]?.channel.channel_id ?? index, [sorted]);
  const virtualizer = useVirtualizer({
    count: sorted.length,
    getScrollElement: useCallback(() => scrollRef.current, []),
    estimateSize: useCallback(() => ROW_HEIGHT, []),
    overscan: OVERSCAN,
    getItemKey,
  });
  useEffect(() => {
    virtualizer.scrollToOffset(0);
  }, [deferredText, settledOnly, virtualizer]);

  const toggleSort = useCallback(
    (column: SortColumn) => {
      const direction =
        sort.column === column ? (sort.direction === 'asc' ? 'desc' : 'asc') : defaultDirection(column);
      update({ sort: column, dir: direction });
    },
    [sort.column, sort.direction, update],
  );

  // The channel page links back to this view: same filter, same order.
  const open = useCallback(
    (channelId: string) => navigate(`/miners/${channelId}`, { state: { listSearch: location.search } }),
    [navigate, location.search],
  );
  const onBodyClick = useCallback(
    (event: MouseEvent<HTMLTableSectionElement>) => {
      const row = (event.target as HTMLElement).closest<HTMLTableRowElement>('tr[data-channel-id]');
      if (row?.dataset.channelId) open(row.dataset.channelId);
    },
    [open],
  );
  const onBodyKey = useCallback(
    (event: KeyboardEvent<HTMLTableSectionElement>) => {
      const row = (event.target as HTMLElement).closest<HTMLTableRowElement>('tr[data-index]');
      if (row === null) return;
      const index = Number(row.dataset.index);
      let target: number | null = null;
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        if (row.dataset.channelId) open(row.dataset.channelId);
        return;
      }
      if (event.key === 'ArrowDown') target = Math.min(index + 1, sorted.length - 1);
      else if (event.key === 'ArrowUp') target = Math.max(index - 1, 0);
      else if (event.key === 'PageDown') target = Math.min(index + 15, sorted.length - 1);
      else if (event.key === 'PageUp') target = Math.max(index - 15, 0);
      else if (event.key === 'Home') target = 0;
      else if (event.key === 'End') target = sorted.length - 1;
      if (target === null) return;
      event.preventDefault();
      virtualizer.scrollToIndex(target, { align: 'auto' });
      const wanted = target;
      // The row may only exist after the virtualiser re-renders for the new scroll position.
      requestAnimationFrame(() =>
        scrollRef.current?.querySelector<HTMLElement>(`tr[data-index="${wanted}"]`)?.focus({ preventScroll: true }),
      );
    },
    [open, sorted.length, virtualizer],
  );

  const items = virtualizer.getVirtualItems();
  const paddingTop = items[0]?.start ?? 0;
  const paddingBottom = virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0);
  const total = poll.data?.channels.length ?? 0;

  return (
    <section data-testid="page-miners" className="miners-page">
      <h1>Miners</h1>
      <div className="miners-toolbar">
        <input
          type="search"
          data-testid="miners-filter"
          aria-label="Filter by identity or address"
          placeholder="Filter by identity or address"
          value={text}
          onChange={(event) => update({ q: event.target.value })}
        />
        <label className="checkbox">
          <input
            type="checkbox"
            data-testid="miners-settled-only"
            checked={settledOnly}
            onChange={(event) => update({ settled: event.target.checked ? '1' : null })}
          />
          Settled only
        </label>
        <span className="muted" data-testid="miners-count" data-shown={sorted.length} data-total={total} aria-live="polite">
          {sorted.length === total ? `${formatInt(total)} channels` : `${formatInt(sorted.length)} of ${formatInt(total)} channels`}
        </span>
        {poll.data !== null && (
          <span className="muted small" data-testid="miners-totals">
            declared {formatHashrate(totals.declared)} · measured {formatHashrate(totals.measured)} · {formatInt(totals.settled)}{' '}
            settled
          </span>
        )}
      </div>
      {poll.up === false && (
        <p className="error small" role="alert" data-testid="miners-stale">
          {describeError(poll.error)}
          {poll.lastOkAt !== null && ` - this list is ${formatAge(now - poll.lastOkAt)} old.`}
        </p>
      )}
      <div ref={scrollRef} className={`miners-scroll${poll.up === false ? ' stale' : ''}`} data-testid="miners-scroll">
        <table className="table miners-table" data-testid="miners-table" aria-rowcount={sorted.length + 1}>
          <colgroup>
            {COLUMNS.map((c) => (
              <col key={c.column} style={{ width: c.width }} />
            ))}
          </colgroup>
          <thead>
            <tr aria-rowindex={1}>
              {COLUMNS.map((c) => (
                <SortHeader key={c.column} {...c} sort={sort} onSort={toggleSort} />
              ))}
            </tr>
          </thead>
          <tbody onClick={onBodyClick} onKeyDown={onBodyKey}>
            {paddingTop > 0 && (
              <tr aria-hidden="true" className="spacer">
                <td colSpan={COLUMNS.length} style={{ height: paddingTop }} />
              </tr>
            )}
            {items.map((item) => {
              const row = sorted[item.index];
              return row === undefined ? null : <MinerRowView key={item.key} row={row} index={item.index} now={now} />;
            })}
            {paddingBottom > 0 && (
              <tr aria-hidden="true" className="spacer">
                <td colSpan={COLUMNS.length} style={{ height: paddingBottom }} />
              </tr>
            )}
            {sorted.length === 0 && (
              <tr>
                <td colSpan={COLUMNS.length} className="muted" data-testid="miners-empty">
                  {poll.data === null
                    ? poll.up === false
                      ? 'The gateway did not answer.'
                      : 'Loading…'
                    : total === 0
                      ? 'No channels open: no miner is connected to the gateway.'
                      : 'No channel matches the filter.'}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function SortHeader({
  column,
  label,
  numeric,
  sort,
  onSort,
}: {
  column: SortColumn;
  label: string;
  numeric?: boolean;
  sort: Sort;
  onSort: (column: SortColumn) => void;
}) {
  const active = sort.column === column;
  const ariaSort = active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none';
  return (
    <th
      scope="col"
      className={`sortable${numeric ? ' num' : ''}${active ? ' sorted' : ''}`}
      data-testid={`sort-${column}`}
      aria-sort={ariaSort}
      tabIndex={0}
      onClick={() => onSort(column)}
      onKeyDown={(event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          onSort(column);
        }
      }}
    >
      {label}
      <span className="sort-mark" aria-hidden="true">
        {active ? (sort.direction === 'asc' ? ' ▲' : ' ▼') : ''}
      </span>
    </th>
  );
}

/** One channel; re-renders only when its row object (see reconcileRows), its position or the clock changes. */
const MinerRowView = memo(function MinerRowView({ row, index, now }: { row: MinerRow; index: number; now: number }) {
  const c = row.channel;
  return (
    <tr
      data-testid="miner-row"
      data-channel-id={c.channel_id}
      data-settled={c.settled}
      data-index={index}
      aria-rowindex={index + 2}
      tabIndex={0}
    >
      <td title={c.user_identity}>{c.user_identity}</td>
      <td title={c.remote_address}>{c.remote_address}</td>
      <td>
        <Time at={c.connected_since} now={now} />
      </td>
      <td className="num">{formatHashrate(c.declared_hashrate)}</td>
      <td className={`num${c.settled ? '' : ' muted'}`}>{formatHashrate(c.measured_hashrate)}</td>
      <td>{c.settled ? <span className="ok">settled</span> : <span className="muted">settling</span>}</td>
      <td className="num">{formatDifficulty(c.difficulty)}</td>
      <td className="num">{formatInt(c.accepted)}</td>
      <td title={row.rejectsText || 'no rejected shares'}>
        <span className={row.rejected > 0 ? 'bad' : 'muted'}>{formatInt(row.rejected)}</span>
        {row.rejectsText !== '' && <span className="muted small"> {row.rejectsText}</span>}
      </td>
      <td>{c.last_share_at === null ? <span className="muted">never</span> : <Time at={c.last_share_at} now={now} />}</td>
    </tr>
  );
});

function summarise(rows: Iterable<MinerRow>) {
  let declared = 0;
  let measured = 0;
  let settled = 0;
  for (const row of rows) {
    declared += row.channel.declared_hashrate;
    measured += row.channel.measured_hashrate;
    if (row.channel.settled) settled += 1;
  }
  return { declared, measured, settled };
}
