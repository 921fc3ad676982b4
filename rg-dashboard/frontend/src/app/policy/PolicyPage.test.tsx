import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { setCsrfToken } from '../../api/client';
import type { PolicyCheck, WhatIfReport } from '../../api/policy';
import { fakeServer, type Call } from '../../test/fakeServer';
import { AuthProvider } from '../../auth/AuthContext';
import { ADMIN_ME, renderApp } from '../../test/renderApp';
import { RequireSession } from '../Shell';
import { PolicyPage } from './PolicyPage';

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

const CANONICAL = [
  '[policy]',
  'protocol_version = 2',
  'required_prevhash_len = 64',
  'min_avg_fee_lo = 1',
  'min_avg_fee_mid = 2000',
  'min_avg_fee_hi = 5000',
  'max_tx_count = 10000',
  'max_weight_ratio = 0.999',
  '',
].join('\n');

const ACTIVE = {
  loaded: true,
  version: 7,
  sha256: 'a'.repeat(64),
  toml: CANONICAL,
  source: '/etc/reservegrid/policy.toml',
  problems: [],
};

const STRICT = CANONICAL.replace('max_tx_count = 10000', 'max_tx_count = 10');
const OPERATOR_ME = { ...ADMIN_ME, role: 'operator', csrf_token: 'csrf-operator' };
const VIEWER_ME = { ...ADMIN_ME, role: 'viewer', csrf_token: 'csrf-viewer' };

function validated(call: Call) {
  const body = call.body ?? '';
  if (body.includes('max_tx_count = "many"')) {
    const line = body.split('\n').findIndex((l) => l.startsWith('max_tx_count')) + 1;
    return {
      json: {
        valid: false,
        sha256: null,
        toml: null,
        problems: [{ key: 'max_tx_count', line, message: 'must be an integer, got a string' }],
      },
    };
  }
  return { json: { valid: true, sha256: 'b'.repeat(64), toml: body, problems: [] } };
}

const TX_CHECK: PolicyCheck = {
  check: 'max_tx_count',
  label: 'Transactions',
  measured: 4108,
  threshold: 10,
  comparison: '<=',
  passed: false,
  reason_code: 'too_many_transactions',
};

const REPORT: WhatIfReport = {
  draft_sha256: 'b'.repeat(64),
  active_version: 7,
  active_sha256: 'a'.repeat(64),
  kept: 500,
  evaluated: 100,
  accepted_before: 97,
  accepted_after: 12,
  flips_count: 85,
  flips: [
    {
      verdict_id: 4242,
      height: 900_002,
      judged_at: '2026-12-03T07:00:00Z',
      before: { accepted: true, reason_code: null, reasons: [] },
      after: {
        accepted: false,
        reason_code: 'too_many_transactions',
        reasons: ['too_many_transactions'],
        checks: [
          {
            check: 'min_avg_fee_hi',
            label: 'Average fee (high tier)',
            measured: 6100,
            threshold: 5000,
            comparison: '>=',
            passed: true,
            reason_code: 'low_avg_fee',
          },
          TX_CHECK,
        ],
      },
    },
    {
      verdict_id: null,
      height: 900_001,
      judged_at: '2026-12-03T06:59:00Z',
      before: { accepted: true, reason_code: null, reasons: [] },
      after: { accepted: false, reason_code: 'too_many_transactions', reasons: ['too_many_transactions'], checks: [TX_CHECK] },
    },
  ],
};

const editor = () => screen.getByTestId('policy-editor') as HTMLTextAreaElement;

// Whole-app renders with a debounced validation in between: slower than a unit test on a busy machine.
describe('policy editor', { timeout: 20_000 }, () => {
  it('shows the active policy with its version, one gutter row per line', async () => {
    fakeServer({ 'GET /api/auth/me': { json: OPERATOR_ME }, 'GET /api/verifier/policy': { json: ACTIVE } });
    renderApp('/policy');

    expect((await screen.findByTestId('policy-version')).textContent).toBe('v7');
    expect(editor().value).toBe(CANONICAL);
    expect(editor().readOnly).toBe(false);
    expect(document.querySelectorAll('.gutter-line')).toHaveLength(CANONICAL.split('\n').length);
    expect(screen.getByTestId('policy-diff-empty').textContent).toContain('v7');
    expect(screen.getByTestId('policy-validation').dataset.state).toBe('valid');
  });

  it('validates the draft as it is typed and shows each problem at its line; choosing one moves the caret there', async () => {
    const { calls } = fakeServer({
      'GET /api/auth/me': { json: OPERATOR_ME },
      'GET /api/verifier/policy': { json: ACTIVE },
      'POST /api/verifier/policy/validate': validated,
    });
    renderApp('/policy');
    await screen.findByTestId('policy-version');

    const draft = CANONICAL.replace('max_tx_count = 10000', 'max_tx_count = "many"');
    fireEvent.change(editor(), { target: { value: draft } });

    const problem = await screen.findByTestId('policy-problem', {}, { timeout: 3000 });
    expect(problem.dataset.line).toBe('7');
    expect(problem.dataset.key).toBe('max_tx_count');
    expect(problem.textContent).toContain('must be an integer, got a string');
    const validate = calls.filter((c) => c.path === '/api/verifier/policy/validate').at(-1);
    expect(validate?.body).toBe(draft);
    expect(validate?.headers['content-type']).toContain('text/plain');
    expect(validate?.headers['x-csrf-token']).toBe('csrf-operator');

    const marked = screen.getByTestId('policy-gutter-problem');
    expect(marked.dataset.line).toBe('7');
    expect(marked.title).toContain('max_tx_count: must be an integer');
    expect(screen.getByTestId('policy-validation').textContent).toBe('1 problem');
    expect((screen.getByTestId('policy-apply') as HTMLButtonElement).disabled).toBe(true);

    fireEvent.click(within(problem).getByRole('button'));
    expect(document.activeElement).toBe(editor());
    const lineSeven = draft.split('\n').slice(0, 6).join('\n').length + 1;
    expect(editor().selectionStart).toBe(lineSeven);
    expect(editor().selectionEnd).toBe(lineSeven);
    expect(draft.slice(lineSeven).startsWith('max_tx_count')).toBe(true);

    // Fixing it clears the list.
    fireEvent.change(editor(), { target: { value: STRICT } });
    await waitFor(() => expect(screen.queryByTestId('policy-problem')).toBeNull(), { timeout: 3000 });
    expect(screen.getByTestId('policy-validation').dataset.state).toBe('valid');
  });

  it('diffs the draft against the active policy, line by line and setting by setting', async () => {
    fakeServer({
      'GET /api/auth/me': { json: OPERATOR_ME },
      'GET /api/verifier/policy': { json: ACTIVE },
      'POST /api/verifier/policy/validate': validated,
    });
    renderApp('/policy');
    await screen.findByTestId('policy-version');

    fireEvent.change(editor(), { target: { value: STRICT } });

    const diff = screen.getByTestId('policy-diff');
    expect(diff.dataset.added).toBe('1');
    expect(diff.dataset.removed).toBe('1');
    const changed = within(diff)
      .getAllByTestId('policy-diff-line')
      .filter((row) => row.dataset.kind !== 'same')
      .map((row) => [row.dataset.kind, row.querySelector('.diff-text')?.textContent]);
    expect(changed).toEqual([
      ['del', 'max_tx_count = 10000'],
      ['add', 'max_tx_count = 10'],
    ]);
    const setting = await within(diff).findByTestId('policy-changes', {}, { timeout: 3000 });
    const row = setting.querySelector('tr[data-key="max_tx_count"]');
    expect(row?.textContent).toBe('max_tx_count1000010');
  });

  it('runs what-if on the draft and lists each flip with the failing check and its numbers', async () => {
    const { calls } = fakeServer({
      'GET /api/auth/me': { json: OPERATOR_ME },
      'GET /api/verifier/policy': { json: ACTIVE },
      'POST /api/verifier/policy/validate': validated,
      'POST /api/verifier/policy/what-if?last=50': { json: REPORT },
    });
    renderApp('/policy');
    await screen.findByTestId('policy-version');
    fireEvent.change(editor(), { target: { value: STRICT } });
    fireEvent.change(screen.getByTestId('whatif-last'), { target: { value: '50' } });
    fireEvent.click(screen.getByTestId('whatif-run'));

    const result = await screen.findByTestId('whatif-result');
    expect(calls.find((c) => c.path.startsWith('/api/verifier/policy/what-if'))?.body).toBe(STRICT);
    expect(screen.getByTestId('whatif-flips-count').textContent).toBe('85');
    expect(screen.getByTestId('whatif-accepted-before').textContent).toBe('97 (97.0%)');
    expect(screen.getByTestId('whatif-accepted-after').textContent).toBe('12 (12.0%)');
    expect(result.textContent).toContain('Showing the 2 most recent of 85 flips');

    const flips = screen.getAllByTestId('whatif-flip');
    expect(flips).toHaveLength(2);
    const first = flips[0] as HTMLElement;
    expect(first.dataset.before).toBe('accepted');
    expect(first.dataset.after).toBe('rejected');
    expect(within(first).getByRole('link', { name: '900,002' }).getAttribute('href')).toBe('/verdicts/4242');
    // Only the check that fails explains an accepted -> rejected flip.
    const checks = within(first).getAllByTestId('whatif-check');
    expect(checks.map((c) => c.dataset.check)).toEqual(['max_tx_count']);
    expect(checks[0]?.textContent).toBe('Transactions 4,108, needs at most 10 fails (too_many_transactions)');
    expect(within(flips[1] as HTMLElement).queryByRole('link')).toBeNull();

    // Editing the draft marks the result as out of date.
    fireEvent.change(editor(), { target: { value: STRICT + '# more\n' } });
    expect(screen.getByTestId('whatif-result').dataset.stale).toBe('true');
  });

  it('says so when the verifier has no what-if', async () => {
    fakeServer({
      'GET /api/auth/me': { json: OPERATOR_ME },
      'GET /api/verifier/policy': { json: ACTIVE },
      'POST /api/verifier/policy/validate': validated,
    });
    renderApp('/policy');
    await screen.findByTestId('policy-version');
    fireEvent.click(screen.getByTestId('whatif-run'));

    expect((await screen.findByTestId('whatif-unsupported')).textContent).toContain('This verifier has no what-if');
    expect(screen.queryByTestId('whatif-result')).toBeNull();
  });

  it('applies after a confirmation that summarises the change and the last what-if, then shows the new version', async () => {
    const { calls } = fakeServer({
      'GET /api/auth/me': { json: OPERATOR_ME },
      'GET /api/verifier/policy': { json: ACTIVE },
      'POST /api/verifier/policy/validate': validated,
      'POST /api/verifier/policy/what-if?last=100': { json: REPORT },
      'PUT /api/verifier/policy': (call) => ({
        json: { version: 8, sha256: 'c'.repeat(64), toml: call.body, persisted: true, persist_problem: null },
      }),
    });
    renderApp('/policy');
    await screen.findByTestId('policy-version');
    fireEvent.change(editor(), { target: { value: STRICT } });
    fireEvent.click(screen.getByTestId('whatif-run'));
    await screen.findByTestId('whatif-result');

    const apply = screen.getByTestId('policy-apply') as HTMLButtonElement;
    await waitFor(() => expect(apply.disabled).toBe(false), { timeout: 3000 });
    fireEvent.click(apply);

    const dialog = screen.getByRole('dialog');
    expect(within(dialog).getByTestId('policy-changes').textContent).toContain('max_tx_count');
    expect(within(dialog).getByTestId('policy-confirm-whatif').textContent).toBe(
      'What-if on this draft: 85 of 100 recent verdicts would flip.',
    );
    expect(calls.some((c) => c.method === 'PUT')).toBe(false);

    fireEvent.click(within(dialog).getByTestId('policy-apply-confirm'));

    expect((await screen.findByTestId('policy-applied')).textContent).toContain('v8');
    expect(screen.getByTestId('policy-version').textContent).toBe('v8');
    expect(screen.queryByRole('dialog')).toBeNull();
    const put = calls.find((c) => c.method === 'PUT');
    expect(put?.path).toBe('/api/verifier/policy');
    expect(put?.body).toBe(STRICT);
    expect(put?.headers['x-csrf-token']).toBe('csrf-operator');
    // The applied policy is now the baseline: nothing left to diff.
    expect(editor().value).toBe(STRICT);
    expect(screen.getByTestId('policy-diff-empty').textContent).toContain('v8');
  });

  it('puts the problems of a refused apply at their lines and keeps the version', async () => {
    fakeServer({
      'GET /api/auth/me': { json: OPERATOR_ME },
      'GET /api/verifier/policy': { json: ACTIVE },
      'POST /api/verifier/policy/validate': validated,
      'PUT /api/verifier/policy': {
        status: 400,
        json: {
          error: 'invalid_policy',
          message: 'the policy was not applied: 1 problem(s)',
          problems: [{ key: 'min_avg_fee_hi', line: 6, message: 'must be at least min_avg_fee_mid (2000)' }],
        },
      },
    });
    renderApp('/policy');
    await screen.findByTestId('policy-version');
    fireEvent.change(editor(), { target: { value: STRICT } });
    const apply = screen.getByTestId('policy-apply') as HTMLButtonElement;
    await waitFor(() => expect(apply.disabled).toBe(false), { timeout: 3000 });
    fireEvent.click(apply);
    expect(screen.getByTestId('policy-confirm-whatif').dataset.kind).toBe('none');
    fireEvent.click(screen.getByTestId('policy-apply-confirm'));

    const error = await screen.findByTestId('policy-apply-error');
    expect(error.textContent).toBe('the policy was not applied: 1 problem(s)');
    const problem = screen.getByTestId('policy-problem');
    expect([problem.dataset.line, problem.dataset.key]).toEqual(['6', 'min_avg_fee_hi']);
    expect(screen.getByTestId('policy-version').textContent).toBe('v7');
    expect(screen.queryByTestId('policy-applied')).toBeNull();
  });

  it('gives a viewer the policy read-only and no apply, but lets them try a draft with what-if', async () => {
    const { calls } = fakeServer({
      'GET /api/auth/me': { json: VIEWER_ME },
      'GET /api/verifier/policy': { json: ACTIVE },
      'POST /api/verifier/policy/validate': validated,
      'POST /api/verifier/policy/what-if?last=100': { json: REPORT },
    });
    renderApp('/policy');
    await screen.findByTestId('policy-version');

    expect(screen.getByTestId('policy-readonly').textContent).toContain('only an operator or admin can apply');
    expect(editor().readOnly).toBe(true);
    expect(screen.queryByTestId('policy-apply')).toBeNull();

    fireEvent.click(screen.getByTestId('policy-scratch'));
    expect(editor().readOnly).toBe(false);
    fireEvent.change(editor(), { target: { value: STRICT } });
    await waitFor(() => expect(screen.getByTestId('policy-validation').dataset.state).toBe('valid'), { timeout: 3000 });
    fireEvent.click(screen.getByTestId('whatif-run'));
    await screen.findByTestId('whatif-result');

    expect(screen.queryByTestId('policy-apply')).toBeNull();
    expect(calls.some((c) => c.method === 'PUT')).toBe(false);
  });

  it('says which service is down instead of showing an empty editor', async () => {
    fakeServer({
      'GET /api/auth/me': { json: OPERATOR_ME },
      'GET /api/verifier/policy': {
        status: 502,
        json: { error: 'backend_unavailable', message: 'pool-verifier is not reachable; is it running?', service: 'pool-verifier' },
      },
    });
    renderApp('/policy');

    expect((await screen.findByTestId('policy-unavailable')).textContent).toContain(
      'pool-verifier is not reachable; is it running?',
    );
    expect(screen.queryByTestId('policy-editor')).toBeNull();
  });

  it('starts from nothing when the verifier has no policy loaded, listing what is wrong with its file', async () => {
    fakeServer({
      'GET /api/auth/me': { json: OPERATOR_ME },
      'GET /api/verifier/policy': {
        json: {
          loaded: false,
          version: 0,
          sha256: null,
          toml: null,
          source: '/etc/reservegrid/policy.toml',
          problems: [{ key: 'max_weight_ratio', line: 4, message: 'must be in (0, 1]' }],
        },
      },
      'POST /api/verifier/policy/validate': validated,
    });
    renderApp('/policy');

    expect((await screen.findByTestId('policy-version')).textContent).toBe('not loaded');
    expect(screen.getByTestId('policy-not-loaded').textContent).toContain('line 4: max_weight_ratio must be in (0, 1]');
    expect(editor().value).toBe('');
    fireEvent.change(editor(), { target: { value: STRICT } });
    expect(screen.getByTestId('policy-diff').dataset.added).toBe(String(STRICT.split('\n').length - 1));
  });

  it('follows a policy applied elsewhere while the draft is untouched, and flags it under an edited draft', async () => {
    let served = ACTIVE;
    fakeServer({
      'GET /api/auth/me': { json: OPERATOR_ME },
      'GET /api/verifier/policy': () => ({ json: served }),
      'POST /api/verifier/policy/validate': validated,
    });
    // A fast poll, so the second answer comes while the test watches.
    render(
      <MemoryRouter initialEntries={['/policy']}>
        <AuthProvider>
          <Routes>
            <Route element={<RequireSession />}>
              <Route path="policy" element={<PolicyPage pollMs={20} validateDelayMs={0} />} />
            </Route>
          </Routes>
        </AuthProvider>
      </MemoryRouter>,
    );
    await screen.findByTestId('policy-version');

    served = { ...ACTIVE, version: 8, sha256: 'c'.repeat(64), toml: STRICT };
    await waitFor(() => expect(screen.getByTestId('policy-version').textContent).toBe('v8'));
    expect(editor().value).toBe(STRICT);
    expect(screen.queryByTestId('policy-moved')).toBeNull();

    fireEvent.change(editor(), { target: { value: STRICT + '# mine\n' } });
    served = { ...ACTIVE, version: 9, sha256: 'd'.repeat(64), toml: CANONICAL };
    await waitFor(() => expect(screen.getByTestId('policy-version').textContent).toBe('v9'));
    expect(editor().value).toBe(STRICT + '# mine\n');
    expect(screen.getByTestId('policy-moved').textContent).toContain('changed to v9 while you were editing');
  });
});
