import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import * as auth from '../api/auth';
import { describeError } from '../api/client';
import { useAuth, useUser } from '../auth/AuthContext';
import { Field, FormError, Notice, PASSWORD_HINT, passwordProblem, useSubmit } from '../ui/forms';

export function AccountPage() {
  const user = useUser();
  const { logout } = useAuth();
  const navigate = useNavigate();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [changed, setChanged] = useState(false);
  const change = useSubmit();
  const [leaving, setLeaving] = useState(false);
  const [logoutError, setLogoutError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setChanged(false);
    const problem = passwordProblem(next, confirm);
    if (problem !== null) {
      change.setError(problem);
      return;
    }
    const ok = await change.run(() => auth.changePassword(current, next).then(() => undefined));
    if (ok) {
      setCurrent('');
      setNext('');
      setConfirm('');
      setChanged(true);
    }
  };

  const leave = async (everywhere: boolean) => {
    setLeaving(true);
    setLogoutError(null);
    try {
      await logout(everywhere);
      navigate('/login', { replace: true });
    } catch (e) {
      setLogoutError(describeError(e));
      setLeaving(false);
    }
  };

  return (
    <section data-testid="page-account" className="narrow">
      <h1>Account</h1>
      <dl className="facts">
        <dt>Email</dt>
        <dd>{user.email}</dd>
        <dt>Role</dt>
        <dd>{user.role}</dd>
        <dt>Session expires</dt>
        <dd>{new Date(user.session_expires_at).toLocaleString()}</dd>
        <dt>Two-factor login</dt>
        <dd>{user.two_factor_enabled ? 'on' : 'off'}</dd>
      </dl>

      <h2>Change password</h2>
      <form onSubmit={submit} aria-label="Change password" data-testid="password-form" noValidate>
        <Field
          label="Current password"
          name="current"
          type="password"
          value={current}
          onChange={setCurrent}
          autoComplete="current-password"
        />
        <Field
          label="New password"
          name="new"
          type="password"
          value={next}
          onChange={setNext}
          autoComplete="new-password"
          hint={PASSWORD_HINT}
        />
        <Field
          label="Repeat the new password"
          name="confirm"
          type="password"
          value={confirm}
          onChange={setConfirm}
          autoComplete="new-password"
        />
        <FormError message={change.error} testId="password-error" />
        {changed && <Notice testId="password-changed">Password changed.</Notice>}
        <button type="submit" disabled={change.busy} data-testid="password-submit">
          {change.busy ? 'Saving…' : 'Change password'}
        </button>
      </form>

      <h2>Sessions</h2>
      <FormError message={logoutError} testId="logout-error" />
      <div className="actions">
        <button type="button" disabled={leaving} onClick={() => void leave(false)} data-testid="logout">
          Log out
        </button>
        <button type="button" className="danger" disabled={leaving} onClick={() => void leave(true)} data-testid="logout-all">
          Log out everywhere
        </button>
      </div>
    </section>
  );
}
