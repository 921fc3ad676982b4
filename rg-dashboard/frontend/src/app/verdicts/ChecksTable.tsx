import { failingFirst, formatCheckValue, type Checks } from './checks';

/** Every policy check of a verdict, failing ones first and marked, with the numbers that decided each. */
export function ChecksTable({ checks }: { checks: Checks }) {
  const rows = failingFirst(checks.rows);
  const failed = rows.filter((r) => !r.passed).length;
  return (
    <div className="why">
      <p className="small" data-testid="why-summary">
        {rows.length === 0
          ? 'No checks recorded.'
          : failed === 0
            ? `All ${rows.length} checks passed.`
            : `${failed} of ${rows.length} checks failed.`}
        {checks.source === 'derived' && rows.length > 0 && (
          <span className="muted" data-testid="why-derived">
            {' '}
            This verdict came without its checks (template-manager's copy, or an older verifier); the dashboard
            derived them from the verdict's thresholds, measured values and reasons.
          </span>
        )}
      </p>
      {checks.note !== null && (
        <p className="small warn" data-testid="why-note">
          {checks.note}
        </p>
      )}
      <table className="table why-table" data-testid="why-checks">
        <thead>
          <tr>
            <th>Result</th>
            <th>Check</th>
            <th className="num">Measured</th>
            <th className="cmp">Rule</th>
            <th className="num">Threshold</th>
            <th>Reason code if it fails</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr
              key={row.check + row.reason_code}
              data-testid="check-row"
              data-check={row.check}
              data-passed={String(row.passed)}
              className={row.passed ? 'check-passed' : 'check-failed'}
            >
              <td>
                {row.passed ? (
                  <span className="ok">pass</span>
                ) : (
                  <span className="fail-badge" aria-label="failed">
                    FAIL
                  </span>
                )}
              </td>
              <td>
                {row.label}
                <div className="muted small mono">{row.check}</div>
              </td>
              <td className="num" data-testid="check-measured" title={row.measured === null ? undefined : String(row.measured)}>
                {formatCheckValue(row.check, row.measured)}
              </td>
              <td className="cmp mono">{row.comparison}</td>
              <td className="num" data-testid="check-threshold" title={row.threshold === null ? undefined : String(row.threshold)}>
                {formatCheckValue(row.check, row.threshold)}
              </td>
              <td className="mono small">{row.reason_code}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
