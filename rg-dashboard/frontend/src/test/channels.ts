import type { Channel } from '../api/gateway';

const REASONS = ['stale_share', 'invalid_job_id', 'difficulty_too_low', 'duplicate_share'];

/** A deterministic channel `i` as sv2-gateway's /api/channels writes it; `changes` overrides fields. */
export function makeChannel(i: number, changes: Partial<Channel> = {}): Channel {
  const connectedSince = 1_796_000_000_000 + i * 1000;
  return {
    channel_id: i + 1,
    connection_id: Math.floor(i / 2) + 1,
    user_identity: `worker-${String(i).padStart(4, '0')}.rig${i % 7}`,
    remote_address: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}:${40000 + (i % 1000)}`,
    connected_since: connectedSince,
    opened_at: connectedSince + 50,
    declared_hashrate: 1e14 + ((i * 7919) % 5000) * 1e10,
    measured_hashrate: 1e14 + ((i * 104729) % 5000) * 1e10,
    settled: i % 3 !== 0,
    shares_in_window: 20 + (i % 40),
    target: '00000000ffff0000000000000000000000000000000000000000000000000000',
    difficulty: 1024 * (1 + (i % 16)),
    extranonce_prefix: (i + 1).toString(16).padStart(8, '0'),
    accepted: (i * 31) % 10_000,
    accepted_work: ((i * 31) % 10_000) * 1024,
    blocks_found: 0,
    rejects: i % 5 === 0 ? { [REASONS[i % 4] as string]: (i % 9) + 1 } : {},
    last_share_at: i % 11 === 0 ? null : 1_796_000_100_000 + ((i * 13) % 3600) * 1000,
    current_job_id: 7,
    template_sequence: 41,
    ...changes,
  };
}

export function makeChannels(count: number): Channel[] {
  return Array.from({ length: count }, (_, i) => makeChannel(i));
}
