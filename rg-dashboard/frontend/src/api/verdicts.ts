import { request } from './client';

// pool-verifier's verdict history, as the dashboard proxies it (/api/verifier/x -> pool-verifier /api/x).
// GET /api/verdicts takes limit (1..1000), reason (a reason code or "accepted") and since (unix seconds or an
// ISO instant, inclusive); it answers the newest matching verdicts first and cannot page by id, so the pages
// here page through the newest MAX_LIMIT matching verdicts (see VerdictsPage).

export const MAX_LIMIT = 1000;

/** Every VerdictReason of rg-protocol, in the order the policy engine reports them. */
export const REASON_CODES = [
  'protocol_version_mismatch',
  'invalid_prev_hash',
  'prev_hash_len_mismatch',
  'coinbase_value_zero_rejected',
  'empty_template_rejected',
  'tx_count_exceeded',
  'total_fees_below_minimum',
  'avg_fee_below_minimum',
  'weight_ratio_exceeded',
  'template_too_old',
  'sigops_budget_exceeded',
  'coinbase_sigops_exceeded',
  'policy_load_error',
  'mempool_backend_unavailable',
  'internal_error',
] as const;

export type ReasonCode = (typeof REASON_CODES)[number];

export const REASON_TEXT: Record<ReasonCode, string> = {
  protocol_version_mismatch: 'protocol version differs from the policy',
  invalid_prev_hash: 'prev_hash is not hexadecimal',
  prev_hash_len_mismatch: 'prev_hash has the wrong length',
  coinbase_value_zero_rejected: 'coinbase value is zero',
  empty_template_rejected: 'template has no transactions',
  tx_count_exceeded: 'too many transactions',
  total_fees_below_minimum: 'total fees below the minimum',
  avg_fee_below_minimum: 'average fee below the tier minimum',
  weight_ratio_exceeded: 'block weight ratio above the maximum',
  template_too_old: 'template older than allowed',
  sigops_budget_exceeded: 'sigops cost above the budget',
  coinbase_sigops_exceeded: 'coinbase sigops above the maximum',
  policy_load_error: 'no valid policy was loaded',
  mempool_backend_unavailable: 'mempool unreachable',
  internal_error: 'the verifier failed internally',
};

export function isReasonCode(value: string): value is ReasonCode {
  return (REASON_CODES as readonly string[]).includes(value);
}

export type CheckValue = number | boolean | string;

/** One policy check of a verdict (CONTRACTS.md: pool-verifier `checks`), in evaluation order. */
export interface PolicyCheck {
  check: string;
  label: string;
  /** null only when the verdict did not record it. */
  measured: CheckValue | null;
  /** null only when it came from a policy the verifier no longer knows. */
  threshold: CheckValue | null;
  comparison: '<=' | '>=' | '==' | '!=';
  passed: boolean;
  reason_code: string;
}

/** Why the verdict got its fee tier (CONTRACTS.md: pool-verifier `tier_basis`). */
export interface TierBasis {
  mempool_tx_count: number;
  mempool_known: boolean;
  low_mempool_tx: number;
  high_mempool_tx: number;
  unknown_mempool_as_high: boolean;
  explanation: string;
}

export interface Thresholds {
  min_avg_fee: number;
  min_total_fees: number;
  max_tx_count: number;
  max_weight_ratio: number;
  max_template_age_secs: number;
  max_sigops_cost: number;
  max_coinbase_sigops: number;
}

export interface Measured {
  tx_count: number;
  total_fees: number;
  avg_fee: number;
  weight: number;
  weight_ratio: number;
  sigops: number;
  coinbase_sigops: number;
  template_age_secs: number;
}

/** The policy context of a verdict (pool-verifier VerdictJson.Context; template-manager's verdict event too). */
export interface VerdictContext {
  tier: string;
  /** -1 when the mempool was unknown. */
  mempool_tx_count: number;
  thresholds: Thresholds;
  measured: Measured;
  policy_version: number;
  /** Empty when no policy was loaded. */
  policy_hash: string;
  evaluation_micros: number;
}

/** pool-verifier GET /api/verdicts and /api/verdicts/{id} (VerdictJson.Recorded). */
export interface Verdict {
  id: number;
  recorded_at: string;
  peer: string;
  request_id: number;
  template: {
    height: number;
    prev_hash: string;
    curtime: number;
    coinbase_value: number;
    /** From verifiers that record it (CONTRACTS.md era); null for verdicts stored before. */
    protocol_version?: number | null;
  };
  accepted: boolean;
  reason_code: string | null;
  reasons: string[];
  context: VerdictContext;
  /**
   * Absent from verifiers older than CONTRACTS.md (the why view derives them then); empty when no check ran
   * (policy_load_error, internal_error).
   */
  checks?: PolicyCheck[];
  /** Absent from older verifiers; null when the verifier no longer knows the policy that judged. */
  tier_basis?: TierBasis | null;
}

export interface VerdictList {
  count: number;
  verdicts: Verdict[];
}

/** pool-verifier GET /api/policy. */
export interface ActivePolicy {
  loaded: boolean;
  version: number;
  sha256: string | null;
  toml: string | null;
}

// ---- filters: what the URL holds, and what the API is asked ----

export type AcceptedFilter = 'all' | 'accepted' | 'rejected';

/** The Verdicts page's filters as they stand in its URL (?reason=&accepted=&since=), so a view can be shared. */
export interface VerdictFilters {
  /** A reason code, or null for any. */
  reason: string | null;
  accepted: AcceptedFilter;
  /** What the user typed: unix seconds, an ISO instant, a local "YYYY-MM-DD HH:MM", or "15m" / "2h" / "7d". */
  since: string | null;
}

export const NO_FILTERS: VerdictFilters = { reason: null, accepted: 'all', since: null };

export function filtersFromSearch(search: URLSearchParams): VerdictFilters {
  const accepted = search.get('accepted');
  const reason = search.get('reason');
  const since = search.get('since');
  const parsedAccepted: AcceptedFilter = accepted === 'accepted' || accepted === 'rejected' ? accepted : 'all';
  return {
    // "accepted" and a reason code exclude each other; accepted wins, as the reason select is disabled then.
    reason: parsedAccepted !== 'accepted' && reason !== null && reason !== '' ? reason : null,
    accepted: parsedAccepted,
    since: since !== null && since.trim() !== '' ? since.trim() : null,
  };
}

/** Writes the filters into `search` (other parameters are kept). */
export function filtersToSearch(filters: VerdictFilters, search: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(search);
  const set = (name: string, value: string | null) => (value === null ? next.delete(name) : next.set(name, value));
  set('reason', filters.reason);
  set('accepted', filters.accepted === 'all' ? null : filters.accepted);
  set('since', filters.since);
  return next;
}

/** What to ask the verifier for: nothing (every outcome), or its `reason` parameter (a code, accepted, rejected). */
export type Outcome = { kind: 'all' } | { kind: 'reason'; reason: string };

export function outcomeOf(filters: VerdictFilters): Outcome {
  if (filters.accepted === 'accepted') return { kind: 'reason', reason: 'accepted' };
  if (filters.reason !== null) return { kind: 'reason', reason: filters.reason };
  if (filters.accepted === 'rejected') return { kind: 'reason', reason: 'rejected' };
  return { kind: 'all' };
}

export function matchesFilters(filters: VerdictFilters, verdict: Verdict): boolean {
  const outcome = outcomeOf(filters);
  switch (outcome.kind) {
    case 'all':
      return true;
    case 'reason':
      if (outcome.reason === 'accepted') return verdict.accepted;
      if (outcome.reason === 'rejected') return !verdict.accepted;
      return verdict.reason_code === outcome.reason;
  }
}

export type SinceResult = { ok: true; epochMs: number | null } | { ok: false; message: string };

const RELATIVE = /^(\d+(?:\.\d+)?)\s*(s|sec|secs|m|min|mins|h|hr|hrs|d|day|days|w)$/i;
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/** The instant a `since` text stands for, at `now`; relative texts ("2h") stay relative in the URL. */
export function parseSince(text: string | null, now: number): SinceResult {
  if (text === null || text.trim() === '') return { ok: true, epochMs: null };
  const value = text.trim();
  const relative = RELATIVE.exec(value);
  if (relative) {
    const unit = relative[2]!.toLowerCase()[0]!;
    return { ok: true, epochMs: now - Number(relative[1]) * UNIT_MS[unit]! };
  }
  if (/^\d{9,11}$/.test(value)) return { ok: true, epochMs: Number(value) * 1000 };
  const local = LOCAL.exec(value);
  if (local) {
    const [, y, mo, d, h = '0', mi = '0', s = '0'] = local;
    const date = new Date(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
    if (!Number.isNaN(date.getTime())) return { ok: true, epochMs: date.getTime() };
  }
  if (/^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/i.test(value)) {
    const ms = Date.parse(value);
    if (!Number.isNaN(ms)) return { ok: true, epochMs: ms };
  }
  return {
    ok: false,
    message: 'since must be like 30m, 2h, 7d, 2026-12-03 14:00, 2026-12-03T14:00:00Z or unix seconds',
  };
}

/** The ISO instant the API gets for `since` (whole milliseconds). */
export function isoOf(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

export const PATHS = {
  verdicts: (params: { reason?: string | null; since?: string | null; limit: number; before?: number | null }) =>
    `/api/verifier/verdicts?${query({
      limit: String(params.limit),
      reason: params.reason,
      since: params.since,
      before: params.before == null ? null : String(params.before),
    })}`,
  verdict: (id: number | string) => `/api/verifier/verdicts/${encodeURIComponent(String(id))}`,
  export: (params: { format: 'csv' | 'jsonl'; reason?: string | null; since?: string | null }) =>
    `/api/verifier/export/verdicts?${query({ format: params.format, reason: params.reason, since: params.since })}`,
  policy: '/api/verifier/policy',
} as const;

function query(params: Record<string, string | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') search.set(name, value);
  }
  return search.toString();
}

/** The export link of the filtered set. */
export function exportHref(filters: VerdictFilters, format: 'csv' | 'jsonl', now: number): string {
  const since = parseSince(filters.since, now);
  const outcome = outcomeOf(filters);
  return PATHS.export({
    format,
    reason: outcome.kind === 'reason' ? outcome.reason : null,
    since: since.ok && since.epochMs !== null ? isoOf(since.epochMs) : null,
  });
}

export interface FetchedVerdicts {
  /** Newest first, at most the limit asked. */
  verdicts: Verdict[];
  /** True when the verifier answered as many as asked, so older matching verdicts may exist beyond these. */
  truncated: boolean;
}

/** The newest `limit` verdicts matching `outcome` at or after `sinceIso` (and below the id `before`, if given). */
export async function fetchVerdicts(
  outcome: Outcome,
  limit: number,
  sinceIso: string | null,
  signal?: AbortSignal,
  before: number | null = null,
): Promise<FetchedVerdicts> {
  const page = await request<VerdictList>(
    PATHS.verdicts({ reason: outcome.kind === 'reason' ? outcome.reason : null, since: sinceIso, limit, before }),
    { signal },
  );
  return { verdicts: page.verdicts, truncated: page.verdicts.length >= limit };
}

export const fetchVerdict = (id: number, signal?: AbortSignal) => request<Verdict>(PATHS.verdict(id), { signal });

export const fetchActivePolicy = (signal?: AbortSignal) => request<ActivePolicy>(PATHS.policy, { signal });
