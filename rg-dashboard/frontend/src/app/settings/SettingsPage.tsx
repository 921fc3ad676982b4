import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { describeError } from '../../api/client';
import * as api from '../../api/settings';
import { useUser } from '../../auth/AuthContext';
import { formatDecimal, formatInt } from '../../ui/format';
import { ThemeToggle } from '../../ui/theme';
import { formatAge, useNow, usePoll } from '../../ui/usePoll';
import {
  DURATION_RULES,
  fieldOfProblem,
  formOf,
  rangeText,
  updateOf,
  validateForm,
  type FieldErrors,
  type FieldName,
  type SettingsForm,
} from './settingsRules';

export const GATEWAY_POLL_MS = 5000;

/** `gatewayPollMs` is only changed by tests. */
export function SettingsPage({ gatewayPollMs = GATEWAY_POLL_MS }: { gatewayPollMs?: number }) {
  return (
    <section data-testid="page-settings" className="settings-page">
      <h1>Settings</h1>
      <h2>Appearance</h2>
      <p>
        Theme: <ThemeToggle />
      </p>
      <h2>Template manager</h2>
      <TemplateManagerSettings />
      <h2>Gateway mode</h2>
      <GatewayMode pollMs={gatewayPollMs} />
    </section>
  );
}

type Load = { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; saved: api.TemplateSettings };

function TemplateManagerSettings() {
  const user = useUser();
  const mayEdit = user.role === 'operator' || user.role === 'admin';
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [form, setForm] = useState<SettingsForm | null>(null);
  // Client checks show once a field was changed or a save was tried; the server's problems until the next edit.
  const [touched, setTouched] = useState<Partial<Record<FieldName, boolean>>>({});
  const [triedSave, setTriedSave] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [savedAt, setSavedAt] = useState<number | null>(null);
  const [saving, setSaving] = useState(false);

  const reload = useCallback(async (signal?: AbortSignal) => {
    try {
      const saved = await api.templateSettings(signal);
      setLoad({ status: 'ready', saved });
      setForm(formOf(saved));
      setTouched({});
      setTriedSave(false);
      setServerErrors({});
      setFormError(null);
    } catch (error) {
      if (signal?.aborted) return;
      setLoad({ status: 'failed', message: describeError(error) });
    }
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    void reload(controller.signal);
    return () => controller.abort();
  }, [reload]);

  if (load.status === 'loading' || (load.status === 'ready' && form === null)) {
    return <p className="muted">Loading…</p>;
  }
  if (load.status === 'failed') {
    return (
      <div>
        <p className="error" role="alert" data-testid="settings-load-error">
          Could not read template-manager's settings: {load.message}
        </p>
        <button type="button" className="ghost" onClick={() => void reload()}>
          Try again
        </button>
      </div>
    );
  }
  if (form === null) return null;
  const saved = load.saved;
  const clientErrors = validateForm(form);
  const errorOf = (field: FieldName): string | null =>
    serverErrors[field] ?? ((touched[field] || triedSave) && clientErrors[field] !== undefined ? clientErrors[field] : null);
  const update = updateOf(saved, form);
  const dirty = Object.keys(update).length > 0;

  const change = <K extends keyof SettingsForm>(field: K, value: SettingsForm[K]) => {
    setForm({ ...form, [field]: value });
    if (field !== 'clear_credentials') setTouched((t) => ({ ...t, [field]: true }));
    setServerErrors((errors) => {
      const rest = { ...errors };
      delete rest[field as FieldName];
      return rest;
    });
    setSavedAt(null);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!mayEdit || saving) return;
    setTriedSave(true);
    setFormError(null);
    const problems = Object.values(clientErrors);
    if (problems.length > 0) {
      setFormError(`Not saved: ${problems.join('; ')}.`);
      return;
    }
    if (!dirty) {
      setFormError('Nothing to save: no setting was changed.');
      return;
    }
    setSaving(true);
    try {
      const answer = await api.saveTemplateSettings(update);
      setLoad({ status: 'ready', saved: answer });
      setForm(formOf(answer));
      setTouched({});
      setTriedSave(false);
      setServerErrors({});
      setSavedAt(Date.now());
    } catch (error) {
      const problems = api.settingsProblemsOf(error);
      const byField: FieldErrors = {};
      for (const problem of problems ?? []) {
        const field = fieldOfProblem(problem);
        if (field !== null) byField[field] = byField[field] === undefined ? problem : `${byField[field]}; ${problem}`;
      }
      setServerErrors(byField);
      setFormError(describeError(error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="settings-form" onSubmit={(e) => void submit(e)} noValidate data-testid="settings-form">
      {!mayEdit && (
        <p className="readonly-notice" role="status" data-testid="settings-readonly">
          You are signed in as a {user.role}: these are the current values; an operator or admin can change them.
        </p>
      )}
      <fieldset disabled={saving}>
        <legend>Node</legend>
        <SettingField name="rpc_url" label="Node RPC URL" error={errorOf('rpc_url')} hint="http:// or https://, without credentials.">
          <input
            id="setting-rpc_url"
            name="rpc_url"
            type="url"
            value={form.rpc_url}
            onChange={(e) => change('rpc_url', e.target.value)}
            readOnly={!mayEdit}
            autoComplete="off"
            spellCheck={false}
            {...invalidProps('rpc_url', errorOf('rpc_url'))}
          />
        </SettingField>
        {mayEdit ? (
          <>
            <SettingField
              name="rpc_user"
              label="Node user"
              error={errorOf('rpc_user')}
              hint={`${saved.rpc_user_set ? 'Set' : 'Not set'}. Write-only: leave empty to keep it.`}
            >
              <input
                id="setting-rpc_user"
                name="rpc_user"
                type="text"
                value={form.rpc_user}
                placeholder={saved.rpc_user_set ? '(unchanged)' : '(none)'}
                onChange={(e) => change('rpc_user', e.target.value)}
                disabled={form.clear_credentials}
                autoComplete="off"
                {...invalidProps('rpc_user', errorOf('rpc_user'))}
              />
            </SettingField>
            <SettingField
              name="rpc_pass"
              label="Node password"
              error={errorOf('rpc_pass')}
              hint={`${saved.rpc_pass_set ? 'Set' : 'Not set'}. Write-only: leave empty to keep it.`}
            >
              <input
                id="setting-rpc_pass"
                name="rpc_pass"
                type="password"
                value={form.rpc_pass}
                placeholder={saved.rpc_pass_set ? '(unchanged)' : '(none)'}
                onChange={(e) => change('rpc_pass', e.target.value)}
                disabled={form.clear_credentials}
                autoComplete="new-password"
                {...invalidProps('rpc_pass', errorOf('rpc_pass'))}
              />
            </SettingField>
          </>
        ) : (
          <dl className="facts" data-testid="settings-credentials">
            <div className="fact">
              <dt>Node user</dt>
              <dd>{saved.rpc_user_set ? 'set' : 'not set'}</dd>
            </div>
            <div className="fact">
              <dt>Node password</dt>
              <dd>{saved.rpc_pass_set ? 'set' : 'not set'}</dd>
            </div>
          </dl>
        )}
        {mayEdit && (saved.rpc_user_set || saved.rpc_pass_set) && (
          <label className="check">
            <input
              type="checkbox"
              name="clear_credentials"
              checked={form.clear_credentials}
              onChange={(e) => change('clear_credentials', e.target.checked)}
              data-testid="settings-clear-credentials"
            />{' '}
            Clear the node user and password
          </label>
        )}
      </fieldset>

      <fieldset disabled={saving}>
        <legend>Timing</legend>
        <label className="check">
          <input
            type="checkbox"
            name="longpoll"
            checked={form.longpoll}
            onChange={(e) => change('longpoll', e.target.checked)}
            disabled={!mayEdit}
            data-testid="setting-longpoll"
          />{' '}
          Long poll (hold a getblocktemplate long poll open on the template's longpollid)
        </label>
        <FieldErrorText name="longpoll" error={errorOf('longpoll')} />
        <div className="settings-grid">
          {DURATION_RULES.map((rule) => (
            <SettingField
              key={rule.name}
              name={rule.name}
              label={`${rule.label} (s)`}
              error={errorOf(rule.name)}
              hint={`${rule.hint} ${rangeText(rule)}.`}
            >
              <input
                id={`setting-${rule.name}`}
                name={rule.name}
                type="number"
                inputMode="decimal"
                min={rule.min}
                max={rule.max}
                step="any"
                value={form[rule.name]}
                onChange={(e) => change(rule.name, e.target.value)}
                readOnly={!mayEdit}
                {...invalidProps(rule.name, errorOf(rule.name))}
              />
            </SettingField>
          ))}
        </div>
      </fieldset>

      {mayEdit && (
        <div className="actions">
          <button type="submit" disabled={saving} data-testid="settings-save">
            {saving ? 'Saving…' : 'Save'}
          </button>
          <button
            type="button"
            className="ghost"
            disabled={saving || !dirty}
            onClick={() => {
              setForm(formOf(saved));
              setTouched({});
              setTriedSave(false);
              setServerErrors({});
              setFormError(null);
            }}
            data-testid="settings-reset"
          >
            Undo changes
          </button>
        </div>
      )}
      {formError !== null && (
        <p className="error" role="alert" data-testid="settings-error">
          {formError}
        </p>
      )}
      {savedAt !== null && (
        <p className="notice" role="status" data-testid="settings-saved">
          Saved: template-manager uses the new settings now.
        </p>
      )}

      <h3>Start-up values</h3>
      <p className="muted small">Set in template-manager's environment; a restart changes them.</p>
      <dl className="facts" data-testid="settings-read-only">
        {Object.entries(saved.read_only).map(([key, value]) => (
          <div className="fact" key={key} data-key={key}>
            <dt>
              <code>{key}</code>
            </dt>
            <dd>{readOnlyValue(value)}</dd>
          </div>
        ))}
      </dl>
    </form>
  );
}

function invalidProps(name: FieldName, error: string | null) {
  return {
    'aria-invalid': error !== null,
    'aria-describedby': `setting-${name}-hint${error !== null ? ` setting-${name}-error` : ''}`,
  };
}

function SettingField({
  name,
  label,
  hint,
  error,
  children,
}: {
  name: FieldName;
  label: string;
  hint: string;
  error: string | null;
  children: ReactNode;
}) {
  return (
    <div className={error !== null ? 'field invalid' : 'field'}>
      <label htmlFor={`setting-${name}`}>{label}</label>
      {children}
      <small id={`setting-${name}-hint`} className="hint">
        {hint}
      </small>
      <FieldErrorText name={name} error={error} />
    </div>
  );
}

function FieldErrorText({ name, error }: { name: FieldName; error: string | null }) {
  if (error === null) return null;
  return (
    <small id={`setting-${name}-error`} className="error" data-testid="settings-field-error" data-field={name}>
      {error}
    </small>
  );
}

function readOnlyValue(value: string | number | boolean | null): string {
  if (value === null) return 'not set';
  if (typeof value === 'number') return Number.isInteger(value) ? formatInt(value) : formatDecimal(value);
  return String(value);
}

function GatewayMode({ pollMs }: { pollMs: number }) {
  const now = useNow();
  const poll = usePoll(useCallback((signal: AbortSignal) => api.gatewayModeStats(signal), []), pollMs);
  if (poll.data === null) {
    return poll.up === false ? (
      <p className="error" role="alert" data-testid="gateway-unavailable">
        The gateway did not answer: {describeError(poll.error)}
      </p>
    ) : (
      <p className="muted">Loading…</p>
    );
  }
  const { mode, mode_settings: settings } = poll.data;
  const timers = settings ? Object.entries(settings).filter(([key]) => key !== 'mode') : [];
  return (
    <div className={poll.up === false ? 'gateway-mode stale' : 'gateway-mode'}>
      {poll.up === false && poll.lastOkAt !== null && (
        <p className="error small" data-testid="gateway-stale">
          The gateway did not answer; these values are {formatAge(now - poll.lastOkAt)} old.
        </p>
      )}
      <p>
        Mode:{' '}
        <strong className="mode" data-testid="gateway-mode" data-mode={mode}>
          {mode}
        </strong>{' '}
        <span className="muted">{MODE_TEXT[mode] ?? ''}</span>
      </p>
      <p className="muted small">The mode is set at the gateway's start (VELDRA_MODE); it cannot be changed here.</p>
      <div data-testid="gateway-timers">
        {settings === undefined || settings === null ? (
          <p className="muted">This gateway does not report its mode timers (its /api/stats has no mode_settings).</p>
        ) : timers.length === 0 ? (
          <p className="muted">The {mode} mode has no timers.</p>
        ) : (
          <>
            {mode !== 'inline' && (
              <p className="muted small" data-testid="gateway-timers-note">
                These are inline&apos;s timers: in {mode} mode nothing waits on them.
              </p>
            )}
            <dl className="facts">
              {timers.map(([key, value]) => (
                <div className="fact" key={key} data-key={key}>
                  <dt>{timerLabel(key)}</dt>
                  <dd>{timerValue(key, value)}</dd>
                </div>
              ))}
            </dl>
          </>
        )}
      </div>
    </div>
  );
}

const MODE_TEXT: Record<string, string> = {
  shadow: 'evaluates templates beside mining; miners always get every template.',
  observe: 'every template goes to miners; the verdicts only count what inline would have held.',
  inline: 'only accepted templates go to miners, within the stale hold and the prevhash window.',
};

const UNIT_SUFFIXES: readonly [string, string][] = [
  ['_secs', 's'],
  ['_seconds', 's'],
  ['_ms', 'ms'],
  ['_millis', 'ms'],
];

/** "stale_hold_secs" -> "Stale hold"; the unit goes with the value. */
export function timerLabel(key: string): string {
  const suffix = UNIT_SUFFIXES.find(([ending]) => key.endsWith(ending));
  const base = suffix ? key.slice(0, -suffix[0].length) : key;
  const words = base.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A timer with the unit its key names ("_secs" -> s, "_ms" -> ms); other values as they are. */
export function timerValue(key: string, value: unknown): string {
  const unit = UNIT_SUFFIXES.find(([ending]) => key.endsWith(ending))?.[1];
  if (typeof value === 'number') {
    const number = Number.isInteger(value) ? formatInt(value) : formatDecimal(value, 3);
    // sv2-gateway gives every timer in ms; 30,000 ms reads better with its seconds beside it.
    if (unit === 'ms' && Math.abs(value) >= 1000) return `${number} ms (${formatDecimal(value / 1000, 3)} s)`;
    return unit ? `${number} ${unit}` : number;
  }
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (value === null || value === undefined) return 'not set';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
