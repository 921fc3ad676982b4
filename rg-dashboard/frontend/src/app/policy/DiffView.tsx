import { useMemo } from 'react';
import { diffLines, diffStats, hunks, type SettingChange } from './lineDiff';

interface Props {
  active: string;
  draft: string;
  /** "v7", or a phrase when no policy is loaded. */
  activeLabel: string;
  /** Effective changes (canonical TOML compared key by key); null while the draft is not known to be valid. */
  changes: SettingChange[] | null;
}

/** The draft against the active policy: the changed keys, then a unified line diff with three lines of context. */
export function DiffView({ active, draft, activeLabel, changes }: Props) {
  const lines = useMemo(() => diffLines(active, draft), [active, draft]);
  const stats = diffStats(lines);
  const parts = useMemo(() => hunks(lines), [lines]);
  const unchanged = stats.added === 0 && stats.removed === 0;

  return (
    <div className="policy-diff" data-testid="policy-diff" data-added={stats.added} data-removed={stats.removed}>
      {unchanged ? (
        <p className="muted" data-testid="policy-diff-empty">
          The draft is the active policy ({activeLabel}), line for line.
        </p>
      ) : (
        <>
          <p className="diff-summary">
            Against {activeLabel}: <span className="diff-added-count">+{stats.added}</span>{' '}
            <span className="diff-removed-count">−{stats.removed}</span> lines
          </p>
          {changes !== null && <EffectiveChanges changes={changes} />}
          <table className="diff-lines" aria-label={`Line diff against ${activeLabel}`}>
            <thead className="visually-hidden">
              <tr>
                <th>Active line</th>
                <th>Draft line</th>
                <th>Change</th>
                <th>Text</th>
              </tr>
            </thead>
            {parts.map((hunk, index) => (
              <tbody key={index} className="diff-hunk">
                {index > 0 && (
                  <tr className="diff-gap">
                    <td colSpan={4}>⋯ unchanged lines</td>
                  </tr>
                )}
                {hunk.lines.map((line) => (
                  <tr
                    key={`${line.oldLine ?? '-'}:${line.newLine ?? '-'}`}
                    className={`diff-line diff-${line.kind}`}
                    data-testid="policy-diff-line"
                    data-kind={line.kind}
                  >
                    <td className="diff-no">{line.oldLine ?? ''}</td>
                    <td className="diff-no">{line.newLine ?? ''}</td>
                    <td className="diff-sign" aria-label={SIGN_LABEL[line.kind]}>
                      {SIGN[line.kind]}
                    </td>
                    <td className="diff-text">{line.text}</td>
                  </tr>
                ))}
              </tbody>
            ))}
          </table>
        </>
      )}
    </div>
  );
}

const SIGN = { same: ' ', add: '+', del: '−' } as const;
const SIGN_LABEL = { same: 'unchanged', add: 'added', del: 'removed' } as const;

export function EffectiveChanges({ changes }: { changes: SettingChange[] }) {
  if (changes.length === 0) {
    return (
      <p className="muted" data-testid="policy-changes-none">
        No setting changes: the draft parses to the active policy (only comments or layout differ).
      </p>
    );
  }
  return (
    <table className="table compact policy-changes" data-testid="policy-changes">
      <thead>
        <tr>
          <th>Setting</th>
          <th>Active</th>
          <th>Draft</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((change) => (
          <tr key={change.key} data-key={change.key}>
            <th scope="row">
              <code>{change.key}</code>
            </th>
            <td className="num">{change.before ?? <span className="muted">unset</span>}</td>
            <td className="num">{change.after ?? <span className="muted">unset</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
