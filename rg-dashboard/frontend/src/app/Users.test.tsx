import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { setCsrfToken } from '../api/client';
import { fakeServer } from '../test/fakeServer';
import { ADMIN_ME, renderApp } from '../test/renderApp';

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

const PENDING = {
  id: 7,
  email: 'new@example.com',
  state: 'pending',
  role: 'viewer',
  created_at: '2026-12-03T07:00:00Z',
  verified_at: '2026-12-03T07:01:00Z',
  approved_at: null,
  two_factor_enabled: false,
};

describe('users', () => {
  it('approves a pending account with the chosen role, sending the CSRF token', async () => {
    const { calls } = fakeServer({
      'GET /api/auth/me': { json: ADMIN_ME },
      'GET /api/auth/admin/users?state=pending&limit=50': { json: { users: [PENDING], next_before: null } },
      'POST /api/auth/admin/users/7/approve': (call) => ({
        json: { ...PENDING, state: 'active', role: JSON.parse(call.body ?? '{}').role },
      }),
    });
    renderApp('/users');

    await screen.findByTestId('user-row-7');
    fireEvent.change(screen.getByLabelText('Role for new@example.com'), { target: { value: 'operator' } });
    fireEvent.click(screen.getByTestId('approve-7'));

    // Approved accounts leave the pending list.
    await waitFor(() => expect(screen.queryByTestId('user-row-7')).toBeNull());
    const approve = calls.find((c) => c.path === '/api/auth/admin/users/7/approve');
    expect(approve?.headers['x-csrf-token']).toBe('csrf-admin');
    expect(JSON.parse(approve?.body ?? '')).toEqual({ role: 'operator' });
  });

  it('pages through the audit log, newest first', async () => {
    const entry = (id: number, event: string) => ({
      id,
      at: '2026-12-03T07:00:00Z',
      event,
      actor_id: 1,
      account_id: 7,
      email: 'new@example.com',
      client_ip: '127.0.0.1',
      detail: null,
    });
    const { calls } = fakeServer({
      'GET /api/auth/me': { json: ADMIN_ME },
      'GET /api/auth/admin/users?state=pending&limit=50': { json: { users: [], next_before: null } },
      'GET /api/auth/admin/audit?limit=50': { json: { entries: [entry(9, 'approved'), entry(8, 'verified')], next_before: 8 } },
      'GET /api/auth/admin/audit?limit=50&before=8': { json: { entries: [entry(7, 'registered')], next_before: null } },
    });
    renderApp('/users');

    fireEvent.click(await screen.findByTestId('users-tab-audit'));
    await waitFor(() => expect(screen.getAllByTestId('audit-row').map((r) => r.dataset.event)).toEqual(['approved', 'verified']));
    fireEvent.click(screen.getByTestId('audit-more'));
    await waitFor(() =>
      expect(screen.getAllByTestId('audit-row').map((r) => r.dataset.event)).toEqual(['approved', 'verified', 'registered']),
    );
    expect(screen.queryByTestId('audit-more')).toBeNull();
    expect(calls.some((c) => c.path.startsWith('/api/auth/admin/audit') && c.path.includes('before=8'))).toBe(true);
  });

  it('is refused to a non-admin', async () => {
    fakeServer({ 'GET /api/auth/me': { json: { ...ADMIN_ME, role: 'viewer' } } });
    renderApp('/users');
    await screen.findByTestId('admin-only');
    expect(screen.queryByRole('link', { name: 'Users' })).toBeNull();
  });
});
