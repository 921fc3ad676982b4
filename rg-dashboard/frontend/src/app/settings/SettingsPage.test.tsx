import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { setCsrfToken } from '../../api/client';
import { fakeServer } from '../../test/fakeServer';
import { ADMIN_ME, renderApp } from '../../test/renderApp';
import { timerLabel, timerValue } from './SettingsPage';

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

const SETTINGS = {
  rpc_url: 'http://127.0.0.1:8091',
  rpc_user_set: false,
  rpc_pass_set: false,
  poll_interval_secs: 1.0,
  longpoll: true,
  longpoll_timeout_secs: 120.0,
  rpc_timeout_secs: 10.0,
  refresh_secs: 10.0,
  verdict_timeout_secs: 2.0,
  read_only: { verifier_addr: '127.0.0.1:9090', zmq_endpoint: null, protocol_version: 2, coinbase_sigops: 400, history: 64 },
};

const GATEWAY = {
  mode: 'inline',
  uptime_secs: 10,
  mode_settings: { mode: 'inline', stale_hold_ms: 30000, prevhash_window_ms: 50, prevhash_slots: 2 },
};

const OPERATOR_ME = { ...ADMIN_ME, role: 'operator', csrf_token: 'csrf-operator' };

const input = (name: string) => document.querySelector(`[data-testid="settings-form"] [name="${name}"]`) as HTMLInputElement;

describe('settings', { timeout: 20_000 }, () => {
  it("fills the form with template-manager's settings, start-up values read-only, and keeps the theme toggle", async () => {
    fakeServer({
      'GET /api/auth/me': { json: OPERATOR_ME },
      'GET /api/templates/settings': { json: SETTINGS },
      'GET /api/gateway/stats': { json: GATEWAY },
    });
    renderApp('/settings');

    await screen.findByTestId('settings-form');
    expect(input('rpc_url').value).toBe('http://127.0.0.1:8091');
    expect(input('poll_interval_secs').value).toBe('1');
    expect(input('longpoll').checked).toBe(true);
    expect(input('verdict_timeout_secs').value).toBe('2');
    expect(input('poll_interval_secs').min).toBe('0.05');
    expect(input('poll_interval_secs').max).toBe('3600');
    const readOnly = screen.getByTestId('settings-read-only');
    expect(readOnly.querySelector('[data-key="zmq_endpoint"] dd')?.textContent).toBe('not set');
    expect(readOnly.querySelector('[data-key="verifier_addr"] dd')?.textContent).toBe('127.0.0.1:9090');
    expect(within(screen.getByTestId('page-settings')).getByTestId('theme-toggle')).toBeTruthy();
    expect(screen.queryByTestId('settings-readonly')).toBeNull();
  });

  it('flags an out-of-range value at its field and sends nothing', async () => {
    const { calls } = fakeServer({
      'GET /api/auth/me': { json: OPERATOR_ME },
      'GET /api/templates/settings': { json: SETTINGS },
      'GET /api/gateway/stats': { json: GATEWAY },
    });
    renderApp('/settings');
    await screen.findByTestId('settings-form');

    fireEvent.change(input('poll_interval_secs'), { target: { value: '0.01' } });
    const error = screen.getByTestId('settings-field-error');
    expect(error.dataset.field).toBe('poll_interval_secs');
    expect(error.textContent).toBe('poll_interval_secs must be between 0.05 and 3,600 seconds');
    expect(input('poll_interval_secs').getAttribute('aria-invalid')).toBe('true');

    fireEvent.click(screen.getByTestId('settings-save'));
    expect(screen.getByTestId('settings-error').textContent).toContain('Not saved');
    expect(calls.some((c) => c.method === 'PUT')).toBe(false);
  });

  it('saves only the changed fields with the CSRF token and shows the answer', async () => {
    const { calls } = fakeServer({
      'GET /api/auth/me': { json: OPERATOR_ME },
      'GET /api/templates/settings': { json: SETTINGS },
      'GET /api/gateway/stats': { json: GATEWAY },
      'PUT /api/templates/settings': (call) => ({ json: { ...SETTINGS, ...JSON.parse(call.body ?? '{}') } }),
    });
    renderApp('/settings');
    await screen.findByTestId('settings-form');

    fireEvent.change(input('refresh_secs'), { target: { value: '30' } });
    fireEvent.click(input('longpoll'));
    fireEvent.click(screen.getByTestId('settings-save'));

    await screen.findByTestId('settings-saved');
    const put = calls.find((c) => c.method === 'PUT');
    expect(JSON.parse(put?.body ?? '')).toEqual({ longpoll: false, refresh_secs: 30 });
    expect(put?.headers['x-csrf-token']).toBe('csrf-operator');
    expect(input('refresh_secs').value).toBe('30');
    expect(input('longpoll').checked).toBe(false);
  });

  it("shows the server's 400 at the field it names", async () => {
    fakeServer({
      'GET /api/auth/me': { json: OPERATOR_ME },
      'GET /api/templates/settings': { json: SETTINGS },
      'GET /api/gateway/stats': { json: GATEWAY },
      'PUT /api/templates/settings': {
        status: 400,
        json: {
          error: 'invalid_settings',
          message: 'settings unchanged: rpc_url must name a host',
          problems: ['rpc_url must name a host'],
        },
      },
    });
    renderApp('/settings');
    await screen.findByTestId('settings-form');

    // A URL the browser's parser takes but template-manager's does not: only the server can say.
    fireEvent.change(input('rpc_url'), { target: { value: 'http://node_1:8332' } });
    fireEvent.click(screen.getByTestId('settings-save'));

    expect((await screen.findByTestId('settings-error')).textContent).toBe('settings unchanged: rpc_url must name a host');
    const fieldError = screen.getByTestId('settings-field-error');
    expect(fieldError.dataset.field).toBe('rpc_url');
    expect(fieldError.textContent).toBe('rpc_url must name a host');

    // Editing the field clears the server's complaint about it.
    fireEvent.change(input('rpc_url'), { target: { value: 'http://node1:8332' } });
    expect(screen.queryByTestId('settings-field-error')).toBeNull();
  });

  it('shows a viewer the values read-only without a save button', async () => {
    fakeServer({
      'GET /api/auth/me': { json: { ...ADMIN_ME, role: 'viewer' } },
      'GET /api/templates/settings': { json: { ...SETTINGS, rpc_user_set: true } },
      'GET /api/gateway/stats': { json: GATEWAY },
    });
    renderApp('/settings');
    await screen.findByTestId('settings-form');

    expect(screen.getByTestId('settings-readonly')).toBeTruthy();
    expect(screen.queryByTestId('settings-save')).toBeNull();
    expect(input('rpc_url').readOnly).toBe(true);
    expect(input('refresh_secs').readOnly).toBe(true);
    expect(input('longpoll').disabled).toBe(true);
    expect(input('rpc_pass')).toBeNull();
    expect(screen.getByTestId('settings-credentials').textContent).toContain('Node userset');
  });

  it("shows the gateway's mode and its timers with units", async () => {
    fakeServer({
      'GET /api/auth/me': { json: OPERATOR_ME },
      'GET /api/templates/settings': { json: SETTINGS },
      'GET /api/gateway/stats': { json: GATEWAY },
    });
    renderApp('/settings');

    const mode = await screen.findByTestId('gateway-mode');
    expect(mode.textContent).toBe('inline');
    const timers = screen.getByTestId('gateway-timers');
    expect([...timers.querySelectorAll('.fact')].map((f) => f.textContent)).toEqual([
      'Stale hold30,000 ms (30 s)',
      'Prevhash window50 ms',
      'Prevhash slots2',
    ]);
  });

  it("notes that outside inline mode nothing waits on inline's timers", async () => {
    fakeServer({
      'GET /api/auth/me': { json: OPERATOR_ME },
      'GET /api/templates/settings': { json: SETTINGS },
      'GET /api/gateway/stats': {
        json: { mode: 'observe', mode_settings: { mode: 'observe', stale_hold_ms: 30000, prevhash_window_ms: 50, prevhash_slots: 2 } },
      },
    });
    renderApp('/settings');

    expect((await screen.findByTestId('gateway-mode')).dataset.mode).toBe('observe');
    expect(screen.getByTestId('gateway-timers-note').textContent).toContain('in observe mode nothing waits on them');
    expect(screen.getByTestId('gateway-timers').querySelectorAll('.fact')).toHaveLength(3);
  });

  it('says when the gateway reports no timers, and when template-manager is down', async () => {
    fakeServer({
      'GET /api/auth/me': { json: OPERATOR_ME },
      'GET /api/templates/settings': {
        status: 502,
        json: { error: 'backend_unavailable', message: 'template-manager is not reachable; is it running?' },
      },
      'GET /api/gateway/stats': { json: { mode: 'observe' } },
    });
    renderApp('/settings');

    expect((await screen.findByTestId('settings-load-error')).textContent).toContain('template-manager is not reachable');
    await waitFor(() => expect(screen.getByTestId('gateway-mode').textContent).toBe('observe'));
    expect(within(screen.getByTestId('gateway-timers')).getByText(/does not report its mode timers/)).toBeTruthy();
  });
});

describe('timer labels', () => {
  it('reads the unit from the key suffix', () => {
    expect([timerLabel('stale_hold_secs'), timerValue('stale_hold_secs', 30)]).toEqual(['Stale hold', '30 s']);
    expect([timerLabel('prevhash_window_ms'), timerValue('prevhash_window_ms', 50)]).toEqual([
      'Prevhash window',
      '50 ms',
    ]);
    expect(timerValue('verdict_timeout_secs', 0.25)).toBe('0.25 s');
    expect(timerValue('stale_hold_ms', 1500)).toBe('1,500 ms (1.5 s)');
    expect(timerValue('enforcing', true)).toBe('yes');
  });
});
