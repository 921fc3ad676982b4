import { describe, expect, it } from 'vitest';
import type { TemplateSettings } from '../../api/settings';
import { fieldOfProblem, formOf, updateOf, urlProblem, validateForm } from './settingsRules';

const SAVED: TemplateSettings = {
  rpc_url: 'http://127.0.0.1:8332',
  rpc_user_set: true,
  rpc_pass_set: true,
  poll_interval_secs: 1,
  longpoll: true,
  longpoll_timeout_secs: 120,
  rpc_timeout_secs: 10,
  refresh_secs: 10,
  verdict_timeout_secs: 2,
  read_only: { verifier_addr: '127.0.0.1:9090', zmq_endpoint: null, protocol_version: 2 },
};

describe('validateForm', () => {
  it('accepts the values the server sent', () => {
    expect(validateForm(formOf(SAVED))).toEqual({});
  });

  it.each([
    ['poll_interval_secs', '0.05', '0.049', '3600', '3600.5'],
    ['longpoll_timeout_secs', '1', '0.99', '3600', '3601'],
    ['rpc_timeout_secs', '0.1', '0.09', '600', '600.01'],
    ['refresh_secs', '1', '0.5', '3600', '7200'],
    ['verdict_timeout_secs', '0.01', '0.001', '600', '601'],
  ] as const)('holds %s to the server range, bounds included', (field, low, belowLow, high, aboveHigh) => {
    const check = (value: string) => validateForm({ ...formOf(SAVED), [field]: value })[field];
    expect(check(low)).toBeUndefined();
    expect(check(high)).toBeUndefined();
    expect(check(belowLow)).toMatch(new RegExp(`^${field} must be between `));
    expect(check(aboveHigh)).toMatch(new RegExp(`^${field} must be between `));
  });

  it('refuses text that is not a whole number, as the server refuses a non-number', () => {
    for (const text of ['', ' ', '12abc', '1,5', 'NaN', 'Infinity', '0x10']) {
      expect(validateForm({ ...formOf(SAVED), refresh_secs: text }).refresh_secs).toBe(
        'refresh_secs must be a number of seconds',
      );
    }
    expect(validateForm({ ...formOf(SAVED), refresh_secs: ' 2.5 ' }).refresh_secs).toBeUndefined();
    expect(validateForm({ ...formOf(SAVED), refresh_secs: '1e1' }).refresh_secs).toBeUndefined();
  });
});

describe('urlProblem', () => {
  it('follows parseNodeUrl: http(s), a host, no credentials, no query or fragment', () => {
    expect(urlProblem('http://127.0.0.1:8332')).toBeNull();
    expect(urlProblem(' https://node.example:8332/wallet/pool ')).toBeNull();
    expect(urlProblem('')).toBe('rpc_url is required');
    expect(urlProblem('ftp://node:21')).toBe('rpc_url must start with http:// or https://');
    expect(urlProblem('127.0.0.1:8332')).toBe('rpc_url must start with http:// or https://');
    expect(urlProblem('http://')).toBe('rpc_url is not a valid URL');
    expect(urlProblem('http://user:pass@node:8332')).toMatch(/^rpc_url must not contain credentials/);
    expect(urlProblem('http://node:8332/?wallet=x')).toBe('rpc_url must not have a query or fragment');
    expect(urlProblem('http://node:8332/#top')).toBe('rpc_url must not have a query or fragment');
  });
});

describe('updateOf', () => {
  it('sends only what changed, as numbers', () => {
    const form = { ...formOf(SAVED), refresh_secs: '30', longpoll: false };
    expect(updateOf(SAVED, form)).toEqual({ refresh_secs: 30, longpoll: false });
    expect(updateOf(SAVED, formOf(SAVED))).toEqual({});
  });

  it('sets credentials only when typed, and clears both on request', () => {
    expect(updateOf(SAVED, { ...formOf(SAVED), rpc_pass: 'secret' })).toEqual({ rpc_pass: 'secret' });
    expect(updateOf(SAVED, { ...formOf(SAVED), rpc_user: 'u', clear_credentials: true })).toEqual({
      rpc_user: null,
      rpc_pass: null,
    });
  });
});

describe('fieldOfProblem', () => {
  it('maps a server problem to the field it names, and others to none', () => {
    expect(fieldOfProblem('poll_interval_secs must be between 0.05 and 3600.0 seconds')).toBe('poll_interval_secs');
    expect(fieldOfProblem('rpc_url must start with http:// or https://')).toBe('rpc_url');
    expect(fieldOfProblem("unknown setting 'foo'")).toBeNull();
    expect(fieldOfProblem('the body must be a JSON object')).toBeNull();
  });
});
