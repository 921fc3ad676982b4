import { Link } from 'react-router';
import type { CheckValue, PolicyCheck, WhatIfFlip, WhatIfOutcome, WhatIfReport } from '../../api/policy';
import { formatDecimal, formatInt, formatPercent, Time } from '../../ui/format';

/** A check's measured value or threshold with the unit its key implies (fees in sat, ages in s, ratios as is). */
export function formatCheckValue(check: string, value: CheckValue | null): string {
  if (value === null) return 'unknown';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) return String(value);
  const number = Number.isInteger(value) ? formatInt(value) : formatDecimal(value, 4);
  if (check.includes('fee')) return `${number} sat`;
  if (check.endsWith('_secs')) return `${number} s`;
  return number;
}

const COMPARISON_WORDS: Record<PolicyCheck['comparison'], string> = {
  '<=': 'at most',
  '>=': 'at least',
  '==': 'exactly',
  '!=': 'not',
};

/**
 * The checks that explain a flip: every check the draft fails, and the checks behind the reasons the recorded verdict
 * gave (now passing, for a rejection the draft would accept).
 */
export function explainingChecks(flip: WhatIfFlip): PolicyCheck[] {
  const before = new Set([flip.before.reason_code, ...flip.before.reasons].filter((r): r is string => r !== null));
  return flip.after.checks.filter((check) => !check.passed || before.has(check.reason_code));
}

interface Props {
  report: WhatIfReport;
  /** The `last` the what-if was asked for. */
  last: number;
  now: number;
  /** True when the draft changed since this what-if ran. */
  stale: boolean;
}

export function WhatIfResult({ report, last, now, stale }: Props) {
  const shown = report.flips.length;
  return (
    <div
      className={stale ? 'whatif-result stale' : 'whatif-result'}
      data-testid="whatif-result"
      data-flips={report.flips_count}
      data-stale={stale}
    >
      {stale && (
        <p className="warn small" data-testid="whatif-stale">
          The draft changed since this what-if ran; run it again to see the current draft's effect.
        </p>
      )}
      <p className="whatif-summary">
        <strong className={report.flips_count > 0 ? 'whatif-count flips' : 'whatif-count'} data-testid="whatif-flips-count">
          {formatInt(report.flips_count)}
        </strong>{' '}
        of {formatInt(report.evaluated)} replayed {report.evaluated === 1 ? 'verdict' : 'verdicts'} would flip.
      </p>
      {report.evaluated === 0 ? (
        <p className="muted" data-testid="whatif-nothing">
          Nothing to replay yet: the verifier has not judged a template over TCP since it started. It keeps the
          last {formatInt(report.kept)} it judges for what-if.
        </p>
      ) : (
        <dl className="facts whatif-facts">
          <div className="fact">
            <dt>Replayed</dt>
            <dd>
              the last {formatInt(report.evaluated)} judged templates (asked for {formatInt(last)}, kept{' '}
              {formatInt(report.kept)})
            </dd>
          </div>
          <div className="fact">
            <dt>Accepted when judged</dt>
            <dd data-testid="whatif-accepted-before">
              {formatInt(report.accepted_before)} ({formatPercent(report.accepted_before / report.evaluated)})
            </dd>
          </div>
          <div className="fact">
            <dt>Accepted with the draft</dt>
            <dd data-testid="whatif-accepted-after">
              {formatInt(report.accepted_after)} ({formatPercent(report.accepted_after / report.evaluated)})
            </dd>
          </div>
        </dl>
      )}
      {shown > 0 && (
        <>
          {shown < report.flips_count && (
            <p className="muted small">
              Showing the {formatInt(shown)} most recent of {formatInt(report.flips_count)} flips.
            </p>
          )}
          <table className="table whatif-flips">
            <thead>
              <tr>
                <th className="num">Height</th>
                <th>Judged</th>
                <th>Recorded verdict</th>
                <th>With the draft</th>
                <th>Why</th>
              </tr>
            </thead>
            <tbody>
              {report.flips.map((flip, index) => (
                <FlipRow key={flip.verdict_id ?? `h${flip.height}-${index}`} flip={flip} now={now} />
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}

function FlipRow({ flip, now }: { flip: WhatIfFlip; now: number }) {
  const checks = explainingChecks(flip);
  return (
    <tr
      data-testid="whatif-flip"
      data-height={flip.height}
      data-verdict-id={flip.verdict_id ?? undefined}
      data-before={flip.before.accepted ? 'accepted' : 'rejected'}
      data-after={flip.after.accepted ? 'accepted' : 'rejected'}
    >
      <td className="num">
        {flip.verdict_id !== null ? (
          <Link to={`/verdicts/${flip.verdict_id}`} title={`verdict #${flip.verdict_id}`}>
            {formatInt(flip.height)}
          </Link>
        ) : (
          formatInt(flip.height)
        )}
      </td>
      <td>
        <Time at={flip.judged_at} now={now} />
      </td>
      <td>
        <Outcome outcome={flip.before} />
      </td>
      <td>
        <Outcome outcome={flip.after} />
      </td>
      <td>
        {checks.length === 0 ? (
          <span className="muted">every check passes</span>
        ) : (
          <ul className="flip-checks">
            {checks.map((check) => (
              <li
                key={check.check}
                data-testid="whatif-check"
                data-check={check.check}
                data-passed={check.passed}
                className={check.passed ? 'ok' : 'bad'}
              >
                <span className="check-label">{check.label}</span>{' '}
                <span className="check-numbers">
                  {formatCheckValue(check.check, check.measured)}, needs {COMPARISON_WORDS[check.comparison]}{' '}
                  {formatCheckValue(check.check, check.threshold)}
                </span>{' '}
                <span className="check-verdict">{check.passed ? 'passes' : `fails (${check.reason_code})`}</span>
              </li>
            ))}
          </ul>
        )}
      </td>
    </tr>
  );
}

function Outcome({ outcome }: { outcome: WhatIfOutcome }) {
  const others = outcome.reasons.filter((reason) => reason !== outcome.reason_code);
  return (
    <span className="outcome">
      {outcome.accepted ? <span className="ok">accepted</span> : <span className="bad">rejected</span>}
      {outcome.reason_code !== null && (
        <>
          {' '}
          <code className="reason">{outcome.reason_code}</code>
        </>
      )}
      {others.length > 0 && <span className="muted small"> also {others.join(', ')}</span>}
    </span>
  );
}
