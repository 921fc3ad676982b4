import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import type { CompactTemplate } from '../../api/templates';
import { fakeApi, type ApiReply } from '../verdicts/testApi';
import { TemplatesPage } from './TemplatesPage';

/** Stands in for the browser's EventSource; the test drives it (open, events, errors). */
class FakeEventSource {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static instances: FakeEventSource[] = [];
  readyState = FakeEventSource.CONNECTING;
  readonly url: string;
  readonly withCredentials: boolean;
  private readonly listeners = new Map<string, Set<(event: Event) => void>>();

  constructor(url: string, init?: EventSourceInit) {
    this.url = url;
    this.withCredentials = init?.withCredentials ?? false;
    FakeEventSource.instances.push(this);
  }

  addEventListener(type: string, listener: (event: Event) => void) {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type)!.add(listener);
  }

  removeEventListener(type: string, listener: (event: Event) => void) {
    this.listeners.get(type)?.delete(listener);
  }

  close() {
    this.readyState = FakeEventSource.CLOSED;
  }

  private dispatch(event: Event) {
    act(() => {
      for (const listener of this.listeners.get(event.type) ?? []) listener(event);
    });
  }

  open() {
    this.readyState = FakeEventSource.OPEN;
    this.dispatch(new Event('open'));
  }

  emit(type: 'template' | 'verdict', body: object, id: string) {
    this.dispatch(new MessageEvent(type, { data: JSON.stringify(body), lastEventId: id }));
  }

  /** `closed`: the connection failed for good (an HTTP error); otherwise the browser is reconnecting. */
  fail(closed: boolean) {
    this.readyState = closed ? FakeEventSource.CLOSED : FakeEventSource.CONNECTING;
    this.dispatch(new Event('error'));
  }
}

const latestStream = () => FakeEventSource.instances.at(-1)!;

beforeEach(() => {
  FakeEventSource.instances = [];
  vi.stubGlobal('EventSource', FakeEventSource);
});
afterEach(() => vi.unstubAllGlobals());

function compact(sequence: number, verdict: CompactTemplate['verdict'] = null): CompactTemplate {
  return {
    sequence,
    height: 900_000,
    prev_hash: '00'.repeat(32),
    tx_count: 4000 + sequence,
    total_fees: 21_000_000 + sequence,
    coinbase_value: 333_500_000 + sequence,
    curtime: 1_796_304_400,
    received_at: Date.now() - 1000,
    source: 'longpoll',
    verdict,
  };
}

/** A template event as the summary stream sends it: the list row, with the weight. */
function templateEvent(sequence: number): CompactTemplate {
  return { ...compact(sequence), total_weight: 3_991_990, weight_limit: 4_000_000 };
}

function verdictEvent(sequence: number, outcome: string, reason: string | null) {
  return {
    sequence,
    outcome,
    accepted: outcome === 'accepted',
    request_id: sequence + 3,
    reason_code: reason,
    reasons: reason === null ? [] : [reason],
    detail: null,
    verdict_latency_ms: 77.2,
    verdict_at: Date.now(),
    received_at: Date.now() - 100,
    context: null,
  };
}

function Location() {
  const location = useLocation();
  return <output data-testid="location">{location.pathname}</output>;
}

function renderTemplates() {
  return render(
    <MemoryRouter initialEntries={['/templates']}>
      <Routes>
        <Route path="/templates" element={<TemplatesPage pollMs={20} reconnectMs={40} />} />
        <Route path="/templates/:sequence" element={<Location />} />
      </Routes>
    </MemoryRouter>,
  );
}

const sequences = () => screen.getAllByTestId('template-row').map((r) => Number(r.dataset.sequence));
const row = (sequence: number) => screen.getAllByTestId('template-row').find((r) => r.dataset.sequence === String(sequence))!;
const connection = () => screen.getByTestId('templates-connection').dataset.state;

describe('templates stream', () => {
  it('lists the retained templates, then follows the stream from the newest of them', async () => {
    const { calls } = fakeApi((call) =>
      call.url === '/api/templates/templates?limit=50'
        ? { json: { count: 2, templates: [compact(9, { outcome: 'rejected', reason_code: 'weight_ratio_exceeded', latency_ms: 77, verdict_at: 1 }), compact(8)] } }
        : undefined,
    );
    renderTemplates();
    await waitFor(() => expect(sequences()).toEqual([9, 8]));
    expect(row(9).dataset.outcome).toBe('rejected');
    expect(row(9).textContent).toContain('weight_ratio_exceeded');
    expect(row(9).textContent).toContain('21,000,009 sat');

    await waitFor(() => expect(FakeEventSource.instances).toHaveLength(1));
    expect(latestStream().url).toBe('/api/templates/templates/stream?view=summary&last_event_id=9');
    expect(latestStream().withCredentials).toBe(false);
    expect(connection()).toBe('connecting');
    latestStream().open();
    expect(connection()).toBe('live');

    latestStream().emit('template', templateEvent(10), '10');
    expect(sequences()).toEqual([10, 9, 8]);
    expect(row(10).dataset.outcome).toBe('pending');
    expect(row(10).classList.contains('row-new')).toBe(true);
    expect(row(9).classList.contains('row-new')).toBe(false);
    expect(row(10).textContent).toContain('99.8%'); // 3,991,990 of 4,000,000 weight units

    latestStream().emit('verdict', verdictEvent(10, 'accepted', null), '10-v');
    expect(row(10).dataset.outcome).toBe('accepted');
    expect(row(10).textContent).toContain('77.2 ms');
    // Live over the stream: the list is not polled.
    expect(calls.filter((c) => c.pathname === '/api/templates/templates')).toHaveLength(1);
  });

  it('polls the list while the stream is down, shows the last good data when everything is, and resumes', async () => {
    let list: ApiReply = { json: { count: 1, templates: [compact(4)] } };
    const { calls } = fakeApi((call) => (call.pathname === '/api/templates/templates' ? list : undefined));
    renderTemplates();
    await waitFor(() => expect(FakeEventSource.instances).toHaveLength(1));
    latestStream().open();
    latestStream().emit('template', templateEvent(5), '5');
    latestStream().emit('verdict', verdictEvent(5, 'rejected', 'template_too_old'), '5-v');
    expect(sequences()).toEqual([5, 4]);

    // The dashboard answers the reconnect with a 502: EventSource gives up; the page polls instead.
    list = { json: { count: 2, templates: [compact(6), compact(5, { outcome: 'rejected', reason_code: 'template_too_old', latency_ms: 1, verdict_at: 1 })] } };
    latestStream().fail(true);
    await waitFor(() => expect(sequences()).toEqual([6, 5, 4]));
    expect(connection()).toBe('polling');
    expect(row(5).textContent).toContain('99.8%'); // what the stream said is kept

    list = { status: 502, json: { error: 'backend_unavailable', message: 'template-manager is not reachable; is it running?' } };
    await waitFor(() => expect(connection()).toBe('down'));
    expect(screen.getByTestId('templates-connection').textContent).toMatch(
      /template-manager is not reachable; is it running\?\) - showing the last good data, \d+ s old/,
    );
    expect(sequences()).toEqual([6, 5, 4]);

    // A new EventSource resumes after the last event it saw.
    await waitFor(() => expect(FakeEventSource.instances.length).toBeGreaterThan(1));
    expect(latestStream().url).toBe('/api/templates/templates/stream?view=summary&last_event_id=5-v');
    latestStream().open();
    expect(connection()).toBe('live');
    latestStream().emit('template', templateEvent(7), '7');
    expect(sequences()[0]).toBe(7);
    expect(calls.filter((c) => c.pathname === '/api/templates/templates').length).toBeGreaterThan(2);
  });

  it('starts over when template-manager restarted (sequences lower than the one resumed after)', async () => {
    fakeApi((call) => (call.pathname === '/api/templates/templates' ? { json: { count: 2, templates: [compact(30), compact(29)] } } : undefined));
    renderTemplates();
    await waitFor(() => expect(FakeEventSource.instances).toHaveLength(1));
    latestStream().open();
    latestStream().emit('template', templateEvent(1), '1');
    expect(sequences()).toEqual([1]);
  });

  it('opens a template with Enter', async () => {
    fakeApi((call) => (call.pathname === '/api/templates/templates' ? { json: { count: 1, templates: [compact(3)] } } : undefined));
    renderTemplates();
    await waitFor(() => expect(sequences()).toEqual([3]));
    fireEvent.keyDown(row(3), { key: 'Enter' });
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/templates/3'));
  });
});
