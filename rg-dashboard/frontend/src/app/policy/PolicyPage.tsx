import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { ApiError, describeError } from '../../api/client';
import * as api from '../../api/policy';
import { useUser } from '../../auth/AuthContext';
import { formatInt } from '../../ui/format';
import { formatAge, useNow } from '../../ui/usePoll';
import { ConfirmApply, type WhatIfSummary } from './ConfirmApply';
import { DiffView } from './DiffView';
import { diffLines, diffStats, settingChanges } from './lineDiff';
import { PolicyEditor, type PolicyEditorHandle } from './PolicyEditor';
import { ProblemList } from './ProblemList';
import { WhatIfResult } from './WhatIfResult';

export const POLICY_POLL_MS = 10_000;
/** Pause in typing before the draft is sent for validation. */
export const VALIDATE_DELAY_MS = 300;
const DEFAULT_LAST = 100;

interface ActiveState {
  policy: api.ActivePolicy | null;
  error: Error | null;
  lastOkAt: number | null;
}

/**
 * The policy in force, polled so a change made elsewhere shows up. `replace` installs the answer of our own apply;
 * a poll that started before it is dropped, so it cannot put the old version back on screen.
 */
function useActivePolicy(pollMs: number) {
  const [state, setState] = useState<ActiveState>({ policy: null, error: null, lastOkAt: null });
  const epoch = useRef(0);
  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      const started = epoch.current;
      try {
        const policy = await api.activePolicy(controller.signal);
        if (controller.signal.aborted) return;
        if (started === epoch.current) setState({ policy, error: null, lastOkAt: Date.now() });
      } catch (error) {
        if (controller.signal.aborted) return;
        setState((previous) => ({ ...previous, error: error as Error }));
      }
      timer = setTimeout(() => void tick(), pollMs);
    };
    void tick();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [pollMs]);
  const replace = useCallback((policy: api.ActivePolicy) => {
    epoch.current += 1;
    setState({ policy, error: null, lastOkAt: Date.now() });
  }, []);
  return { ...state, replace };
}

/** The verifier's verdict on one draft text, or why it could not be asked. */
type Checked = { draft: string; result: api.PolicyValidation } | { draft: string; error: string };

type WhatIfState =
  | { status: 'idle' }
  | { status: 'running'; draft: string; last: number }
  | { status: 'done'; draft: string; last: number; report: api.WhatIfReport }
  | { status: 'unsupported' }
  | { status: 'failed'; message: string };

/** `pollMs` and `validateDelayMs` are only changed by tests. */
export function PolicyPage({
  pollMs = POLICY_POLL_MS,
  validateDelayMs = VALIDATE_DELAY_MS,
}: {
  pollMs?: number;
  validateDelayMs?: number;
}) {
  const user = useUser();
  const mayApply = user.role === 'operator' || user.role === 'admin';
  const active = useActivePolicy(pollMs);
  const policy = active.policy;
  const activeToml = policy?.loaded ? (policy.toml ?? '') : '';
  const activeLabel = policy?.loaded ? `v${policy.version}` : 'no policy';

  // `edited` is null while the draft is the active policy untouched: it then follows a policy applied elsewhere.
  // `baseline` is the active text when editing began, to tell an edited draft that the policy moved underneath it.
  const [edited, setEdited] = useState<string | null>(null);
  const [baseline, setBaseline] = useState<string | null>(null);
  const draft = policy === null ? null : (edited ?? activeToml);
  // Viewers get the active policy read-only; they may unlock a scratch copy to validate it and run what-if.
  const [scratch, setScratch] = useState(false);
  const readOnly = !mayApply && !scratch;

  const [checked, setChecked] = useState<Checked | null>(null);
  const loaded = policy?.loaded === true;
  const activeSha = policy?.sha256 ?? null;
  // The active policy's own canonical text is valid by construction: no need to ask.
  const isActive = loaded && draft === activeToml;
  useEffect(() => {
    if (draft === null || isActive) return;
    const bytes = api.utf8Length(draft);
    if (bytes > api.MAX_POLICY_BYTES) {
      const message = `the draft is ${formatInt(bytes)} bytes; the verifier accepts at most ${formatInt(api.MAX_POLICY_BYTES)}`;
      setChecked({ draft, result: { valid: false, sha256: null, toml: null, problems: [{ key: '', line: 0, message }] } });
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      api.validatePolicy(draft, controller.signal).then(
        (result) => setChecked({ draft, result }),
        (error: unknown) => {
          if (!controller.signal.aborted) setChecked({ draft, error: `Could not validate: ${describeError(error)}` });
        },
      );
    }, validateDelayMs);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [draft, isActive, validateDelayMs]);

  const current: Checked | null =
    draft !== null && isActive
      ? { draft, result: { valid: true, sha256: activeSha, toml: activeToml, problems: [] } }
      : checked !== null && checked.draft === draft
        ? checked
        : null;
  const validation = current !== null && 'result' in current ? current.result : null;
  // While the next answer is on its way the last known problems stay, so the list does not flicker as one types.
  const shownProblems = isActive ? [] : checked !== null && 'result' in checked ? checked.result.problems : [];

  const changes = useMemo(
    () => (validation?.valid && validation.toml !== null ? settingChanges(activeToml, validation.toml) : null),
    [validation, activeToml],
  );
  const lineStats = useMemo(() => diffStats(diffLines(activeToml, draft ?? '')), [activeToml, draft]);

  const editor = useRef<PolicyEditorHandle>(null);
  const goToLine = useCallback((line: number) => editor.current?.goToLine(line), []);

  // What-if
  const [lastText, setLastText] = useState(String(DEFAULT_LAST));
  const [whatIf, setWhatIf] = useState<WhatIfState>({ status: 'idle' });
  const lastValue = Number(lastText);
  const lastProblem = Number.isInteger(lastValue) && lastValue >= 1 ? null : 'a whole number of templates, 1 or more';
  const runWhatIf = async (event: FormEvent) => {
    event.preventDefault();
    if (draft === null || lastProblem !== null) return;
    const text = draft;
    setWhatIf({ status: 'running', draft: text, last: lastValue });
    try {
      const report = await api.whatIf(text, lastValue);
      setWhatIf({ status: 'done', draft: text, last: lastValue, report });
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        setWhatIf({ status: 'unsupported' });
      } else if (api.policyProblemsOf(error) !== null) {
        setWhatIf({ status: 'failed', message: 'The draft is not a valid policy; fix the problems above first.' });
      } else {
        setWhatIf({ status: 'failed', message: describeError(error) });
      }
    }
  };
  const whatIfSummary: WhatIfSummary =
    whatIf.status === 'done'
      ? whatIf.draft === draft
        ? { kind: 'current', flips: whatIf.report.flips_count, evaluated: whatIf.report.evaluated }
        : { kind: 'stale', flips: whatIf.report.flips_count, evaluated: whatIf.report.evaluated }
      : whatIf.status === 'unsupported'
        ? { kind: 'unsupported' }
        : { kind: 'none' };

  // Apply
  const [confirming, setConfirming] = useState(false);
  const [applying, setApplying] = useState(false);
  const [applyError, setApplyError] = useState<string | null>(null);
  const [applied, setApplied] = useState<api.AppliedPolicy | null>(null);
  const unchanged = policy?.loaded === true && validation?.sha256 === policy.sha256;
  const canApply = mayApply && draft !== null && validation?.valid === true && !unchanged && !applying;
  const apply = async () => {
    if (draft === null) return;
    setApplying(true);
    setApplyError(null);
    try {
      const result = await api.applyPolicy(draft);
      active.replace({
        loaded: true,
        version: result.version,
        sha256: result.sha256,
        toml: result.toml,
        source: policy?.source ?? '',
        problems: [],
      });
      setEdited(null);
      setBaseline(null);
      setApplied(result);
      setConfirming(false);
    } catch (error) {
      const problems = api.policyProblemsOf(error);
      if (problems !== null) {
        // The verifier's word wins over the earlier validation: show its problems at their lines.
        setChecked({ draft, result: { valid: false, sha256: null, toml: null, problems } });
        setConfirming(false);
      }
      setApplyError(describeError(error));
    } finally {
      setApplying(false);
    }
  };

  const edit = (text: string) => {
    if (edited === null) setBaseline(activeToml);
    setEdited(text);
    setApplied(null);
    setApplyError(null);
  };
  const revert = () => {
    setEdited(null);
    setBaseline(null);
  };

  if (policy === null) {
    return (
      <section data-testid="page-policy">
        <h1>Policy</h1>
        {active.error !== null ? (
          <p className="error" role="alert" data-testid="policy-unavailable">
            Could not read the active policy: {describeError(active.error)}. Trying again every{' '}
            {formatAge(pollMs)}.
          </p>
        ) : (
          <p className="muted">Loading…</p>
        )}
      </section>
    );
  }

  const movedUnderneath = edited !== null && baseline !== null && baseline !== activeToml && edited !== activeToml;
  const problemListId = 'policy-problems';

  return (
    <section data-testid="page-policy" className="policy-page">
      <div className="page-head">
        <h1>Policy</h1>
        <span className="policy-version" data-testid="policy-version">
          {policy.loaded ? `v${policy.version}` : 'not loaded'}
        </span>
        {policy.sha256 !== null && (
          <code className="muted small" title={`sha256 ${policy.sha256}`} data-testid="policy-sha256">
            sha256 {policy.sha256.slice(0, 12)}…
          </code>
        )}
        <span className="muted small" title="The verifier's policy file">
          {policy.source}
        </span>
      </div>

      {active.error !== null && active.lastOkAt !== null && <StaleNotice error={active.error} lastOkAt={active.lastOkAt} />}
      {!policy.loaded && (
        <div className="error" role="alert" data-testid="policy-not-loaded">
          <p>The verifier has no policy loaded: its policy file could not be used.</p>
          <ul>
            {policy.problems.map((problem, index) => (
              <li key={index}>
                {problem.line > 0 ? `line ${problem.line}: ` : ''}
                {problem.key !== '' && <code>{problem.key}</code>} {problem.message}
              </li>
            ))}
          </ul>
          {mayApply && <p>Write a policy below and apply it.</p>}
        </div>
      )}
      {!mayApply && (
        <p className="readonly-notice" role="status" data-testid="policy-readonly">
          You are signed in as a {user.role}: you can read the policy, validate a draft and run what-if, but only an
          operator or admin can apply a change.{' '}
          {!scratch && (
            <button type="button" className="ghost" onClick={() => setScratch(true)} data-testid="policy-scratch">
              Try a draft
            </button>
          )}
        </p>
      )}
      {movedUnderneath && (
        <p className="warn" role="status" data-testid="policy-moved">
          The active policy changed to {activeLabel} while you were editing; the diff and what-if compare with{' '}
          {activeLabel}.{' '}
          <button type="button" className="ghost" onClick={revert}>
            Discard my draft and load {activeLabel}
          </button>
        </p>
      )}

      <div className="policy-layout">
        <div className="policy-edit">
          <div className="editor-bar">
            <h2>Draft</h2>
            <ValidationStatus draft={draft} current={current} />
            {!readOnly && draft !== activeToml && (
              <button type="button" className="ghost small-button" onClick={revert} data-testid="policy-revert">
                Revert to {activeLabel}
              </button>
            )}
          </div>
          <PolicyEditor
            value={draft ?? ''}
            onChange={edit}
            readOnly={readOnly}
            problems={shownProblems}
            handle={editor}
            describedBy={shownProblems.length > 0 ? problemListId : undefined}
          />
          {current !== null && 'error' in current && (
            <p className="error small" role="alert" data-testid="policy-validate-error">
              {current.error}
            </p>
          )}
          <ProblemList id={problemListId} problems={shownProblems} onGoToLine={goToLine} />
        </div>
        <div className="policy-side">
          <h2>Changes</h2>
          <DiffView active={activeToml} draft={draft ?? ''} activeLabel={activeLabel} changes={changes} />
        </div>
      </div>

      <h2>What-if</h2>
      <form className="whatif-form" onSubmit={(e) => void runWhatIf(e)} noValidate>
        <label htmlFor="whatif-last">Replay the last</label>
        <input
          id="whatif-last"
          name="last"
          type="number"
          inputMode="numeric"
          min={1}
          step={1}
          value={lastText}
          onChange={(e) => setLastText(e.target.value)}
          aria-invalid={lastProblem !== null}
          data-testid="whatif-last"
        />
        <span>judged templates against the draft</span>
        <button
          type="submit"
          disabled={whatIf.status === 'running' || lastProblem !== null || validation?.valid === false}
          data-testid="whatif-run"
        >
          {whatIf.status === 'running' ? 'Replaying…' : 'Run what-if'}
        </button>
        {lastProblem !== null && <small className="error">{lastProblem}</small>}
      </form>
      {whatIf.status === 'unsupported' && (
        <p className="warn" role="status" data-testid="whatif-unsupported">
          This verifier has no what-if: its POST /api/policy/what-if answered 404. A pool-verifier with what-if
          replays the templates it judged against a draft before you apply it.
        </p>
      )}
      {whatIf.status === 'failed' && (
        <p className="error" role="alert" data-testid="whatif-error">
          {whatIf.message}
        </p>
      )}
      {whatIf.status === 'done' && (
        <LiveWhatIfResult report={whatIf.report} last={whatIf.last} stale={whatIf.draft !== draft} />
      )}

      {mayApply && (
        <div className="apply-bar">
          <button type="button" disabled={!canApply} onClick={() => setConfirming(true)} data-testid="policy-apply">
            Apply…
          </button>
          <span className="muted small">
            {unchanged
              ? `The draft is the active policy (${activeLabel}) in effect; nothing to apply.`
              : validation?.valid === false
                ? 'Fix the problems before applying.'
                : validation === null
                  ? 'Checking the draft…'
                  : 'Applies through the verifier at once; new verdicts follow the new policy.'}
          </span>
        </div>
      )}
      {applyError !== null && !confirming && (
        <p className="error" role="alert" data-testid="policy-apply-error">
          {applyError}
        </p>
      )}
      {applied !== null && (
        <div className="notice" role="status" data-testid="policy-applied">
          <p>
            Applied: policy <strong>v{applied.version}</strong> is active (sha256{' '}
            <code title={applied.sha256}>{applied.sha256.slice(0, 12)}…</code>).
          </p>
          {!applied.persisted && (
            <p className="warn" data-testid="policy-not-persisted">
              The verifier could not write it to its policy file
              {applied.persist_problem !== null ? ` (${applied.persist_problem})` : ''}: it is in force now but a
              restart brings back the file's policy.
            </p>
          )}
        </div>
      )}
      {confirming && changes !== null && (
        <ConfirmApply
          activeLabel={activeLabel}
          changes={changes}
          lines={lineStats}
          whatIf={whatIfSummary}
          busy={applying}
          error={applyError}
          onConfirm={() => void apply()}
          onCancel={() => {
            setConfirming(false);
            setApplyError(null);
          }}
        />
      )}
    </section>
  );
}

// The clock ticks every second: only these two re-render with it, not the editor and the diff.
function StaleNotice({ error, lastOkAt }: { error: Error; lastOkAt: number }) {
  const now = useNow();
  return (
    <p className="error small" role="alert" data-testid="policy-stale">
      The pool verifier did not answer ({describeError(error)}); this is the policy as of {formatAge(now - lastOkAt)}{' '}
      ago.
    </p>
  );
}

function LiveWhatIfResult(props: Omit<Parameters<typeof WhatIfResult>[0], 'now'>) {
  const now = useNow();
  return <WhatIfResult {...props} now={now} />;
}

function ValidationStatus({ draft, current }: { draft: string | null; current: Checked | null }) {
  if (draft === null) return null;
  if (current === null) {
    return (
      <span className="muted small" data-testid="policy-validation" data-state="checking">
        Checking…
      </span>
    );
  }
  if ('error' in current) {
    return (
      <span className="error small" data-testid="policy-validation" data-state="error">
        Not checked
      </span>
    );
  }
  const count = current.result.problems.length;
  return current.result.valid ? (
    <span className="ok small" data-testid="policy-validation" data-state="valid">
      Valid
    </span>
  ) : (
    <span className="bad small" data-testid="policy-validation" data-state="invalid">
      {count} {count === 1 ? 'problem' : 'problems'}
    </span>
  );
}
