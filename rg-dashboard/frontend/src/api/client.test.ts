import { afterEach, describe, expect, it } from 'vitest';
import { vi } from 'vitest';
import { fakeServer } from '../test/fakeServer';
import { ApiError, describeError, onUnauthorized, request, setCsrfToken } from './client';
import * as auth from './auth';

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected the request to fail');
}

describe('request error mapping', () => {
  it('keeps the code and message of an {"error","message"} body', async () => {
    fakeServer({
      'POST /api/auth/register': { status: 400, json: { error: 'password_too_short', message: 'at least 12 characters' } },
    });
    const error = await failure(auth.register('a@example.com', 'short'));
    expect(error.status).toBe(400);
    expect(error.code).toBe('password_too_short');
    expect(describeError(error)).toBe('at least 12 characters');
  });

  it('reads retry_after_seconds of a 429 and says when to try again', async () => {
    fakeServer({
      'POST /api/auth/login': {
        status: 429,
        json: { error: 'rate_limited', message: 'too many requests', retry_after_seconds: 42 },
      },
    });
    const error = await failure(auth.login({ email: 'a@example.com', password: 'x' }));
    expect(error.retryAfterSeconds).toBe(42);
    expect(describeError(error)).toBe('too many requests - try again in 42 s');
  });

  it('falls back to the Retry-After header when the body has no retry_after_seconds', async () => {
    fakeServer({ 'POST /api/auth/forgot': { status: 429, text: '', headers: { 'Retry-After': '7' } } });
    const error = await failure(auth.forgot('a@example.com'));
    expect(error.code).toBe('http_429');
    expect(describeError(error)).toBe('request failed: HTTP 429 - try again in 7 s');
  });

  it('marks a backend_unavailable answer as unavailable, naming the service', async () => {
    fakeServer({
      'GET /api/verifier/stats': { status: 502, json: { error: 'backend_unavailable', service: 'pool-verifier' } },
    });
    const error = await failure(request('/api/verifier/stats'));
    expect(error.unavailable).toBe(true);
    expect(error.service).toBe('pool-verifier');
    expect(error.message).toBe('pool-verifier is unavailable');
  });

  it('turns a failed fetch into a network_error', async () => {
    fakeServer({ 'GET /api/verifier/stats': 'network-error' });
    const error = await failure(request('/api/verifier/stats'));
    expect(error.status).toBe(0);
    expect(error.code).toBe('network_error');
    expect(error.unavailable).toBe(true);
  });

  it('does not show an HTML error page as the message', async () => {
    fakeServer({ 'GET /api/templates/templates?limit=1': { status: 500, text: '<html><body>oops</body></html>' } });
    const error = await failure(request('/api/templates/templates?limit=1'));
    expect(error.message).toBe('request failed: HTTP 500');
  });
});

describe('CSRF header', () => {
  it('is sent on writes with the token from login, and never on reads', async () => {
    const { calls } = fakeServer({
      'POST /api/auth/login': {
        json: { token: 't', csrf_token: 'csrf-123', expires_at: '2026-12-04T00:00:00Z', user: {} },
      },
      'GET /api/verifier/policy': { json: { loaded: true } },
      'POST /api/auth/admin/users/5/approve': { json: { id: 5 } },
    });
    await auth.login({ email: 'a@example.com', password: 'correct horse battery' });
    await request('/api/verifier/policy');
    await auth.approveUser(5, 'operator');

    const [loginCall, read, write] = calls;
    expect(loginCall?.headers['x-csrf-token']).toBeUndefined();
    expect(read?.headers['x-csrf-token']).toBeUndefined();
    expect(write?.headers['x-csrf-token']).toBe('csrf-123');
    expect(write?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(write?.body ?? '')).toEqual({ role: 'operator' });
  });

  it('takes the token from /me as well', async () => {
    const { calls } = fakeServer({
      'GET /api/auth/me': { json: { id: 1, email: 'a@example.com', role: 'admin', csrf_token: 'from-me' } },
      'POST /api/auth/logout': { json: { status: 'logged_out', sessions_revoked: 1 } },
    });
    await auth.me();
    await auth.logout(false);
    expect(calls[1]?.headers['x-csrf-token']).toBe('from-me');
  });
});

describe('401 redirect signal', () => {
  it('fires on not_authenticated, but not on a failed login', async () => {
    fakeServer({
      'GET /api/verifier/stats': { status: 401, json: { error: 'not_authenticated', message: 'log in first' } },
      'POST /api/auth/login': { status: 401, json: { error: 'invalid_credentials', message: 'invalid credentials' } },
    });
    let signals = 0;
    const unsubscribe = onUnauthorized(() => {
      signals += 1;
    });
    try {
      const loginError = await failure(auth.login({ email: 'a@example.com', password: 'wrong' }));
      expect(loginError.unauthenticated).toBe(false);
      expect(signals).toBe(0);

      const error = await failure(request('/api/verifier/stats'));
      expect(error.unauthenticated).toBe(true);
      expect(signals).toBe(1);
    } finally {
      unsubscribe();
    }
  });
});
