import { useCallback } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { ApiError, describeError } from '../../api/client';
import { fetchVerdict, isReasonCode, REASON_TEXT, type Verdict } from '../../api/verdicts';
import { formatDecimal, formatInt, formatPercent, formatSats, formatWeight, Time } from '../../ui/format';
import { useNow } from '../../ui/usePoll';
import { Facts } from '../ServiceTile';
import { checksOf, tierExplanation, type PolicyKnobs } from './checks';
import { ChecksTable } from './ChecksTable';
import { LiveStatus } from './LiveStatus';
import { useJudgingPolicy } from './useJudgingPolicy';
import { useLoad } from './useLoad';

const RETRY_MS = 3000;

/** The "why" of one verdict: every policy check with its numbers, the tier and why, the policy that judged. */
export function VerdictPage({ retryMs = RETRY_MS }: { retryMs?: number }) {
  const { id = '' } = useParams();
  const location = useLocation();
  const now = useNow();
  const validId = /^\d+$/.test(id) && Number(id) > 0;
  const verdict = useLoad(
    `verdict-${id}`,
    useCallback(
      (signal: AbortSignal) =>
        validId ? fetchVerdict(Number(id), signal) : Promise.reject(new ApiError(400, 'invalid_id', `"${id}" is not a verdict id`)),
      [id, validId],
    ),
    retryMs,
  );
  const from = (location.state as { from?: string } | null)?.from ?? '';
  const v = verdict.data;
  // Only to explain an older verifier's verdict: the active policy's bounds apply if it is the one that judged.
  const { knobs, judgedByActive, activeVersion } = useJudgingPolicy(v?.context.policy_hash ?? null, retryMs * 10);

  return (
    <section data-testid="page-verdict">
      <p className="small">
        <Link to={`/verdicts${from}`}>← Verdicts</Link>
      </p>
      <div className="page-head">
        <h1>Verdict #{validId ? formatInt(Number(id)) : id}</h1>
      </div>
      {verdict.up === false && (
        <LiveStatus
          testId="verdict-status"
          service="pool verifier"
          up={false}
          error={verdict.error}
          lastOkAt={verdict.lastOkAt}
          now={now}
          liveText=""
        />
      )}
      {v === null && verdict.settled && verdict.error !== null && (
        <p className="error" role="alert" data-testid="verdict-error">
          {describeError(verdict.error)}
        </p>
      )}
      {v === null && verdict.up === null && <p className="muted">Loading the verdict…</p>}
      {v !== null && (
        <VerdictWhy
          verdict={v}
          now={now}
          knobs={knobs}
          activeVersion={activeVersion}
          judgedByActive={judgedByActive}
        />
      )}
    </section>
  );
}

function VerdictWhy({
  verdict: v,
  now,
  knobs,
  activeVersion,
  judgedByActive,
}: {
  verdict: Verdict;
  now: number;
  knobs: PolicyKnobs | null;
  activeVersion: number | null;
  judgedByActive: boolean;
}) {
  const checks = checksOf(
    {
      reasons: v.reasons,
      context: v.context,
      template: v.template,
      protocolVersion: v.template.protocol_version ?? null,
      checks: v.checks,
    },
    knobs,
  );
  const m = v.context.measured;
  const noPolicy = v.context.policy_hash === '';
  return (
    <>
      <div className={`outcome-banner ${v.accepted ? 'outcome-accepted' : 'outcome-rejected'}`} data-testid="verdict-outcome">
        <strong>{v.accepted ? 'Accepted' : 'Rejected'}</strong>
        {!v.accepted && v.reason_code !== null && (
          <>
            {': '}
            <span className="mono">{v.reason_code}</span>
            {isReasonCode(v.reason_code) && <span> - {REASON_TEXT[v.reason_code]}</span>}
          </>
        )}
      </div>
      {v.reasons.length > 0 && (
        <p className="small" data-testid="verdict-reasons">
          Reason codes, in policy order:{' '}
          {v.reasons.map((r, i) => (
            <span key={r}>
              {i > 0 && ', '}
              <code>{r}</code>
            </span>
          ))}
        </p>
      )}

      <h2>Policy checks</h2>
      <ChecksTable checks={checks} />

      <div className="why-grid">
        <div>
          <h2>Fee tier</h2>
          <Facts
            rows={[
              ['Tier', <span data-testid="verdict-tier">{v.context.tier}</span>],
              ['Why', <span data-testid="verdict-tier-basis">{tierExplanation(v.context, v.tier_basis, knobs)}</span>],
              [
                'Mempool',
                v.context.mempool_tx_count < 0 ? 'unknown' : `${formatInt(v.context.mempool_tx_count)} transactions`,
              ],
            ]}
          />
        </div>
        <div>
          <h2>Policy</h2>
          <Facts
            rows={[
              ['Version', noPolicy ? 'none loaded' : `v${v.context.policy_version}`],
              [
                'SHA-256',
                <code className="hash" data-testid="verdict-policy-hash">
                  {noPolicy ? 'none' : v.context.policy_hash}
                </code>,
              ],
              [
                'Now',
                activeVersion === null
                  ? 'unknown'
                  : judgedByActive
                    ? `still the active policy (v${activeVersion})`
                    : `the active policy is v${activeVersion}, a different one`,
              ],
              ['Evaluation', `${formatInt(v.context.evaluation_micros)} µs`],
            ]}
          />
        </div>
      </div>

      <div className="why-grid">
        <div>
          <h2>Template</h2>
          <Facts
            rows={[
              ['Height', formatInt(v.template.height)],
              ['prev_hash', <code className="hash">{v.template.prev_hash}</code>],
              ['curtime', <Time at={v.template.curtime * 1000} now={now} />],
              ['Coinbase value', formatSats(v.template.coinbase_value)],
            ]}
          />
        </div>
        <div>
          <h2>Measured</h2>
          <Facts
            rows={[
              ['Transactions', formatInt(m.tx_count)],
              ['Total fees', formatSats(m.total_fees)],
              ['Average fee', `${formatDecimal(m.avg_fee)} sat`],
              ['Weight', `${formatWeight(m.weight)} (${formatPercent(m.weight_ratio, 3)} of a block)`],
              ['Sigops cost', `${formatInt(m.sigops)} (coinbase ${formatInt(m.coinbase_sigops)})`],
              ['Template age', `${formatInt(m.template_age_secs)} s`],
            ]}
          />
        </div>
        <div>
          <h2>Recorded</h2>
          <Facts
            rows={[
              ['When', <Time at={v.recorded_at} now={now} />],
              ['Peer', <span className="mono">{v.peer}</span>],
              ['Request id', formatInt(v.request_id)],
            ]}
          />
        </div>
      </div>
    </>
  );
}
