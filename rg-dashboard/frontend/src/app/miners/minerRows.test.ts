import { describe, expect, it } from 'vitest';
import { makeChannel, makeChannels } from '../../test/channels';
import { filterRows, reconcileRows, sortRows, SORT_COLUMNS, toRow, type MinerRow } from './minerRows';

const ids = (rows: MinerRow[]) => rows.map((r) => r.channel.channel_id);

describe('miner rows', () => {
  it('totals rejects and lists their reasons most frequent first', () => {
    const row = toRow(makeChannel(0, { rejects: { stale_share: 2, invalid_job_id: 5, duplicate_share: 0 } }));
    expect(row.rejected).toBe(7);
    expect(row.rejectsText).toBe('invalid_job_id 5, stale_share 2');
  });

  it('keeps the row object of a channel that shows the same thing, and makes a new one when a field changes', () => {
    const first = reconcileRows([makeChannel(1), makeChannel(2)], new Map());
    const second = reconcileRows(
      // New objects from a new poll: one unchanged, one with a new share.
      [makeChannel(1), makeChannel(2, { accepted: 99_999 })],
      first,
    );
    expect(second.get(2)).toBe(first.get(2));
    expect(second.get(3)).not.toBe(first.get(3));
    expect(second.get(3)?.channel.accepted).toBe(99_999);

    const rejected = reconcileRows([makeChannel(1, { rejects: { stale_share: 1 } }), makeChannel(2)], second);
    expect(rejected.get(2)).not.toBe(second.get(2));
    // A closed channel is gone, not kept from the previous poll.
    expect(reconcileRows([makeChannel(1)], second).has(3)).toBe(false);
  });

  it('filters by identity or address, case-insensitively, and by the settled flag', () => {
    const rows = [...reconcileRows(makeChannels(30), new Map()).values()];
    expect(ids(filterRows(rows, { text: 'WORKER-0012', settledOnly: false }))).toEqual([13]);
    expect(ids(filterRows(rows, { text: '10.0.0.7:', settledOnly: false }))).toEqual([8]);
    expect(ids(filterRows(rows, { text: '.rig3', settledOnly: true }))).toEqual([11, 18]);
    expect(filterRows(rows, { text: '  ', settledOnly: true }).every((r) => r.channel.settled)).toBe(true);
    expect(filterRows(rows, { text: 'nobody', settledOnly: false })).toEqual([]);
  });

  it('sorts every column both ways, with ties in channel order and channels without a share last', () => {
    const rows = [...reconcileRows(makeChannels(200), new Map()).values()];
    for (const column of SORT_COLUMNS) {
      const asc = sortRows(rows, { column, direction: 'asc' });
      const desc = sortRows(rows, { column, direction: 'desc' });
      expect(asc).toHaveLength(200);
      expect(desc).toHaveLength(200);
      expect(new Set(ids(asc)).size).toBe(200);
      if (column === 'last_share_at') {
        expect(asc.at(-1)?.channel.last_share_at).toBeNull();
        expect(desc.at(-1)?.channel.last_share_at).toBeNull();
      }
    }
    const byMeasured = sortRows(rows, { column: 'measured_hashrate', direction: 'desc' }).map((r) => r.channel.measured_hashrate);
    expect(byMeasured).toEqual([...byMeasured].sort((a, b) => b - a));
    const byRejected = sortRows(rows, { column: 'rejected', direction: 'desc' });
    expect(byRejected[0]?.rejected).toBe(Math.max(...rows.map((r) => r.rejected)));
    // Settled (1) before settling (0) when descending; within each, channel id order.
    const bySettled = sortRows(rows, { column: 'settled', direction: 'desc' });
    const settled = bySettled.filter((r) => r.channel.settled);
    expect(bySettled.slice(0, settled.length)).toEqual(settled);
    expect(ids(settled)).toEqual([...ids(settled)].sort((a, b) => a - b));
  });

  it('sorts identities as people read them: worker-2 before worker-10', () => {
    const rows = [makeChannel(0, { user_identity: 'worker-10' }), makeChannel(1, { user_identity: 'Worker-2' }), makeChannel(2, { user_identity: 'worker-1' })].map(toRow);
    expect(sortRows(rows, { column: 'identity', direction: 'asc' }).map((r) => r.channel.user_identity)).toEqual([
      'worker-1',
      'Worker-2',
      'worker-10',
    ]);
  });
});
