// The Miners table's data: one row per channel, rebuilt on every poll in O(n). A channel whose shown fields did not
// change keeps its previous row object, so the memoised row components of the visible window skip re-rendering.

import type { Channel } from '../../api/gateway';

export interface MinerRow {
  readonly channel: Channel;
  /** Lower-case identity and address, what the text filter matches. */
  readonly search: string;
  readonly rejected: number;
  /** "stale_share 3, invalid_job_id 1", most frequent first. */
  readonly rejectsText: string;
}

export const SORT_COLUMNS = [
  'identity',
  'remote_address',
  'connected_since',
  'declared_hashrate',
  'measured_hashrate',
  'settled',
  'difficulty',
  'accepted',
  'rejected',
  'last_share_at',
] as const;

export type SortColumn = (typeof SORT_COLUMNS)[number];
export type SortDirection = 'asc' | 'desc';
export interface Sort {
  column: SortColumn;
  direction: SortDirection;
}

export function isSortColumn(value: string | null): value is SortColumn {
  return value !== null && (SORT_COLUMNS as readonly string[]).includes(value);
}

/** Numbers read best biggest first; names and addresses A to Z. */
export function defaultDirection(column: SortColumn): SortDirection {
  return column === 'identity' || column === 'remote_address' ? 'asc' : 'desc';
}

export function toRow(channel: Channel): MinerRow {
  const reasons = Object.entries(channel.rejects).filter(([, count]) => count > 0);
  reasons.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  let rejected = 0;
  for (const [, count] of reasons) rejected += count;
  return {
    channel,
    search: `${channel.user_identity}\n${channel.remote_address}`.toLowerCase(),
    rejected,
    rejectsText: reasons.map(([reason, count]) => `${reason} ${count}`).join(', '),
  };
}

/** Every field the table or its sorting reads; a channel equal on all of them keeps its row. */
export function sameShownFields(a: Channel, b: Channel): boolean {
  return (
    a.channel_id === b.channel_id &&
    a.user_identity === b.user_identity &&
    a.remote_address === b.remote_address &&
    a.connected_since === b.connected_since &&
    a.declared_hashrate === b.declared_hashrate &&
    a.measured_hashrate === b.measured_hashrate &&
    a.settled === b.settled &&
    a.difficulty === b.difficulty &&
    a.accepted === b.accepted &&
    a.last_share_at === b.last_share_at &&
    sameCounts(a.rejects, b.rejects)
  );
}

function sameCounts(a: Record<string, number>, b: Record<string, number>): boolean {
  let size = 0;
  for (const key in a) {
    if (a[key] !== b[key]) return false;
    size += 1;
  }
  return size === Object.keys(b).length;
}

/** The rows of this poll, reusing `previous` rows (by channel id) that show the same thing. */
export function reconcileRows(channels: Channel[], previous: ReadonlyMap<number, MinerRow>): Map<number, MinerRow> {
  const rows = new Map<number, MinerRow>();
  for (const channel of channels) {
    const old = previous.get(channel.channel_id);
    rows.set(channel.channel_id, old !== undefined && sameShownFields(old.channel, channel) ? old : toRow(channel));
  }
  return rows;
}

export interface Filter {
  text: string;
  settledOnly: boolean;
}

export function filterRows(rows: Iterable<MinerRow>, filter: Filter): MinerRow[] {
  const needle = filter.text.trim().toLowerCase();
  const out: MinerRow[] = [];
  for (const row of rows) {
    if (filter.settledOnly && !row.channel.settled) continue;
    if (needle !== '' && !row.search.includes(needle)) continue;
    out.push(row);
  }
  return out;
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

type Key = (row: MinerRow) => number | string | null;

const KEYS: Record<SortColumn, Key> = {
  identity: (r) => r.channel.user_identity,
  remote_address: (r) => r.channel.remote_address,
  connected_since: (r) => r.channel.connected_since,
  declared_hashrate: (r) => r.channel.declared_hashrate,
  measured_hashrate: (r) => r.channel.measured_hashrate,
  settled: (r) => (r.channel.settled ? 1 : 0),
  difficulty: (r) => r.channel.difficulty,
  accepted: (r) => r.channel.accepted,
  rejected: (r) => r.rejected,
  last_share_at: (r) => r.channel.last_share_at,
};

/**
 * A sorted copy. Channels without a value (no share yet) go last in both directions; ties keep channel id order so
 * rows do not swap places between polls.
 */
export function sortRows(rows: readonly MinerRow[], sort: Sort): MinerRow[] {
  const key = KEYS[sort.column];
  const sign = sort.direction === 'asc' ? 1 : -1;
  // Decorate once: the comparator then reads plain arrays instead of calling the key n log n times.
  const decorated = rows.map((row) => ({ row, key: key(row) }));
  decorated.sort((a, b) => {
    if (a.key === null || b.key === null) {
      if (a.key !== b.key) return a.key === null ? 1 : -1;
    } else if (a.key !== b.key) {
      const order =
        typeof a.key === 'string' || typeof b.key === 'string'
          ? collator.compare(String(a.key), String(b.key))
          : a.key < b.key
            ? -1
            : 1;
      if (order !== 0) return sign * order;
    }
    return a.row.channel.channel_id - b.row.channel.channel_id;
  });
  return decorated.map((d) => d.row);
}
