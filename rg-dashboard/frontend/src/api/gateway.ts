import { ApiError, request } from './client';

// sv2-gateway's channels, blocks and per-channel hashrate, through the dashboard (/api/gateway/x -> /api/x).
// The stats summary stays in services.ts with the other overview calls.
export const GATEWAY_PATHS = {
  channels: '/api/gateway/channels',
  channelHashrate: (channelId: number) => `/api/gateway/channels/${channelId}/hashrate`,
  blocks: '/api/gateway/blocks',
} as const;

/** One open standard channel (sv2-gateway server/ChannelSnapshot). Hashrates in H/s, times in epoch ms. */
export interface Channel {
  channel_id: number;
  connection_id: number;
  user_identity: string;
  remote_address: string;
  connected_since: number;
  opened_at: number;
  declared_hashrate: number;
  measured_hashrate: number;
  /** Enough shares in the estimator's window for the measured rate to be within about 25%. */
  settled: boolean;
  shares_in_window: number;
  target: string;
  difficulty: number;
  extranonce_prefix: string;
  accepted: number;
  accepted_work: number;
  blocks_found: number;
  /** Rejected shares by GatewayReason code. */
  rejects: Record<string, number>;
  last_share_at: number | null;
  current_job_id: number;
  template_sequence: number | null;
}

export interface ChannelList {
  count: number;
  channels: Channel[];
}

/** GET /api/channels/{id}/hashrate (CONTRACTS.md): oldest first, a bounded window. */
export interface HashrateSample {
  /** Epoch ms. */
  at: number;
  declared: number;
  measured: number;
  settled: boolean;
}

export interface ChannelHashrate {
  channel_id: number;
  interval_secs: number;
  samples: HashrateSample[];
}

/** A share that met the network target (sv2-gateway block/FoundBlock). */
export interface FoundBlock {
  hash: string;
  height: number;
  prev_hash: string;
  channel_id: number;
  user_identity: string;
  template_sequence: number;
  size_bytes: number;
  found_at: number;
  /** pending, then template-manager's submitblock result: accepted, duplicate, inconclusive, rejected; or error. */
  result: string;
  reason: string | null;
  /** The node's answer verbatim, as template-manager relays it. */
  node_answer: string | null;
  answered_at: number | null;
}

export interface BlockList {
  count: number;
  blocks: FoundBlock[];
}

export const channels = (signal?: AbortSignal) => request<ChannelList>(GATEWAY_PATHS.channels, { signal });
export const blocks = (signal?: AbortSignal) => request<BlockList>(GATEWAY_PATHS.blocks, { signal });

/**
 * The gateway's hashrate history of one channel, or null when the gateway answers 404: either it predates the
 * endpoint or the channel is gone - the caller tells them apart with the channel list.
 */
export async function channelHashrate(channelId: number, signal?: AbortSignal): Promise<ChannelHashrate | null> {
  try {
    return await request<ChannelHashrate>(GATEWAY_PATHS.channelHashrate(channelId), { signal });
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}
