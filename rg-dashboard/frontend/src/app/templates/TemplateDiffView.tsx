import { Link } from 'react-router';
import { ApiError, describeError } from '../../api/client';
import type { TemplateDiff } from '../../api/templates';
import { formatInt, formatSats, formatWeight } from '../../ui/format';
import type { LoadState } from '../verdicts/useLoad';

/** "+1,234" / "-56" / "0": a delta reads with its sign. */
export function signed(value: number, format: (n: number) => string = formatInt): string {
  if (value === 0) return format(0);
  return value > 0 ? `+${format(value)}` : `-${format(-value)}`;
}

/**
 * A 404 for the diff path means either an unknown sequence (not_found with the contract's message) or a
 * template-manager without the endpoint at all, whose catch-all answers "no such endpoint".
 */
export function diffUnsupported(error: Error | null): boolean {
  return error instanceof ApiError && error.status === 404 && /no such endpoint/i.test(error.message);
}

/** What changed from the previous retained template: transactions added and removed, fee and weight deltas. */
export function TemplateDiffView({ diff }: { diff: LoadState<TemplateDiff> }) {
  if (diff.data === null) {
    if (diffUnsupported(diff.error)) {
      return (
        <div data-testid="template-diff" data-state="unsupported">
          <p className="muted" data-testid="diff-unavailable">
            The difference from the previous template is not available from this template-manager (it has no
            /api/templates/&#123;sequence&#125;/diff endpoint; newer versions have).
          </p>
        </div>
      );
    }
    return (
      <div data-testid="template-diff" data-state={diff.error ? 'error' : 'loading'}>
        <p className={diff.error ? 'error' : 'muted'}>
          {diff.error
            ? `${describeError(diff.error)}${diff.settled ? '' : ' - retrying'}`
            : 'Comparing with the previous template…'}
        </p>
      </div>
    );
  }
  const d = diff.data;
  if (d.previous_sequence === null) {
    return (
      <div data-testid="template-diff" data-state="oldest">
        <p className="muted" data-testid="diff-oldest">
          This is the oldest template template-manager still retains: there is no previous one to compare with.
        </p>
      </div>
    );
  }
  const sameHeight = d.previous_height === d.height;
  return (
    <div data-testid="template-diff" data-state="ready">
      <p className="small">
        Compared with <Link to={`/templates/${d.previous_sequence}`}>template #{d.previous_sequence}</Link>
        {sameHeight ? ' (same height)' : ` (height ${formatInt(d.previous_height ?? 0)}: a new block arrived in between)`}.
      </p>
      <div className="diff-stats">
        <Stat label="Added" testId="diff-added-count" value={formatInt(d.added_count)} tone={d.added_count > 0 ? 'ok' : ''} />
        <Stat
          label="Removed"
          testId="diff-removed-count"
          value={formatInt(d.removed_count)}
          tone={d.removed_count > 0 ? 'bad' : ''}
        />
        <Stat
          label="Fees"
          testId="diff-fee-delta"
          value={d.fee_delta === null ? '-' : signed(d.fee_delta, formatSats)}
          tone={d.fee_delta === null || d.fee_delta === 0 ? '' : d.fee_delta > 0 ? 'ok' : 'bad'}
        />
        <Stat label="Transactions" testId="diff-tx-delta" value={d.tx_count_delta === null ? '-' : signed(d.tx_count_delta)} tone="" />
        <Stat label="Weight" testId="diff-weight-delta" value={d.weight_delta === null ? '-' : signed(d.weight_delta, formatWeight)} tone="" />
      </div>
      <div className="diff-lists">
        <ChangeList title="Added" testId="diff-added" items={d.added} total={d.added_count} />
        <ChangeList title="Removed" testId="diff-removed" items={d.removed} total={d.removed_count} />
      </div>
    </div>
  );
}

function Stat({ label, value, testId, tone }: { label: string; value: string; testId: string; tone: string }) {
  return (
    <div className="diff-stat">
      <div className="muted small">{label}</div>
      <div className={`diff-value ${tone}`} data-testid={testId}>
        {value}
      </div>
    </div>
  );
}

function ChangeList({
  title,
  testId,
  items,
  total,
}: {
  title: string;
  testId: string;
  items: TemplateDiff['added'];
  total: number;
}) {
  return (
    <div>
      <h3>
        {title} <span className="muted small">{items.length < total ? `highest fees: ${items.length} of ${formatInt(total)}` : ''}</span>
      </h3>
      {items.length === 0 ? (
        <p className="muted small">None.</p>
      ) : (
        <table className="table compact" data-testid={testId}>
          <thead>
            <tr>
              <th>txid</th>
              <th className="num">Fee</th>
              <th className="num">Weight</th>
            </tr>
          </thead>
          <tbody>
            {items.map((tx) => (
              <tr key={tx.txid} data-testid={`${testId}-row`}>
                <td className="mono small txid" title={tx.txid}>
                  {tx.txid}
                </td>
                <td className="num">{formatSats(tx.fee)}</td>
                <td className="num">{formatWeight(tx.weight)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
