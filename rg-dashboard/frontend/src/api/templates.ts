import { request } from './client';
import type { VerdictContext } from './verdicts';

// template-manager's templates, as the dashboard proxies them (/api/templates/x -> template-manager /api/x).
// Shapes: template-manager TemplateJson and docs/template-stream.md; every *_at is unix milliseconds.

export const PATHS = {
  list: (limit: number) => `/api/templates/templates?limit=${limit}`,
  /**
   * The SSE stream in its summary view (each template as its list row, not its megabytes of transactions);
   * `last_event_id` resumes after that event ("<sequence>" or "<sequence>-v").
   */
  stream: (lastEventId: string | null) =>
    `/api/templates/templates/stream?view=summary${lastEventId === null ? '' : `&last_event_id=${encodeURIComponent(lastEventId)}`}`,
  detail: (sequence: number) => `/api/templates/templates/${sequence}`,
  diff: (sequence: number, limit: number) => `/api/templates/templates/${sequence}/diff?limit=${limit}`,
} as const;

/** GET /api/templates rows and the stream's summary `template` events (TemplateJson.CompactBody). */
export interface CompactTemplate {
  sequence: number;
  height: number;
  prev_hash: string;
  tx_count: number;
  total_fees: number;
  /** Absent from template-managers older than the summary stream. */
  total_weight?: number;
  weight_limit?: number | null;
  coinbase_value: number;
  curtime: number;
  received_at: number;
  source: string;
  verdict: { outcome: string; reason_code: string | null; latency_ms: number; verdict_at: number } | null;
}

export interface TemplateList {
  count: number;
  templates: CompactTemplate[];
}

export interface TemplateTransaction {
  txid: string;
  hash: string;
  fee: number;
  weight: number;
  sigops: number;
  /** 1-based indexes of the transactions it spends from. */
  depends: number[];
}

/** The `template` event body and the template of GET /api/templates/{sequence}, less the raw transactions. */
export interface TemplateBody {
  sequence: number;
  source: string;
  received_at: number;
  fetch_ms: number;
  proposed_at: number;
  height: number;
  prev_hash: string;
  version: number;
  bits: string;
  target: string;
  curtime: number;
  mintime: number | null;
  coinbase_value: number;
  default_witness_commitment: { form: string; given: string | null; script: string | null };
  rules: string[];
  rules_reported: boolean;
  coinbase_aux: Record<string, string>;
  sigop_limit: number | null;
  weight_limit: number | null;
  size_limit: number | null;
  longpollid: string | null;
  tx_count: number;
  total_fees: number;
  total_weight: number;
  total_sigops: number;
  fingerprint: string;
  proposal: { protocol_version: number; coinbase_sigops: number };
}

export interface FullTemplate extends TemplateBody {
  transactions: TemplateTransaction[];
}

/** The `verdict` event body (outcome accepted | rejected | timeout | unavailable | protocol_error). */
export interface TemplateVerdict {
  sequence: number;
  outcome: string;
  accepted: boolean | null;
  request_id: number | null;
  reason_code: string | null;
  reasons: string[];
  detail: string | null;
  verdict_latency_ms: number;
  verdict_at: number;
  received_at: number;
  context: VerdictContext | null;
}

export interface TemplateDetail {
  template: FullTemplate;
  verdict: TemplateVerdict | null;
}

/** GET /api/templates/{sequence}/diff (CONTRACTS.md); the deltas are null for the oldest retained template. */
export interface TemplateDiff {
  sequence: number;
  previous_sequence: number | null;
  height: number;
  previous_height: number | null;
  tx_count_delta: number | null;
  fee_delta: number | null;
  weight_delta: number | null;
  added_count: number;
  removed_count: number;
  added: { txid: string; fee: number; weight: number }[];
  removed: { txid: string; fee: number; weight: number }[];
}

export const listTemplates = (limit: number, signal?: AbortSignal) =>
  request<TemplateList>(PATHS.list(limit), { signal });

/** One template with its transactions (without their raw hex, which nothing here shows). */
export async function fetchTemplate(sequence: number, signal?: AbortSignal): Promise<TemplateDetail> {
  const detail = await request<TemplateDetail>(PATHS.detail(sequence), { signal });
  const transactions = detail.template.transactions.map(({ txid, hash, fee, weight, sigops, depends }) => ({
    txid,
    hash,
    fee,
    weight,
    sigops,
    depends,
  }));
  return { template: { ...detail.template, transactions }, verdict: detail.verdict };
}

export const fetchTemplateDiff = (sequence: number, limit: number, signal?: AbortSignal) =>
  request<TemplateDiff>(PATHS.diff(sequence, limit), { signal });
