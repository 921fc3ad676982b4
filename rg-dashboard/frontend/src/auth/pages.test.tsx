import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { setCsrfToken } from '../api/client';
import { fakeServer } from '../test/fakeServer';
import { ADMIN_ME, renderApp } from '../test/renderApp';

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

const NOT_AUTHENTICATED = { status: 401, json: { error: 'not_authenticated', message: 'log in first' } };

function fillLogin(email: string, password: string) {
  fireEvent.change(screen.getByLabelText('Email'), { target: { value: email } });
  fireEvent.change(screen.getByLabelText('Password'), { target: { value: password } });
  fireEvent.click(screen.getByTestId('login-submit'));
}

describe('login', () => {
  it('sends an anonymous visitor of the app to /login, and into the app after logging in', async () => {
    let loggedIn = false;
    const { calls } = fakeServer({
      'GET /api/auth/me': () => (loggedIn ? { json: ADMIN_ME } : NOT_AUTHENTICATED),
      'POST /api/auth/login': () => {
        loggedIn = true;
        return { json: { token: 't', csrf_token: 'csrf-admin', expires_at: ADMIN_ME.session_expires_at, user: ADMIN_ME } };
      },
    });
    renderApp('/account');

    await screen.findByTestId('login-page');
    fillLogin('admin@example.com', 'correct horse battery staple');

    // Back on the page the visitor first asked for, with the user in the top bar.
    await screen.findByTestId('page-account');
    expect(screen.getByTestId('user-email').textContent).toBe('admin@example.com');
    expect(screen.getByTestId('user-role').textContent).toBe('admin');
    expect(screen.getByRole('link', { name: 'Users' })).toBeTruthy();
    const login = calls.find((c) => c.path === '/api/auth/login');
    expect(JSON.parse(login?.body ?? '')).toEqual({ email: 'admin@example.com', password: 'correct horse battery staple' });
  });

  it('disables the button while submitting and shows the API message of a refusal', async () => {
    let answer: (value: { status: number; json: unknown }) => void = () => {};
    fakeServer({
      'GET /api/auth/me': NOT_AUTHENTICATED,
      'POST /api/auth/login': () => new Promise((resolve) => (answer = resolve)),
    });
    renderApp('/login');
    await screen.findByTestId('login-page');
    fillLogin('someone@example.com', 'wrong password!!');

    const button = screen.getByTestId('login-submit') as HTMLButtonElement;
    await waitFor(() => expect(button.disabled).toBe(true));
    answer({ status: 401, json: { error: 'invalid_credentials', message: 'invalid credentials' } });

    expect((await screen.findByTestId('form-error')).textContent).toBe('invalid credentials');
    expect(button.disabled).toBe(false);
  });

  it('says when to try again after too many attempts', async () => {
    fakeServer({
      'GET /api/auth/me': NOT_AUTHENTICATED,
      'POST /api/auth/login': {
        status: 429,
        json: { error: 'too_many_failed_logins', message: 'too many failed logins', retry_after_seconds: 30 },
      },
    });
    renderApp('/login');
    await screen.findByTestId('login-page');
    fillLogin('someone@example.com', 'wrong password!!');
    expect((await screen.findByTestId('form-error')).textContent).toBe('too many failed logins - try again in 30 s');
  });

  it('offers to resend the verification email when the address is unverified', async () => {
    const { calls } = fakeServer({
      'GET /api/auth/me': NOT_AUTHENTICATED,
      'POST /api/auth/login': { status: 403, json: { error: 'email_unverified', message: 'verify the email address first' } },
      'POST /api/auth/resend': { status: 202, json: { status: 'accepted', message: 'if the address is registered, an email is on its way' } },
    });
    renderApp('/login');
    await screen.findByTestId('login-page');
    fillLogin('new@example.com', 'correct horse battery staple');
    fireEvent.click(await screen.findByTestId('resend-verification'));
    await screen.findByTestId('resend-notice');
    expect(JSON.parse(calls.find((c) => c.path === '/api/auth/resend')?.body ?? '')).toEqual({ email: 'new@example.com' });
  });
});

describe('verify', () => {
  it('posts the token of the link once and says the account waits for approval', async () => {
    const { calls } = fakeServer({
      'GET /api/auth/me': NOT_AUTHENTICATED,
      'POST /api/auth/verify': { json: { state: 'pending', message: 'email verified; an administrator will approve the account' } },
    });
    renderApp('/verify?token=abc123');
    await screen.findByTestId('verify-pending');
    const posts = calls.filter((c) => c.path === '/api/auth/verify');
    expect(posts).toHaveLength(1);
    expect(JSON.parse(posts[0]?.body ?? '')).toEqual({ token: 'abc123' });
  });

  it('shows the API message for a used link and offers a new one', async () => {
    fakeServer({
      'GET /api/auth/me': NOT_AUTHENTICATED,
      'POST /api/auth/verify': { status: 400, json: { error: 'invalid_token', message: 'the link is invalid or expired' } },
    });
    renderApp('/verify?token=used');
    expect((await screen.findByTestId('verify-error')).textContent).toBe('the link is invalid or expired');
    expect(screen.getByTestId('resend-form')).toBeTruthy();
  });
});

describe('register and reset', () => {
  it('checks the password length before asking the server', async () => {
    const { calls } = fakeServer({ 'GET /api/auth/me': NOT_AUTHENTICATED });
    renderApp('/register');
    await screen.findByTestId('register-page');
    fireEvent.change(screen.getByLabelText('Email'), { target: { value: 'a@example.com' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'short' } });
    fireEvent.change(screen.getByLabelText('Repeat the password'), { target: { value: 'short' } });
    fireEvent.click(screen.getByTestId('register-submit'));
    expect((await screen.findByTestId('form-error')).textContent).toBe('The password must be at least 12 characters.');
    expect(calls.some((c) => c.path === '/api/auth/register')).toBe(false);
  });

  it('resets the password with the token of the link', async () => {
    const { calls } = fakeServer({
      'GET /api/auth/me': NOT_AUTHENTICATED,
      'POST /api/auth/reset': { json: { status: 'password_reset' } },
    });
    renderApp('/reset?token=tok-1');
    await screen.findByTestId('reset-page');
    fireEvent.change(screen.getByLabelText('New password'), { target: { value: 'a much longer password' } });
    fireEvent.change(screen.getByLabelText('Repeat the new password'), { target: { value: 'a much longer password' } });
    fireEvent.click(screen.getByTestId('reset-submit'));
    await screen.findByTestId('reset-done');
    expect(JSON.parse(calls.find((c) => c.path === '/api/auth/reset')?.body ?? '')).toEqual({
      token: 'tok-1',
      password: 'a much longer password',
    });
  });
});
