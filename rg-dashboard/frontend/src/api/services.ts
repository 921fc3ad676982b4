import { request } from './client';

// The dashboard proxies /api/verifier/** to pool-verifier /api/**, /api/templates/** to template-manager /api/**
// and /api/gateway/** to sv2-gateway /api/**. All paths of those backends live here, nowhere else.
export const PATHS = {
  verifierStats: '/api/verifier/stats',
  verifierVerdicts: (limit: number) => `/api/verifier/verdicts?limit=${limit}`,
  verifierPolicy: '/api/verifier/policy',
  templatesRecent: (limit: number) => `/api/templates/templates?limit=${limit}`,
  gatewayStats: '/api/gateway/stats',
  /** Every service's /ready as the dashboard's probe last saw it (session-gated). */
  servicesReadiness: '/api/dashboard/readiness',
} as const;

/** pool-verifier GET /api/stats (StatsController.Stats). */
export interface VerifierStats {
  started_at: string;
  uptime_secs: number;
  verdicts: { total: number; accepted: number; rejected: number; by_reason: Record<string, number> };
  evaluation: { count: number; mean_micros: number; recent_max_micros: number };
  tcp: { open_connections: number };
  policy: { loaded: boolean; version: number; sha256: string | null; reloads_applied: number; reloads_rejected: number };
  mempool: { tx_count: number; healthy: boolean; last_success_at: string | null; last_error: string | null };
  history: { last_id: number; queue_depth: number; persisted: number; dropped: number };
}

/** pool-verifier GET /api/verdicts (VerdictJson.Recorded). */
export interface RecordedVerdict {
  id: number;
  recorded_at: string;
  peer: string;
  request_id: number;
  template: { height: number; prev_hash: string; curtime: number; coinbase_value: number };
  accepted: boolean;
  reason_code: string | null;
  reasons: string[];
  context: {
    tier: string;
    mempool_tx_count: number;
    policy_version: number;
    policy_hash: string;
    evaluation_micros: number;
    measured: {
      tx_count: number;
      total_fees: number;
      avg_fee: number;
      weight: number;
      weight_ratio: number;
      sigops: number;
      coinbase_sigops: number;
      template_age_secs: number;
    };
  };
  /** CONTRACTS.md: why the tier; null when the verifier no longer knows the policy, absent on older verifiers. */
  tier_basis?: { explanation: string; mempool_tx_count: number; mempool_known: boolean } | null;
}

export interface VerdictPage {
  count: number;
  verdicts: RecordedVerdict[];
}

/** template-manager GET /api/templates (TemplateJson.CompactBody). */
export interface TemplateSummary {
  sequence: number;
  height: number;
  prev_hash: string;
  tx_count: number;
  total_fees: number;
  coinbase_value: number;
  curtime: number;
  /** Epoch milliseconds. */
  received_at: number;
  source: string;
  verdict: { outcome: string; reason_code: string | null; latency_ms: number; verdict_at: number } | null;
}

export interface TemplatePage {
  count: number;
  templates: TemplateSummary[];
}

/** sv2-gateway GET /api/stats (api/StatsController). Newer members are optional: an older gateway lacks them. */
export interface GatewayStats {
  /** shadow, observe or inline. */
  mode: string;
  uptime_secs: number;
  connections: number;
  channels: number;
  hashrate: { declared: number; measured: number };
  shares: { accepted: number; blocks: number; rejected: Record<string, number> };
  blocks_found: number;
  template: {
    stream_connected: boolean;
    stream_problem: string | null;
    templates_received: number;
    height: number | null;
    tx_count: number | null;
    last_event_at: number | null;
  };
  /** The mode controller's counters since start (mode/ModeCounters). */
  mode_counters?: {
    templates: number;
    distributed: number;
    /** inline: templates withheld because the verifier rejected them. */
    holds: number;
    /** held templates let out again (stale hold expiry, or a rejected new tip at the end of its verdict window). */
    releases: number;
    timeouts: number;
    /** observe / shadow: rejected templates that inline would have held. */
    would_have_held: number;
    /** withheld right now. */
    withheld: number;
    discarded: number;
  };
  share_log?: { failure: string | null };
  /** CONTRACTS.md: the mode and its timers, with unit suffixes in the keys. */
  mode_settings?: Record<string, string | number | boolean | null>;
}

/** One service's /ready (reservegrid-spring HealthController). */
export interface Readiness {
  status: 'ready' | 'not_ready';
  ready: boolean;
  service: string;
  checks: Record<string, { status: 'up' | 'down'; reason?: string; detail: string; [attribute: string]: unknown }>;
  reasons: string[];
}

export const verifierStats = (signal?: AbortSignal) => request<VerifierStats>(PATHS.verifierStats, { signal });
export const latestVerdicts = (limit: number, signal?: AbortSignal) =>
  request<VerdictPage>(PATHS.verifierVerdicts(limit), { signal });
export const recentTemplates = (limit: number, signal?: AbortSignal) =>
  request<TemplatePage>(PATHS.templatesRecent(limit), { signal });
export const gatewayStats = (signal?: AbortSignal) => request<GatewayStats>(PATHS.gatewayStats, { signal });

/** One service as GET /api/dashboard/readiness reports it: the dashboard's probe state and the service's /ready. */
export interface ServiceReadiness {
  /** ready, "not_ready (503)", unreachable, or unknown before the probe's first answer. */
  state: string;
  checked_at: string | null;
  /** The service's own /ready body, null when it did not answer JSON. */
  ready: Readiness | null;
}

/** rg-dashboard GET /api/dashboard/readiness: every service by name (rg-auth, pool-verifier, ...). */
export interface ReadinessReport {
  services: Record<string, ServiceReadiness>;
}

export const servicesReadiness = (signal?: AbortSignal) =>
  request<ReadinessReport>(PATHS.servicesReadiness, { signal });
