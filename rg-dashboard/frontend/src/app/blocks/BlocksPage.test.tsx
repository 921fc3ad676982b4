import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import type { FoundBlock } from '../../api/gateway';
import { fakeServer } from '../../test/fakeServer';
import { BlocksPage } from './BlocksPage';

afterEach(() => vi.unstubAllGlobals());

const block = (changes: Partial<FoundBlock>): FoundBlock => ({
  hash: '0000000000000000000240f1b2c3d4e5f60718293a4b5c6d7e8f9012345678ab',
  height: 850_002,
  prev_hash: '00000000000000000001aa',
  channel_id: 12,
  user_identity: 'alice.rig1',
  template_sequence: 41,
  size_bytes: 1_234_567,
  found_at: Date.now() - 60_000,
  result: 'accepted',
  reason: null,
  node_answer: null,
  answered_at: Date.now() - 59_000,
  ...changes,
});

function renderBlocks() {
  return render(
    <MemoryRouter>
      <BlocksPage pollMs={60_000} />
    </MemoryRouter>,
  );
}

describe('blocks', () => {
  it('lists each block with the node’s answer', async () => {
    const blocks = [
      block({}),
      block({ hash: '00'.repeat(31) + '01', height: 850_001, result: 'rejected', reason: 'high-hash', node_answer: 'high-hash' }),
      block({ hash: '00'.repeat(31) + '02', height: 850_000, result: 'duplicate', reason: 'duplicate', node_answer: 'rejected: already have block 00ab' }),
      block({ hash: '00'.repeat(31) + '03', height: 849_999, result: 'error', reason: 'template-manager answered 502: node_unavailable', answered_at: null }),
      block({ hash: '00'.repeat(31) + '04', height: 849_998, result: 'pending', answered_at: null }),
    ];
    fakeServer({ 'GET /api/gateway/blocks': { json: { count: blocks.length, blocks } } });
    renderBlocks();

    const rows = await screen.findAllByTestId('block-row');
    expect(rows.map((r) => r.dataset.result)).toEqual(['accepted', 'rejected', 'duplicate', 'error', 'pending']);
    const answer = (i: number) => within(rows[i] as HTMLElement).getByTestId('block-answer').textContent;
    expect(answer(0)).toMatch(/^null \(submitblock's answer for a new block\) · .+ ago$/);
    // Where the reason only repeats the answer it is not said twice.
    expect(answer(1)).toMatch(/^high-hash · .+ ago$/);
    expect(answer(2)).toMatch(/^rejected: already have block 00ab \(duplicate\) · .+ ago$/);
    expect(answer(3)).toBe('template-manager answered 502: node_unavailable');
    expect(answer(4)).toBe("waiting for template-manager's answer");

    const first = rows[0] as HTMLElement;
    expect(first.textContent).toContain('850,002');
    expect(first.textContent).toContain('1,234,567 B');
    expect(within(first).getByText('alice.rig1').getAttribute('href')).toBe('/miners/12');
    expect(within(first).getByText('#41').getAttribute('href')).toBe('/templates/41');
    expect(first.querySelector('code.hash')?.getAttribute('title')).toBe(blocks[0]?.hash);
    expect(screen.queryByTestId('blocks-empty')).toBeNull();
  });

  it('says when no block was found', async () => {
    fakeServer({ 'GET /api/gateway/blocks': { json: { count: 0, blocks: [] } } });
    renderBlocks();
    expect((await screen.findByTestId('blocks-empty')).textContent).toBe('No block found through the gateway since it started.');
    expect(screen.queryByTestId('blocks-table')).toBeNull();
  });

  it('explains a gateway that does not answer instead of claiming there are no blocks', async () => {
    fakeServer({ 'GET /api/gateway/blocks': { status: 502, json: { error: 'backend_unavailable', service: 'sv2-gateway' } } });
    renderBlocks();
    await waitFor(() => expect(screen.getByTestId('blocks-stale').textContent).toBe('sv2-gateway is unavailable'));
    expect(screen.queryByTestId('blocks-empty')).toBeNull();
  });
});
