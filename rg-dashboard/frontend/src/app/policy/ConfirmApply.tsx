import { useEffect, useRef } from 'react';
import { formatInt } from '../../ui/format';
import { EffectiveChanges } from './DiffView';
import type { DiffStats, SettingChange } from './lineDiff';

/** What the confirmation says about what-if: run on this very draft, on an earlier one, never, or not possible. */
export type WhatIfSummary =
  | { kind: 'current'; flips: number; evaluated: number }
  | { kind: 'stale'; flips: number; evaluated: number }
  | { kind: 'none' }
  | { kind: 'unsupported' };

interface Props {
  activeLabel: string;
  changes: SettingChange[];
  lines: DiffStats;
  whatIf: WhatIfSummary;
  busy: boolean;
  error: string | null;
  onConfirm: () => void;
  onCancel: () => void;
}

/** The last look before a policy goes live: what changes and what the last what-if said it would do. */
export function ConfirmApply({ activeLabel, changes, lines, whatIf, busy, error, onConfirm, onCancel }: Props) {
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    confirm.current?.focus();
  }, []);

  return (
    <div className="modal-backdrop">
      <div
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby="confirm-apply-title"
        data-testid="policy-confirm"
        onKeyDown={(e) => {
          if (e.key === 'Escape' && !busy) onCancel();
        }}
      >
        <h2 id="confirm-apply-title">Apply this policy?</h2>
        <p>
          It replaces {activeLabel} at once: the verifier judges every following template by it (lines{' '}
          <span className="diff-added-count">+{formatInt(lines.added)}</span>{' '}
          <span className="diff-removed-count">−{formatInt(lines.removed)}</span>).
        </p>
        <EffectiveChanges changes={changes} />
        <p data-testid="policy-confirm-whatif" data-kind={whatIf.kind} className={whatIf.kind === 'current' ? '' : 'warn'}>
          {whatIfText(whatIf)}
        </p>
        {error !== null && (
          <p className="error" role="alert" data-testid="policy-apply-error">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="button" ref={confirm} disabled={busy} onClick={onConfirm} data-testid="policy-apply-confirm">
            {busy ? 'Applying…' : 'Apply'}
          </button>
          <button type="button" className="ghost" disabled={busy} onClick={onCancel} data-testid="policy-apply-cancel">
            Cancel
          </button>
        </div>
      </div>
    </div>
  );
}

function whatIfText(summary: WhatIfSummary): string {
  switch (summary.kind) {
    case 'current':
      return `What-if on this draft: ${formatInt(summary.flips)} of ${formatInt(summary.evaluated)} recent verdicts would flip.`;
    case 'stale':
      return `The last what-if (${formatInt(summary.flips)} of ${formatInt(summary.evaluated)} would flip) ran on an earlier version of this draft.`;
    case 'none':
      return 'No what-if was run on this draft: its effect on recent templates is unknown.';
    case 'unsupported':
      return 'This verifier has no what-if: the effect on recent templates is unknown.';
  }
}
