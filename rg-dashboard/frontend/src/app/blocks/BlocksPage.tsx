import { useCallback } from 'react';
import { Link } from 'react-router';
import * as gateway from '../../api/gateway';
import { describeError } from '../../api/client';
import { formatInt, Time } from '../../ui/format';
import { formatAge, useNow, usePoll } from '../../ui/usePoll';

export const BLOCKS_POLL_MS = 10_000;

/** How each submitblock result reads: only `accepted` is a block in the chain. */
const RESULT_CLASS: Record<string, string> = {
  accepted: 'ok',
  duplicate: 'warn',
  inconclusive: 'warn',
  pending: 'muted',
  rejected: 'bad',
  error: 'bad',
};

/** `pollMs` is only changed by tests. */
export function BlocksPage({ pollMs = BLOCKS_POLL_MS }: { pollMs?: number }) {
  const now = useNow();
  const poll = usePoll(useCallback((signal: AbortSignal) => gateway.blocks(signal), []), pollMs);
  const blocks = poll.data?.blocks ?? [];

  return (
    <section data-testid="page-blocks">
      <h1>Blocks</h1>
      <p className="muted">
        Shares that met the network target, newest first, with what the node answered to template-manager's
        submitblock.
      </p>
      {poll.up === false && (
        <p className="error small" role="alert" data-testid="blocks-stale">
          {describeError(poll.error)}
          {poll.lastOkAt !== null && ` - this list is ${formatAge(now - poll.lastOkAt)} old.`}
        </p>
      )}
      {poll.data === null ? (
        poll.up === null && <p className="muted">Loading…</p>
      ) : blocks.length === 0 ? (
        <p className="muted" data-testid="blocks-empty">
          No block found through the gateway since it started.
        </p>
      ) : (
        <div className={`table-scroll${poll.up === false ? ' stale' : ''}`}>
          <table className="table" data-testid="blocks-table">
            <thead>
              <tr>
                <th className="num">Height</th>
                <th>Hash</th>
                <th>Found</th>
                <th>Miner</th>
                <th className="num">Template</th>
                <th className="num">Size</th>
                <th>Result</th>
                <th>Node's answer</th>
              </tr>
            </thead>
            <tbody>
              {blocks.map((b) => (
                <tr key={b.hash} data-testid="block-row" data-hash={b.hash} data-result={b.result}>
                  <td className="num">{formatInt(b.height)}</td>
                  <td className="nowrap">
                    <code className="hash" title={b.hash}>
                      {shortHash(b.hash)}
                    </code>
                  </td>
                  <td className="nowrap">
                    <Time at={b.found_at} now={now} />
                  </td>
                  <td className="nowrap">
                    <Link to={`/miners/${b.channel_id}`} title={`channel ${b.channel_id}`}>
                      {b.user_identity}
                    </Link>
                  </td>
                  <td className="num">
                    <Link to={`/templates/${b.template_sequence}`}>#{b.template_sequence}</Link>
                  </td>
                  <td className="num nowrap">{formatInt(b.size_bytes)} B</td>
                  <td>
                    <span className={`result ${RESULT_CLASS[b.result] ?? ''}`} data-testid="block-result">
                      {b.result}
                    </span>
                  </td>
                  <td data-testid="block-answer">
                    <NodeAnswer block={b} now={now} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function NodeAnswer({ block, now }: { block: gateway.FoundBlock; now: number }) {
  if (block.result === 'pending') return <span className="muted">waiting for template-manager's answer</span>;
  let what;
  if (block.node_answer !== null) {
    // The node's words verbatim, and the reason read from them when it says more than the words themselves.
    what = (
      <>
        <code>{block.node_answer}</code>
        {block.reason !== null && block.reason !== block.node_answer && <span> ({block.reason})</span>}
      </>
    );
  } else if (block.result === 'accepted') {
    what = (
      <>
        <code>null</code> <span className="muted">(submitblock's answer for a new block)</span>
      </>
    );
  } else {
    // An RPC error, or template-manager could not be reached: there is no answer, only the reason.
    what = <span>{block.reason ?? 'no answer'}</span>;
  }
  return (
    <span>
      {what}
      {block.answered_at !== null && (
        <span className="muted small">
          {' '}
          · <Time at={block.answered_at} now={now} />
        </span>
      )}
    </span>
  );
}

function shortHash(hash: string): string {
  return hash.length > 20 ? `${hash.slice(0, 10)}…${hash.slice(-8)}` : hash;
}
