import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Link, Navigate, useLocation, useNavigate, useSearchParams } from 'react-router';
import * as auth from '../api/auth';
import { ApiError, describeError } from '../api/client';
import { Field, FormError, Notice, PASSWORD_HINT, passwordProblem, useSubmit } from '../ui/forms';
import { ThemeToggle } from '../ui/theme';
import { useAuth } from './AuthContext';

function AuthLayout({ title, children, testId }: { title: string; children: ReactNode; testId: string }) {
  return (
    <main className="auth-page" data-testid={testId}>
      <div className="auth-card">
        <div className="auth-brand">
          <span className="brand">ReserveGrid OS</span>
          <ThemeToggle />
        </div>
        <h1>{title}</h1>
        {children}
      </div>
    </main>
  );
}

/** Where to go after login: the page that sent the user here, if it is one of ours. */
function nextPath(location: ReturnType<typeof useLocation>): string {
  const from = (location.state as { from?: string } | null)?.from;
  return from && from.startsWith('/') && !from.startsWith('//') ? from : '/';
}

export function LoginPage() {
  const { session, login } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [needsSecondFactor, setNeedsSecondFactor] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const { busy, error, setError, run } = useSubmit();

  if (session.status === 'authenticated') {
    return <Navigate to={nextPath(location)} replace />;
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setRefusal(null);
    await run(async () => {
      const code = totp.trim();
      const credentials: auth.Credentials = { email, password };
      if (needsSecondFactor && code !== '') {
        if (/^\d{6}$/.test(code)) credentials.totp = code;
        else credentials.recovery_code = code;
      }
      try {
        await login(credentials);
      } catch (e) {
        if (e instanceof ApiError && e.code === 'two_factor_required') setNeedsSecondFactor(true);
        if (e instanceof ApiError && e.status === 403) setRefusal(e.code);
        throw e;
      }
      navigate(nextPath(location), { replace: true });
    });
  };

  return (
    <AuthLayout title="Log in" testId="login-page">
      <form onSubmit={submit} aria-label="Log in" data-testid="login-form" noValidate>
        <Field label="Email" name="email" type="email" value={email} onChange={setEmail} autoComplete="username" autoFocus />
        <Field
          label="Password"
          name="password"
          type="password"
          value={password}
          onChange={setPassword}
          autoComplete="current-password"
        />
        {needsSecondFactor && (
          <Field
            label="Two-factor code (6 digits) or a recovery code"
            name="totp"
            value={totp}
            onChange={setTotp}
            autoComplete="one-time-code"
          />
        )}
        <FormError message={error} />
        {refusal === 'email_unverified' && <ResendVerification email={email} onError={setError} />}
        <button type="submit" disabled={busy} data-testid="login-submit">
          {busy ? 'Logging in…' : 'Log in'}
        </button>
      </form>
      <nav className="auth-links">
        <Link to="/register">Create an account</Link>
        <Link to="/forgot">Forgot password?</Link>
      </nav>
    </AuthLayout>
  );
}

function ResendVerification({ email, onError }: { email: string; onError: (message: string | null) => void }) {
  const [sent, setSent] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const resend = async () => {
    setBusy(true);
    try {
      setSent((await auth.resend(email)).message);
    } catch (e) {
      onError(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  if (sent !== null) return <Notice testId="resend-notice">{sent}</Notice>;
  return (
    <button type="button" className="ghost" disabled={busy} onClick={() => void resend()} data-testid="resend-verification">
      Send the verification email again
    </button>
  );
}

export function RegisterPage() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const { busy, error, setError, run } = useSubmit();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problem = passwordProblem(password, confirm);
    if (problem !== null) {
      setError(problem);
      return;
    }
    await run(async () => {
      const result = await auth.register(email, password);
      setDone(result.message);
    });
  };

  return (
    <AuthLayout title="Create an account" testId="register-page">
      {done !== null ? (
        <>
          <Notice testId="register-done">{done}</Notice>
          <p>Open the link in the email to verify the address. An administrator then approves the account.</p>
          <Link to="/login">Back to log in</Link>
        </>
      ) : (
        <>
          <form onSubmit={submit} aria-label="Create an account" data-testid="register-form" noValidate>
            <Field label="Email" name="email" type="email" value={email} onChange={setEmail} autoComplete="email" autoFocus />
            <Field
              label="Password"
              name="password"
              type="password"
              value={password}
              onChange={setPassword}
              autoComplete="new-password"
              hint={PASSWORD_HINT}
            />
            <Field
              label="Repeat the password"
              name="confirm"
              type="password"
              value={confirm}
              onChange={setConfirm}
              autoComplete="new-password"
            />
            <FormError message={error} />
            <button type="submit" disabled={busy} data-testid="register-submit">
              {busy ? 'Creating…' : 'Create account'}
            </button>
          </form>
          <nav className="auth-links">
            <Link to="/login">Already registered? Log in</Link>
          </nav>
        </>
      )}
    </AuthLayout>
  );
}

type VerifyOutcome =
  | { kind: 'working' }
  | { kind: 'verified'; state: auth.AccountState; message: string }
  | { kind: 'failed'; message: string };

export function VerifyPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [outcome, setOutcome] = useState<VerifyOutcome>({ kind: 'working' });
  // A token is single-use: post it once even when React runs effects twice (StrictMode in development).
  const posted = useRef<string | null>(null);

  useEffect(() => {
    if (token === '') {
      setOutcome({ kind: 'failed', message: 'The link has no token. Open the link from the email again.' });
      return;
    }
    if (posted.current === token) return;
    posted.current = token;
    auth
      .verify(token)
      .then((result) => setOutcome({ kind: 'verified', state: result.state, message: result.message }))
      .catch((e: unknown) => setOutcome({ kind: 'failed', message: describeError(e) }));
  }, [token]);

  return (
    <AuthLayout title="Verify your email" testId="verify-page">
      {outcome.kind === 'working' && <p data-testid="verify-working">Verifying…</p>}
      {outcome.kind === 'verified' && outcome.state === 'active' && (
        <>
          <Notice testId="verify-active">Email verified. Your account is active: you can log in.</Notice>
          <Link to="/login" data-testid="verify-login-link">
            Log in
          </Link>
        </>
      )}
      {outcome.kind === 'verified' && outcome.state !== 'active' && (
        <Notice testId="verify-pending">
          Email verified. The account now waits for an administrator to approve it; you will be able to log in
          after that.
        </Notice>
      )}
      {outcome.kind === 'failed' && (
        <>
          <FormError message={outcome.message} testId="verify-error" />
          <p>Links are valid once and for a limited time. Ask for a new one:</p>
          <ResendForm />
        </>
      )}
    </AuthLayout>
  );
}

function ResendForm() {
  const [email, setEmail] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const { busy, error, run } = useSubmit();
  if (done !== null) return <Notice testId="resend-notice">{done}</Notice>;
  return (
    <form
      aria-label="Send the verification email again"
      data-testid="resend-form"
      onSubmit={(event) => {
        event.preventDefault();
        void run(async () => setDone((await auth.resend(email)).message));
      }}
    >
      <Field label="Email" name="resend-email" type="email" value={email} onChange={setEmail} autoComplete="email" />
      <FormError message={error} testId="resend-error" />
      <button type="submit" disabled={busy} data-testid="resend-submit">
        Send again
      </button>
    </form>
  );
}

export function ForgotPage() {
  const [email, setEmail] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const { busy, error, run } = useSubmit();
  return (
    <AuthLayout title="Forgot password" testId="forgot-page">
      {done !== null ? (
        <>
          <Notice testId="forgot-done">{done}</Notice>
          <p>If the address has an account, an email with a reset link (valid for one hour) is on its way.</p>
        </>
      ) : (
        <form
          aria-label="Forgot password"
          data-testid="forgot-form"
          onSubmit={(event) => {
            event.preventDefault();
            void run(async () => setDone((await auth.forgot(email)).message));
          }}
        >
          <Field label="Email" name="email" type="email" value={email} onChange={setEmail} autoComplete="email" autoFocus />
          <FormError message={error} />
          <button type="submit" disabled={busy} data-testid="forgot-submit">
            {busy ? 'Sending…' : 'Send reset link'}
          </button>
        </form>
      )}
      <nav className="auth-links">
        <Link to="/login">Back to log in</Link>
      </nav>
    </AuthLayout>
  );
}

export function ResetPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [done, setDone] = useState(false);
  const { busy, error, setError, run } = useSubmit();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problem = passwordProblem(password, confirm);
    if (problem !== null) {
      setError(problem);
      return;
    }
    await run(async () => {
      await auth.reset(token, password);
      setDone(true);
    });
  };

  return (
    <AuthLayout title="Choose a new password" testId="reset-page">
      {token === '' ? (
        <FormError message="The link has no token. Open the link from the email again, or ask for a new one." />
      ) : done ? (
        <>
          <Notice testId="reset-done">Password changed. Every session of the account was logged out.</Notice>
          <Link to="/login" data-testid="reset-login-link">
            Log in
          </Link>
        </>
      ) : (
        <form onSubmit={submit} aria-label="Choose a new password" data-testid="reset-form" noValidate>
          <Field
            label="New password"
            name="password"
            type="password"
            value={password}
            onChange={setPassword}
            autoComplete="new-password"
            hint={PASSWORD_HINT}
            autoFocus
          />
          <Field
            label="Repeat the new password"
            name="confirm"
            type="password"
            value={confirm}
            onChange={setConfirm}
            autoComplete="new-password"
          />
          <FormError message={error} />
          <button type="submit" disabled={busy} data-testid="reset-submit">
            {busy ? 'Saving…' : 'Set password'}
          </button>
        </form>
      )}
      <nav className="auth-links">
        <Link to="/forgot">Ask for a new link</Link>
        <Link to="/login">Log in</Link>
      </nav>
    </AuthLayout>
  );
}
