import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { fakeServer } from '../../test/fakeServer';
import { makeChannel, makeChannels } from '../../test/channels';
import { ADMIN_ME, renderApp } from '../../test/renderApp';
import { MinerPage } from './MinerPage';
import { MinersPage, ROW_HEIGHT } from './MinersPage';

// jsdom lays nothing out: give the table's scroll box the height a browser would, 20 rows of 36 px.
const VIEWPORT = 20 * ROW_HEIGHT;
beforeEach(() => {
  vi.spyOn(Element.prototype, 'clientHeight', 'get').mockImplementation(function (this: Element) {
    return (this as HTMLElement).dataset?.testid === 'miners-scroll' ? VIEWPORT : 0;
  });
  vi.spyOn(Element.prototype, 'clientWidth', 'get').mockImplementation(function (this: Element) {
    return (this as HTMLElement).dataset?.testid === 'miners-scroll' ? 1200 : 0;
  });
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

const list = (channels: ReturnType<typeof makeChannels>) => ({ json: { count: channels.length, channels } });

function renderMiners(pollMs = 60_000) {
  return render(
    <MemoryRouter initialEntries={['/miners']}>
      <Routes>
        <Route path="/miners" element={<MinersPage pollMs={pollMs} />} />
        <Route path="/miners/:channelId" element={<MinerPage pollMs={pollMs} hashratePollMs={pollMs} />} />
      </Routes>
    </MemoryRouter>,
  );
}

const rowIds = () => screen.getAllByTestId('miner-row').map((r) => Number(r.dataset.channelId));
const firstIdentity = () => screen.getAllByTestId('miner-row')[0]?.querySelector('td')?.textContent;

describe('miners table', () => {
  it('renders only a window of 5,000 channels and moves it when scrolled', async () => {
    const channels = makeChannels(5000);
    fakeServer({ 'GET /api/gateway/channels': list(channels) });
    renderMiners();

    await waitFor(() => expect(screen.getByTestId('miners-count').dataset.total).toBe('5000'));
    const rendered = screen.getAllByTestId('miner-row');
    // The 20 visible rows and the overscan below them, not 5,000.
    expect(rendered.length).toBeGreaterThanOrEqual(20);
    expect(rendered.length).toBeLessThanOrEqual(20 + 2 * 12);
    expect(screen.getByTestId('miners-count').textContent).toBe('5,000 channels');
    // The spacers keep the scroll height of all rows, so the scrollbar is right.
    const table = screen.getByTestId('miners-table');
    const spacerHeight = [...table.querySelectorAll('tr.spacer td')].reduce((sum, td) => sum + parseFloat((td as HTMLElement).style.height), 0);
    expect(spacerHeight + rendered.length * ROW_HEIGHT).toBe(5000 * ROW_HEIGHT);
    expect(table.getAttribute('aria-rowcount')).toBe('5001');

    // Default order: measured hashrate, highest first.
    const highest = [...channels].sort((a, b) => b.measured_hashrate - a.measured_hashrate || a.channel_id - b.channel_id)[0];
    expect(rowIds()[0]).toBe(highest?.channel_id);

    const scroller = screen.getByTestId('miners-scroll');
    Object.defineProperty(scroller, 'scrollTop', { configurable: true, value: 2500 * ROW_HEIGHT });
    act(() => {
      fireEvent.scroll(scroller);
    });
    await waitFor(() => expect(screen.getAllByTestId('miner-row')[0]?.dataset.index).not.toBe('0'));
    const indexes = screen.getAllByTestId('miner-row').map((r) => Number(r.dataset.index));
    expect(Math.min(...indexes)).toBeGreaterThanOrEqual(2500 - 12);
    expect(Math.max(...indexes)).toBeLessThanOrEqual(2500 + 20 + 12);
    expect(screen.getAllByTestId('miner-row').length).toBeLessThanOrEqual(20 + 2 * 12);
  });

  it('sorts by a header clicked or pressed with Enter, and says so with aria-sort', async () => {
    const channels = makeChannels(5000);
    fakeServer({ 'GET /api/gateway/channels': list(channels) });
    renderMiners();
    await screen.findAllByTestId('miner-row');
    expect(screen.getByTestId('sort-measured_hashrate').getAttribute('aria-sort')).toBe('descending');
    expect(screen.getByTestId('sort-identity').getAttribute('aria-sort')).toBe('none');

    fireEvent.click(screen.getByTestId('sort-identity'));
    await waitFor(() => expect(screen.getByTestId('sort-identity').getAttribute('aria-sort')).toBe('ascending'));
    expect(screen.getByTestId('sort-measured_hashrate').getAttribute('aria-sort')).toBe('none');
    expect(firstIdentity()).toBe('worker-0000.rig0');

    fireEvent.click(screen.getByTestId('sort-identity'));
    await waitFor(() => expect(screen.getByTestId('sort-identity').getAttribute('aria-sort')).toBe('descending'));
    expect(firstIdentity()).toBe('worker-4999.rig1');

    const accepted = screen.getByTestId('sort-accepted');
    accepted.focus();
    fireEvent.keyDown(accepted, { key: 'Enter' });
    await waitFor(() => expect(accepted.getAttribute('aria-sort')).toBe('descending'));
    const shown = screen.getAllByTestId('miner-row').map((r) => Number(r.querySelectorAll('td')[7]?.textContent?.replace(/,/g, '')));
    expect(shown).toEqual([...shown].sort((a, b) => b - a));
    expect(shown[0]).toBe(Math.max(...channels.map((c) => c.accepted)));
  });

  it('filters by identity or address and by the settled flag', async () => {
    fakeServer({ 'GET /api/gateway/channels': list(makeChannels(5000)) });
    renderMiners();
    await screen.findAllByTestId('miner-row');

    fireEvent.change(screen.getByTestId('miners-filter'), { target: { value: 'WORKER-0042' } });
    await waitFor(() => expect(screen.getByTestId('miners-count').dataset.shown).toBe('1'));
    expect(screen.getByTestId('miners-count').textContent).toBe('1 of 5,000 channels');
    expect(rowIds()).toEqual([43]);

    fireEvent.change(screen.getByTestId('miners-filter'), { target: { value: '10.0.19.' } });
    // Addresses 10.0.19.0 to 10.0.19.255 are channels 4865 to 5000 (i = 19 * 256 + x < 5000).
    await waitFor(() => expect(screen.getByTestId('miners-count').dataset.shown).toBe(String(5000 - 19 * 256)));

    fireEvent.change(screen.getByTestId('miners-filter'), { target: { value: '' } });
    fireEvent.click(screen.getByTestId('miners-settled-only'));
    // Every third channel (i % 3 == 0) is still settling.
    await waitFor(() => expect(screen.getByTestId('miners-count').dataset.shown).toBe('3333'));
    expect(screen.getAllByTestId('miner-row').every((r) => r.dataset.settled === 'true')).toBe(true);

    fireEvent.change(screen.getByTestId('miners-filter'), { target: { value: 'no such miner' } });
    await waitFor(() => expect(screen.getByTestId('miners-empty').textContent).toBe('No channel matches the filter.'));
  });

  it('updates rows in place on the next poll and keeps the last list when the gateway goes down', async () => {
    let poll = 0;
    fakeServer({
      'GET /api/gateway/channels': () => {
        poll += 1;
        if (poll === 1) return list([makeChannel(0), makeChannel(1)]);
        if (poll === 2) return list([makeChannel(0), makeChannel(1, { accepted: 123_456 })]);
        return { status: 502, json: { error: 'backend_unavailable', message: 'sv2-gateway is unavailable', service: 'sv2-gateway' } };
      },
    });
    renderMiners(20);
    await waitFor(() => expect(rowIds()).toHaveLength(2));
    const before = screen.getAllByTestId('miner-row').find((r) => r.dataset.channelId === '2');
    await waitFor(() => expect(before?.textContent).toContain('123,456'));
    // The same element: keys are channel ids, so React updated the row instead of replacing it.
    expect(screen.getAllByTestId('miner-row').find((r) => r.dataset.channelId === '2')).toBe(before);

    await waitFor(() => expect(screen.getByTestId('miners-stale').textContent).toMatch(/^sv2-gateway is unavailable - this list is \d+ s old\.$/));
    expect(rowIds()).toHaveLength(2);
  });

  it('says when no miner is connected', async () => {
    fakeServer({ 'GET /api/gateway/channels': list([]) });
    renderMiners();
    await waitFor(() => expect(screen.getByTestId('miners-empty').textContent).toBe('No channels open: no miner is connected to the gateway.'));
    expect(screen.getByTestId('miners-count').textContent).toBe('0 channels');
  });

  it('opens a channel from its row, by click or by Enter, inside the app', async () => {
    const channels = makeChannels(50);
    fakeServer({
      'GET /api/auth/me': { json: ADMIN_ME },
      'GET /api/gateway/channels': list(channels),
      'GET /api/gateway/channels/8/hashrate': { json: { channel_id: 8, interval_secs: 10, samples: [] } },
      'GET /api/gateway/channels/9/hashrate': { json: { channel_id: 9, interval_secs: 10, samples: [] } },
    });
    renderApp('/miners?sort=identity&dir=asc');
    await screen.findAllByTestId('miner-row');
    const row = screen.getAllByTestId('miner-row').find((r) => r.dataset.channelId === '8');
    fireEvent.click(within(row as HTMLElement).getAllByRole('cell')[0] as HTMLElement);
    const page = await screen.findByTestId('page-miner');
    expect(page.dataset.channelId).toBe('8');
    await waitFor(() => expect(page.querySelector('h1')?.textContent).toContain('worker-0007.rig0'));

    fireEvent.click(screen.getByText('← All miners'));
    // Back to the same view: still sorted by identity.
    await waitFor(() => expect(screen.getByTestId('sort-identity').getAttribute('aria-sort')).toBe('ascending'));
    // Back on the list, keyboard only.
    const again = (await screen.findAllByTestId('miner-row')).find((r) => r.dataset.channelId === '9') as HTMLElement;
    again.focus();
    fireEvent.keyDown(again, { key: 'Enter' });
    await waitFor(() => expect(screen.getByTestId('page-miner').dataset.channelId).toBe('9'));
  });
});

describe('channel page', () => {
  it('charts the gateway’s hashrate history of the channel', async () => {
    const samples = Array.from({ length: 30 }, (_, i) => ({ at: 1_796_000_000_000 + i * 10_000, declared: 1e14, measured: 9e13 + i * 1e11, settled: i > 5 }));
    fakeServer({
      'GET /api/gateway/channels': list(makeChannels(10)),
      'GET /api/gateway/channels/4/hashrate': { json: { channel_id: 4, interval_secs: 10, samples } },
    });
    renderAt('/miners/4');
    await waitFor(() => expect(screen.getByTestId('hashrate-source').dataset.source).toBe('gateway'));
    expect(screen.getByTestId('hashrate-source').textContent).toBe("The gateway's history: 30 samples, one every 10 s.");
    expect(screen.getByTestId('hashrate-chart').dataset.points).toBe('30');
    // Without a canvas the chart shows the latest values.
    const chart = screen.getByTestId('hashrate-chart');
    expect(chart.querySelector('[data-series="Measured"] dd')?.textContent).toBe('92.9 TH/s');
    expect(chart.querySelector('[data-series="Settled"] dd')?.textContent).toBe('yes');
    await waitFor(() => expect(screen.getByTestId('page-miner').querySelector('h1')?.textContent).toContain('worker-0003.rig3'));
    expect(screen.getByTestId('miner-rejects').textContent).toBe('No rejected shares.');
  });

  it('falls back to the samples it collected itself when the gateway has no history endpoint, and says so', async () => {
    let poll = 0;
    fakeServer({
      'GET /api/gateway/channels': () => {
        poll += 1;
        return list([makeChannel(5, { measured_hashrate: 1e14 + poll * 1e12, rejects: { stale_share: 3 } })]);
      },
      // An older gateway: no such route.
    });
    renderAt('/miners/6', 20);
    await waitFor(() => expect(screen.getByTestId('hashrate-source').dataset.source).toBe('page'));
    expect(screen.getByTestId('hashrate-source').textContent).toContain('404 from /api/gateway/channels/6/hashrate');
    expect(screen.getByTestId('hashrate-source').textContent).toContain('samples this page has collected');
    await waitFor(() => expect(Number(screen.getByTestId('hashrate-chart').dataset.points)).toBeGreaterThanOrEqual(3));
    const rejects = screen.getByTestId('miner-rejects');
    expect(rejects.dataset.total).toBe('3');
  });

  it('says when the channel is not open', async () => {
    fakeServer({ 'GET /api/gateway/channels': list(makeChannels(3)) });
    renderAt('/miners/77');
    await waitFor(() => expect(screen.getByTestId('miner-missing').textContent).toContain('Channel 77 is not open'));
  });

  it('refuses an id that is not a number', () => {
    fakeServer({});
    renderAt('/miners/abc');
    expect(screen.getByTestId('page-miner').textContent).toContain('“abc” is not a channel id.');
  });
});

function renderAt(path: string, pollMs = 60_000) {
  return render(
    <MemoryRouter initialEntries={[path]}>
      <Routes>
        <Route path="/miners/:channelId" element={<MinerPage pollMs={pollMs} hashratePollMs={pollMs} />} />
      </Routes>
    </MemoryRouter>,
  );
}
