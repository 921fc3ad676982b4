// The "why" of a verdict: every policy check with its measured value, threshold and result, and the fee tier's
// basis. A verifier that reports `checks` / `tier_basis` (CONTRACTS.md) is shown as it answers; for an older one
// the same rows are derived here from the verdict's context (thresholds + measured, which every verifier
// records) and its reason list, mirroring pool-verifier's PolicyEvaluator.

import type { CheckValue, PolicyCheck, TierBasis, VerdictContext } from '../../api/verdicts';
import { formatDecimal, formatInt, formatSats } from '../../ui/format';

/** One row of the why table; measured/threshold are null where the verdict does not record them. */
export interface CheckRow {
  check: string;
  label: string;
  measured: CheckValue | null;
  threshold: CheckValue | null;
  comparison: string;
  passed: boolean;
  reason_code: string;
}

export interface Checks {
  rows: CheckRow[];
  /** "verifier": as the verifier reported them; "derived": computed here from context + reasons. */
  source: 'verifier' | 'derived';
  /** Why the checks do not (alone) explain the outcome, when they do not. */
  note: string | null;
}

/** The parts of a policy the why view uses when the active policy is the one that judged (same sha256). */
export interface PolicyKnobs {
  protocol_version: number | null;
  required_prevhash_len: number | null;
  reject_empty_templates: boolean | null;
  reject_coinbase_zero: boolean | null;
  low_mempool_tx: number | null;
  high_mempool_tx: number | null;
  unknown_mempool_as_high: boolean | null;
}

/** Reads the few flat keys it needs from a policy's canonical TOML ([policy] table, `key = value` lines). */
export function policyKnobs(toml: string): PolicyKnobs {
  const values = new Map<string, string>();
  for (const line of toml.split('\n')) {
    const match = /^\s*([a-z_]+)\s*=\s*([^#]+?)\s*(?:#.*)?$/.exec(line);
    if (match) values.set(match[1]!, match[2]!);
  }
  const int = (key: string) => {
    const raw = values.get(key);
    return raw !== undefined && /^-?\d+$/.test(raw) ? Number(raw) : null;
  };
  const bool = (key: string) => {
    const raw = values.get(key);
    return raw === 'true' ? true : raw === 'false' ? false : null;
  };
  return {
    protocol_version: int('protocol_version'),
    required_prevhash_len: int('required_prevhash_len'),
    reject_empty_templates: bool('reject_empty_templates'),
    reject_coinbase_zero: bool('reject_coinbase_zero'),
    low_mempool_tx: int('low_mempool_tx'),
    high_mempool_tx: int('high_mempool_tx'),
    unknown_mempool_as_high: bool('unknown_mempool_as_high'),
  };
}

export interface JudgedTemplate {
  reasons: string[];
  context: VerdictContext | null;
  template: { prev_hash: string; coinbase_value: number };
  /** The protocol version the template was proposed with, when known (template-manager records it). */
  protocolVersion?: number | null;
  checks?: PolicyCheck[];
}

const NOT_EVALUATED: Record<string, string> = {
  policy_load_error: 'No policy check ran: the verifier had no valid policy loaded when this template arrived.',
  internal_error: 'No policy check ran: the verifier failed while evaluating this template.',
};

/** The checks of a verdict, as reported or derived; never throws on odd input. */
export function checksOf(judged: JudgedTemplate, knobs: PolicyKnobs | null): Checks {
  const reasons = new Set(judged.reasons);
  const mempoolNote = reasons.has('mempool_backend_unavailable')
    ? 'Rejected because the mempool was unreachable and unknown_mempool_as_high is false; the other checks were ' +
      'evaluated with the hi tier but did not decide the verdict.'
    : null;
  if (judged.checks !== undefined && judged.checks.length > 0) {
    return { rows: judged.checks.map((c) => ({ ...c })), source: 'verifier', note: mempoolNote };
  }
  for (const [reason, note] of Object.entries(NOT_EVALUATED)) {
    if (reasons.has(reason)) {
      return {
        rows: [
          {
            check: reason === 'policy_load_error' ? 'policy_loaded' : 'evaluation',
            label: reason === 'policy_load_error' ? 'A valid policy is loaded' : 'Evaluation completed',
            measured: false,
            threshold: true,
            comparison: '==',
            passed: false,
            reason_code: reason,
          },
        ],
        source: 'derived',
        note,
      };
    }
  }
  const context = judged.context;
  if (context === null) return { rows: [], source: 'derived', note: 'The verdict carries no policy context.' };
  return { rows: deriveRows(judged, context, reasons, knobs), source: 'derived', note: mempoolNote };
}

function deriveRows(
  judged: JudgedTemplate,
  context: VerdictContext,
  reasons: Set<string>,
  knobs: PolicyKnobs | null,
): CheckRow[] {
  const t = context.thresholds;
  const m = context.measured;
  const prevHash = judged.template.prev_hash;
  // A failure the verifier reported is authoritative; the recomputation only fills in passes and numbers.
  const row = (
    check: string,
    label: string,
    measured: CheckValue | null,
    comparison: string,
    threshold: CheckValue | null,
    reason: string,
    computedPass: boolean,
  ): CheckRow => ({
    check,
    label,
    measured,
    threshold,
    comparison,
    passed: computedPass && !reasons.has(reason),
    reason_code: reason,
  });
  const rows: CheckRow[] = [];
  if (reasons.has('mempool_backend_unavailable')) {
    rows.push(
      // As pool-verifier's PolicyCheck.MEMPOOL_KNOWN reports it: made only with unknown_mempool_as_high = false.
      row('unknown_mempool_as_high', 'mempool size known', false, '==', true, 'mempool_backend_unavailable', false),
    );
  }
  const protocolVersion = judged.protocolVersion ?? null;
  rows.push(
    row(
      'protocol_version',
      'Protocol version',
      protocolVersion,
      '==',
      knobs?.protocol_version ?? null,
      'protocol_version_mismatch',
      protocolVersion === null || knobs?.protocol_version == null || protocolVersion === knobs.protocol_version,
    ),
    row('prev_hash_hex', 'prev_hash is hexadecimal', /^[0-9a-fA-F]*$/.test(prevHash), '==', true, 'invalid_prev_hash', true),
    row(
      'required_prevhash_len',
      'prev_hash length (hex characters)',
      prevHash.length,
      '==',
      knobs?.required_prevhash_len ?? null,
      'prev_hash_len_mismatch',
      knobs?.required_prevhash_len == null || prevHash.length === knobs.required_prevhash_len,
    ),
    row(
      'reject_coinbase_zero',
      'Coinbase value (zero rejected)',
      judged.template.coinbase_value,
      '!=',
      0,
      'coinbase_value_zero_rejected',
      true,
    ),
    row('reject_empty_templates', 'Transactions (empty rejected)', m.tx_count, '!=', 0, 'empty_template_rejected', true),
    row('max_tx_count', 'Transaction count', m.tx_count, '<=', t.max_tx_count, 'tx_count_exceeded', m.tx_count <= t.max_tx_count),
    row(
      'min_total_fees',
      'Total fees',
      m.total_fees,
      '>=',
      t.min_total_fees,
      'total_fees_below_minimum',
      m.total_fees >= t.min_total_fees,
    ),
    // The engine compares floor(total / n) with the integer minimum, and skips the check without transactions.
    row(
      `min_avg_fee_${context.tier}`,
      `Average fee per transaction (${context.tier} tier)`,
      m.avg_fee,
      '>=',
      t.min_avg_fee,
      'avg_fee_below_minimum',
      m.tx_count === 0 || Math.floor(m.total_fees / m.tx_count) >= t.min_avg_fee,
    ),
    row(
      'max_weight_ratio',
      'Block weight ratio',
      m.weight_ratio,
      '<=',
      t.max_weight_ratio,
      'weight_ratio_exceeded',
      m.weight_ratio <= t.max_weight_ratio,
    ),
    row(
      'max_template_age_secs',
      'Template age',
      m.template_age_secs,
      '<=',
      t.max_template_age_secs,
      'template_too_old',
      m.template_age_secs <= t.max_template_age_secs,
    ),
    row('max_sigops_cost', 'Sigops cost', m.sigops, '<=', t.max_sigops_cost, 'sigops_budget_exceeded', m.sigops <= t.max_sigops_cost),
    row(
      'max_coinbase_sigops',
      'Coinbase sigops',
      m.coinbase_sigops,
      '<=',
      t.max_coinbase_sigops,
      'coinbase_sigops_exceeded',
      m.coinbase_sigops <= t.max_coinbase_sigops,
    ),
  );
  // With the judging policy known, a disabled reject_* rule shows as such instead of a bare "!= 0".
  for (const r of rows) {
    if (r.check === 'reject_coinbase_zero' && knobs?.reject_coinbase_zero === false) r.label += ' - rule off';
    if (r.check === 'reject_empty_templates' && knobs?.reject_empty_templates === false) r.label += ' - rule off';
  }
  return rows;
}

/** Failing checks first, each group in evaluation order. */
export function failingFirst(rows: CheckRow[]): CheckRow[] {
  return [...rows.filter((r) => !r.passed), ...rows.filter((r) => r.passed)];
}

/** A check's measured value or threshold, readable: sats for fees, seconds for ages, separators for counts. */
export function formatCheckValue(check: string, value: CheckValue | null): string {
  if (value === null) return 'not recorded';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') return value;
  if (check.startsWith('min_avg_fee')) return `${formatDecimal(value)} sat`;
  if (check === 'min_total_fees') return formatSats(value);
  if (check === 'max_weight_ratio') return formatDecimal(value, 6);
  if (check === 'max_template_age_secs') return `${formatInt(value)} s`;
  if (check === 'reject_coinbase_zero') return formatSats(value);
  return Number.isInteger(value) ? formatInt(value) : formatDecimal(value, 6);
}

/** Why the verdict got its tier: the verifier's explanation, or one built from what the verdict records. */
export function tierExplanation(
  context: VerdictContext,
  basis: TierBasis | null | undefined,
  knobs: PolicyKnobs | null,
): string {
  if (basis) return basis.explanation;
  const tier = `${context.tier} tier`;
  if (context.mempool_tx_count < 0) {
    return `mempool unknown (the verifier could not reach it): judged with the ${tier}, the conservative one`;
  }
  const count = `${formatInt(context.mempool_tx_count)} mempool transactions`;
  if (knobs !== null && knobs.low_mempool_tx !== null && knobs.high_mempool_tx !== null) {
    if (context.mempool_tx_count <= knobs.low_mempool_tx) {
      return `${count} <= low_mempool_tx ${formatInt(knobs.low_mempool_tx)}: ${tier}`;
    }
    if (context.mempool_tx_count >= knobs.high_mempool_tx) {
      return `${count} >= high_mempool_tx ${formatInt(knobs.high_mempool_tx)}: ${tier}`;
    }
    return `${count} between low_mempool_tx ${formatInt(knobs.low_mempool_tx)} and high_mempool_tx ${formatInt(
      knobs.high_mempool_tx,
    )}: ${tier}`;
  }
  return `${count}: ${tier} (the tier bounds of the policy that judged it are no longer known)`;
}
