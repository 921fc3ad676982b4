import { useCallback } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, describeError } from '../../api/client';
import { fetchTemplate, fetchTemplateDiff, type TemplateDetail } from '../../api/templates';
import { isReasonCode, REASON_TEXT } from '../../api/verdicts';
import { formatDecimal, formatInt, formatPercent, formatSats, formatWeight, Time } from '../../ui/format';
import { useNow } from '../../ui/usePoll';
import { Facts } from '../ServiceTile';
import { checksOf, tierExplanation } from '../verdicts/checks';
import { ChecksTable } from '../verdicts/ChecksTable';
import { LiveStatus } from '../verdicts/LiveStatus';
import { useJudgingPolicy } from '../verdicts/useJudgingPolicy';
import { useLoad } from '../verdicts/useLoad';
import { TemplateDiffView } from './TemplateDiffView';
import { OutcomeBadge } from './TemplatesPage';
import { TransactionsTable } from './TransactionsTable';

const RETRY_MS = 3000;
const DIFF_LIMIT = 100;

function invalidSequence(param: string): Promise<never> {
  return Promise.reject(new ApiError(400, 'bad_sequence', `"${param}" is not a template sequence`));
}

/** One template: its fields, fees and weight, its verdict, what changed from the previous one, its transactions. */
export function TemplatePage({ retryMs = RETRY_MS }: { retryMs?: number }) {
  const { sequence: param = '' } = useParams();
  const now = useNow();
  const valid = /^\d+$/.test(param);
  const sequence = Number(param);
  const detail = useLoad(
    `template-${param}`,
    useCallback((signal: AbortSignal) => (valid ? fetchTemplate(sequence, signal) : invalidSequence(param)), [param, valid, sequence]),
    retryMs,
  );
  const diff = useLoad(
    `diff-${param}`,
    useCallback(
      (signal: AbortSignal) => (valid ? fetchTemplateDiff(sequence, DIFF_LIMIT, signal) : invalidSequence(param)),
      [param, valid, sequence],
    ),
    retryMs,
  );
  const t = detail.data;

  return (
    <section data-testid="page-template">
      <p className="small">
        <Link to="/templates">← Templates</Link>
        {valid && (
          <>
            {' · '}
            {sequence > 1 && <Link to={`/templates/${sequence - 1}`}>previous (#{sequence - 1})</Link>}
            {sequence > 1 && ' · '}
            <Link to={`/templates/${sequence + 1}`}>next (#{sequence + 1})</Link>
          </>
        )}
      </p>
      <div className="page-head">
        <h1>Template #{valid ? formatInt(sequence) : param}</h1>
        {detail.up === false && (
          <LiveStatus
            testId="template-status"
            service="template-manager"
            up={false}
            error={detail.error}
            lastOkAt={detail.lastOkAt}
            now={now}
            liveText=""
          />
        )}
      </div>
      {t === null && detail.settled && detail.error !== null && (
        <p className="error" role="alert" data-testid="template-error">
          {detail.error instanceof ApiError && detail.error.status === 404
            ? `Template #${param} is not retained by template-manager any more (it keeps the most recent ones only).`
            : describeError(detail.error)}
        </p>
      )}
      {t === null && detail.up === null && <p className="muted">Loading the template (with every transaction)…</p>}
      {t !== null && <TemplateSummary detail={t} now={now} retryMs={retryMs} />}

      <h2>Difference from the previous template</h2>
      <TemplateDiffView diff={diff} />

      {t !== null && (
        <>
          <h2>Transactions</h2>
          <TransactionsTable transactions={t.template.transactions} />
        </>
      )}
    </section>
  );
}

function TemplateSummary({ detail, now, retryMs }: { detail: TemplateDetail; now: number; retryMs: number }) {
  const t = detail.template;
  const v = detail.verdict;
  const { knobs } = useJudgingPolicy(v?.context?.policy_hash ?? null, retryMs * 10);
  const weightLimit = t.weight_limit ?? 4_000_000;
  const checks =
    v?.context != null
      ? checksOf(
          {
            reasons: v.reasons,
            context: v.context,
            template: { prev_hash: t.prev_hash, coinbase_value: t.coinbase_value },
            protocolVersion: t.proposal.protocol_version,
          },
          knobs,
        )
      : null;
  return (
    <>
      <div className="why-grid">
        <div data-testid="template-fields">
          <h2>Fields</h2>
          <Facts
            rows={[
              ['Height', formatInt(t.height)],
              ['prev_hash', <code className="hash">{t.prev_hash}</code>],
              ['Received', <Time at={t.received_at} now={now} />],
              ['Source', `${t.source} (fetch ${formatDecimal(t.fetch_ms, 1)} ms)`],
              ['Version', `0x${t.version.toString(16)}`],
              ['bits', <code>{t.bits}</code>],
              ['curtime', <Time at={t.curtime * 1000} now={now} />],
              ['mintime', t.mintime === null ? 'not given' : <Time at={t.mintime * 1000} now={now} />],
              ['Rules', t.rules_reported ? t.rules.join(', ') || 'none' : 'not reported by the node'],
              ['Witness commitment', t.default_witness_commitment.form],
              ['Proposal', `protocol v${t.proposal.protocol_version}, coinbase sigops ${formatInt(t.proposal.coinbase_sigops)}`],
              ['Fingerprint', <code className="hash">{t.fingerprint}</code>],
            ]}
          />
        </div>
        <div data-testid="template-totals">
          <h2>Fees and weight</h2>
          <Facts
            rows={[
              ['Transactions', <span data-testid="template-tx-count">{formatInt(t.tx_count)}</span>],
              ['Total fees', <span data-testid="template-fees">{formatSats(t.total_fees)}</span>],
              ['Average fee', t.tx_count > 0 ? `${formatDecimal(t.total_fees / t.tx_count)} sat` : '-'],
              ['Coinbase value', formatSats(t.coinbase_value)],
              ['Subsidy', formatSats(t.coinbase_value - t.total_fees)],
              [
                'Weight',
                <span data-testid="template-weight">
                  {formatWeight(t.total_weight)} ({formatPercent(t.total_weight / weightLimit, 2)} of {formatInt(weightLimit)})
                </span>,
              ],
              [
                'Sigops',
                `${formatInt(t.total_sigops)}${t.sigop_limit === null ? '' : ` of ${formatInt(t.sigop_limit)}`}`,
              ],
            ]}
          />
        </div>
        <div data-testid="template-verdict">
          <h2>Verdict</h2>
          {v === null ? (
            <p className="muted">No verdict yet.</p>
          ) : (
            <Facts
              rows={[
                ['Outcome', <OutcomeBadge outcome={v.outcome} />],
                [
                  'Reason',
                  v.reason_code === null
                    ? '-'
                    : `${v.reason_code}${isReasonCode(v.reason_code) ? ` (${REASON_TEXT[v.reason_code]})` : ''}`,
                ],
                ...(v.detail ? ([['Detail', v.detail]] as [string, string][]) : []),
                ['Latency', `${formatDecimal(v.verdict_latency_ms, 1)} ms`],
                ['At', <Time at={v.verdict_at} now={now} />],
                ...(v.context
                  ? ([
                      ['Tier', v.context.tier],
                      ['Why', tierExplanation(v.context, null, knobs)],
                      ['Policy', `v${v.context.policy_version}`],
                    ] as [string, string][])
                  : []),
              ]}
            />
          )}
        </div>
      </div>
      {checks !== null && (
        <>
          <h2>Policy checks</h2>
          <ChecksTable checks={checks} />
        </>
      )}
    </>
  );
}
