import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import type { Verdict } from '../../api/verdicts';
import { fakeApi, verdict, VERIFIER_DOWN, type ApiCall } from './testApi';
import { VerdictsPage } from './VerdictsPage';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

function Location() {
  const location = useLocation();
  return <output data-testid="location">{location.pathname + location.search}</output>;
}

function renderAt(path: string, pageSize?: number) {
  return render(
    <MemoryRouter initialEntries={[path]}>
      <Routes>
        <Route
          path="/verdicts"
          element={
            <>
              <VerdictsPage pollMs={20} pageSize={pageSize} />
              <Location />
            </>
          }
        />
        <Route path="/verdicts/:id" element={<Location />} />
      </Routes>
    </MemoryRouter>,
  );
}

const location = () => new URL(screen.getByTestId('location').textContent!, 'http://dashboard.test');
const rowIds = () => screen.getAllByTestId('verdict-row').map((r) => Number(r.dataset.id));
const verdictCalls = (calls: ApiCall[]) => calls.filter((c) => c.pathname === '/api/verifier/verdicts');
const page = (verdicts: Verdict[]) => ({ json: { count: verdicts.length, verdicts } });
/** ids from..to, newest first, every third one rejected for weight_ratio_exceeded. */
const range = (from: number, to: number) =>
  Array.from({ length: from - to + 1 }, (_, i) => from - i).map((id) => verdict(id, id % 3 === 0 ? ['weight_ratio_exceeded'] : []));

describe('verdicts table', () => {
  it('asks the verifier for the filters in the URL and shows them in the controls', async () => {
    const { calls } = fakeApi((call) =>
      call.params.get('reason') === 'weight_ratio_exceeded' ? page([verdict(9, ['weight_ratio_exceeded', 'template_too_old'])]) : page([]),
    );
    renderAt('/verdicts?reason=weight_ratio_exceeded&since=2026-12-03T10:00:00Z');

    const row = await screen.findByTestId('verdict-row');
    expect(row.dataset).toMatchObject({ id: '9', accepted: 'false', reason: 'weight_ratio_exceeded' });
    expect(row.textContent).toContain('+1'); // the second reason
    expect(row.textContent).toContain('21,318,494 sat');
    const first = verdictCalls(calls)[0]!;
    expect(first.params.get('limit')).toBe('51');
    expect(first.params.get('reason')).toBe('weight_ratio_exceeded');
    expect(first.params.get('since')).toBe('2026-12-03T10:00:00.000Z');
    expect((screen.getByTestId('filter-reason') as HTMLSelectElement).value).toBe('weight_ratio_exceeded');
    expect((screen.getByTestId('filter-since') as HTMLInputElement).value).toBe('2026-12-03T10:00:00Z');
    expect(screen.getByTestId('export-csv').getAttribute('href')).toBe(
      '/api/verifier/export/verdicts?format=csv&reason=weight_ratio_exceeded&since=2026-12-03T10%3A00%3A00.000Z',
    );
    expect(screen.getByTestId('export-jsonl').getAttribute('href')).toContain('format=jsonl&reason=weight_ratio_exceeded');
  });

  it('puts a changed filter into the URL and asks the verifier for it', async () => {
    const { calls } = fakeApi((call) => (call.params.get('reason') === 'accepted' ? page([verdict(8)]) : page(range(10, 1))));
    renderAt('/verdicts');
    await waitFor(() => expect(rowIds()).toHaveLength(10));

    fireEvent.change(screen.getByTestId('filter-accepted'), { target: { value: 'accepted' } });
    await waitFor(() => expect(rowIds()).toEqual([8]));
    expect(location().searchParams.get('accepted')).toBe('accepted');
    expect(verdictCalls(calls).some((c) => c.params.get('reason') === 'accepted' && c.params.get('limit') === '51')).toBe(true);
    // "accepted" and a reason code exclude each other.
    expect((screen.getByTestId('filter-reason') as HTMLSelectElement).disabled).toBe(true);
    expect(screen.getByTestId('export-csv').getAttribute('href')).toBe('/api/verifier/export/verdicts?format=csv&reason=accepted');

    fireEvent.change(screen.getByTestId('filter-accepted'), { target: { value: 'all' } });
    fireEvent.change(screen.getByTestId('filter-reason'), { target: { value: 'template_too_old' } });
    await waitFor(() => expect(location().searchParams.get('reason')).toBe('template_too_old'));
    expect(location().searchParams.has('accepted')).toBe(false);
    await waitFor(() => expect(verdictCalls(calls).at(-1)!.params.get('reason')).toBe('template_too_old'));
  });

  it('applies a valid since on Enter and refuses an invalid one', async () => {
    const { calls } = fakeApi(() => page([]));
    renderAt('/verdicts');
    await screen.findByTestId('verdicts-empty');
    const input = screen.getByTestId('filter-since');

    fireEvent.change(input, { target: { value: 'yesterday' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(screen.getByTestId('filter-since-error').textContent).toContain('since must be like');
    expect(location().searchParams.has('since')).toBe(false);

    const before = Date.now();
    fireEvent.change(input, { target: { value: '2h' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    await waitFor(() => expect(location().searchParams.get('since')).toBe('2h'));
    await waitFor(() => expect(verdictCalls(calls).at(-1)!.params.get('since')).not.toBeNull());
    const asked = Date.parse(verdictCalls(calls).at(-1)!.params.get('since')!);
    // Relative in the URL (a shared link means "the last 2 hours"), an instant for the API.
    expect(asked).toBeGreaterThanOrEqual(before - 2 * 3_600_000 - 1000);
    expect(asked).toBeLessThanOrEqual(Date.now() - 2 * 3_600_000 + 1000);
  });

  it('asks the verifier for "rejected" (any reason) once, and exports the same filter', async () => {
    const { calls } = fakeApi((call) => {
      const reason = call.params.get('reason');
      if (reason === 'rejected') {
        return page([verdict(20, ['template_too_old']), verdict(12, ['weight_ratio_exceeded']), verdict(5, ['template_too_old'])]);
      }
      return page([verdict(21)]);
    });
    renderAt('/verdicts?accepted=rejected');

    await waitFor(() => expect(rowIds()).toEqual([20, 12, 5]));
    const asked = verdictCalls(calls).filter((c) => c.params.get('limit') === '51');
    expect(asked.map((c) => c.params.get('reason'))).toEqual(['rejected']);
    expect(screen.getAllByTestId('verdict-row').every((r) => r.dataset.accepted === 'false')).toBe(true);
    expect(screen.getByTestId('export-csv').getAttribute('href')).toBe('/api/verifier/export/verdicts?format=csv&reason=rejected');
  });

  it('adds new verdicts live at the top, highlighted, asking only for those since the newest it has', async () => {
    let newest = 10;
    const { calls } = fakeApi((call) => {
      const since = call.params.get('since');
      if (since === null) return page(range(newest, 1).slice(0, Number(call.params.get('limit'))));
      return page(range(newest, 1).filter((v) => Date.parse(v.recorded_at) >= Date.parse(since)));
    });
    renderAt('/verdicts');
    await waitFor(() => expect(rowIds()[0]).toBe(10));
    expect(screen.getAllByTestId('verdict-row').some((r) => r.classList.contains('row-new'))).toBe(false);

    newest = 12;
    await waitFor(() => expect(rowIds().slice(0, 3)).toEqual([12, 11, 10]));
    const rows = screen.getAllByTestId('verdict-row');
    expect(rows.filter((r) => r.classList.contains('row-new')).map((r) => r.dataset.id)).toEqual(['12', '11']);
    const poll = verdictCalls(calls).find((c) => c.params.get('since') !== null)!;
    expect(poll.params.get('since')).toBe(verdict(10).recorded_at);
    expect(rowIds()).toHaveLength(12);
  });

  it('holds new verdicts back while the table is scrolled off the top, until asked', async () => {
    let newest = 10;
    fakeApi((call) => {
      const since = call.params.get('since');
      const all = range(newest, 1);
      return page(since === null ? all : all.filter((v) => Date.parse(v.recorded_at) >= Date.parse(since)));
    });
    renderAt('/verdicts');
    await waitFor(() => expect(rowIds()[0]).toBe(10));
    const table = screen.getByTestId('verdicts-table');
    vi.spyOn(table, 'getBoundingClientRect').mockReturnValue({ top: -400 } as DOMRect);

    newest = 11;
    const banner = await screen.findByTestId('verdicts-new');
    expect(banner.textContent).toContain('1 new verdict');
    expect(rowIds()[0]).toBe(10); // the rows the user reads did not move
    fireEvent.click(banner);
    await waitFor(() => expect(rowIds()[0]).toBe(11));
    expect(screen.queryByTestId('verdicts-new')).toBeNull();
  });

  it('pages to older verdicts and back by id, with the page in the URL', async () => {
    const all = range(13, 1);
    const { calls } = fakeApi((call) => {
      if (call.params.get('since') !== null) return page([]);
      const before = call.params.get('before');
      const below = before === null ? all : all.filter((v) => v.id < Number(before));
      return page(below.slice(0, Number(call.params.get('limit'))));
    });
    renderAt('/verdicts', 5);
    await waitFor(() => expect(rowIds()).toEqual([13, 12, 11, 10, 9]));
    expect(verdictCalls(calls)[0]!.params.get('limit')).toBe('6');
    expect((screen.getByTestId('page-prev') as HTMLButtonElement).disabled).toBe(true);

    fireEvent.click(screen.getByTestId('page-next'));
    await waitFor(() => expect(rowIds()).toEqual([8, 7, 6, 5, 4]));
    expect(location().searchParams.get('before')).toBe('9');
    // The older page is the verifier's own before=<id> page.
    expect(verdictCalls(calls).some((c) => c.params.get('before') === '9' && c.params.get('limit') === '6')).toBe(true);

    fireEvent.click(screen.getByTestId('page-next'));
    await waitFor(() => expect(rowIds()).toEqual([3, 2, 1]));
    expect(location().searchParams.get('before')).toBe('4');
    expect((screen.getByTestId('page-next') as HTMLButtonElement).disabled).toBe(true);

    fireEvent.click(screen.getByTestId('page-prev'));
    await waitFor(() => expect(rowIds()).toEqual([8, 7, 6, 5, 4]));
    expect(location().searchParams.get('before')).toBe('9');
    fireEvent.click(screen.getByTestId('page-prev'));
    await waitFor(() => expect(rowIds()).toEqual([13, 12, 11, 10, 9]));
    expect(location().searchParams.has('before')).toBe(false);
  });

  it('reaches pages older than the newest 1,000 verdicts', async () => {
    const all = range(1100, 1);
    const { calls } = fakeApi((call) => {
      if (call.params.get('since') !== null) return page([]);
      const before = call.params.get('before');
      const below = before === null ? all : all.filter((v) => v.id < Number(before));
      return page(below.slice(0, Number(call.params.get('limit'))));
    });
    renderAt('/verdicts?before=50', 5);
    await waitFor(() => expect(rowIds()).toEqual([49, 48, 47, 46, 45]));
    expect((screen.getByTestId('page-next') as HTMLButtonElement).disabled).toBe(false);
    expect(verdictCalls(calls).some((c) => c.params.get('before') === '50')).toBe(true);
  });

  it('opens a verdict with Enter or a click, and moves between rows with the arrow keys', async () => {
    fakeApi(() => page(range(3, 1)));
    renderAt('/verdicts?accepted=all');
    await waitFor(() => expect(rowIds()).toEqual([3, 2, 1]));
    const [first, second] = screen.getAllByTestId('verdict-row');
    first!.focus();
    fireEvent.keyDown(first!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(second);
    fireEvent.keyDown(second!, { key: 'Enter' });
    await waitFor(() => expect(location().pathname).toBe('/verdicts/2'));
  });

  it('keeps the last good rows with their age when the verifier goes down', async () => {
    let up = true;
    fakeApi(() => (up ? page(range(4, 1)) : VERIFIER_DOWN));
    renderAt('/verdicts');
    await waitFor(() => expect(rowIds()).toEqual([4, 3, 2, 1]));
    const status = screen.getByTestId('verdicts-status');
    expect(status.dataset.status).toBe('up');

    up = false;
    await waitFor(() => expect(status.dataset.status).toBe('down'));
    expect(status.textContent).toMatch(/pool-verifier is not reachable; is it running\? - showing the last good data, \d+ s old; retrying\./);
    expect(rowIds()).toEqual([4, 3, 2, 1]);

    up = true;
    await waitFor(() => expect(status.dataset.status).toBe('up'));
    expect(within(screen.getByTestId('verdicts-table')).getAllByTestId('verdict-row')).toHaveLength(4);
  });

  it('shows the verifier answer to a bad filter', async () => {
    fakeApi(() => ({
      status: 400,
      json: { error: 'invalid_parameter', message: "reason must be a verdict reason code or 'accepted', got 'nope'" },
    }));
    renderAt('/verdicts?reason=nope');
    await waitFor(() => expect(screen.getByTestId('verdicts-status').textContent).toContain("got 'nope'"));
    expect((screen.getByTestId('filter-reason') as HTMLSelectElement).value).toBe('nope');
  });
});
