import { useEffect, useState } from 'react';
import { ApiError } from '../../api/client';
import {
  listTemplates,
  PATHS,
  type CompactTemplate,
  type TemplateVerdict,
} from '../../api/templates';

/** How many templates the page keeps (template-manager retains 64 by default). */
export const MAX_ROWS = 50;

/**
 * - connecting: waiting for the first answer
 * - live: the SSE stream is open
 * - polling: the stream failed; the list is polled until it reconnects
 * - down: neither the stream nor the list answers (the rows are the last good data)
 */
export type Connection = 'connecting' | 'live' | 'polling' | 'down';

export interface TemplateRow {
  sequence: number;
  height: number;
  prev_hash: string;
  tx_count: number;
  total_fees: number;
  /** Only the stream carries the weight; null for rows known from the list alone. */
  total_weight: number | null;
  weight_limit: number | null;
  coinbase_value: number;
  curtime: number;
  received_at: number;
  source: string;
  verdict: {
    outcome: string;
    reason_code: string | null;
    latency_ms: number;
    verdict_at: number;
  } | null;
}

export interface TemplateFeed {
  /** Newest first. */
  rows: TemplateRow[];
  connection: Connection;
  error: Error | null;
  /** When the last stream event or list answer arrived. */
  lastOkAt: number | null;
  newSequences: ReadonlySet<number>;
  loaded: boolean;
}

export interface FeedTiming {
  pollMs: number;
  /** How long after the stream closed for good (an HTTP error) a new one is opened. */
  reconnectMs: number;
}

const INITIAL: TemplateFeed = {
  rows: [],
  connection: 'connecting',
  error: null,
  lastOkAt: null,
  newSequences: new Set(),
  loaded: false,
};

function fromCompact(t: CompactTemplate, known: TemplateRow | undefined): TemplateRow {
  return {
    sequence: t.sequence,
    height: t.height,
    prev_hash: t.prev_hash,
    tx_count: t.tx_count,
    total_fees: t.total_fees,
    total_weight: t.total_weight ?? known?.total_weight ?? null,
    weight_limit: t.weight_limit ?? known?.weight_limit ?? null,
    coinbase_value: t.coinbase_value,
    curtime: t.curtime,
    received_at: t.received_at,
    source: t.source,
    verdict: t.verdict ?? known?.verdict ?? null,
  };
}

/**
 * The live list of templates with their verdicts: the list once (history), then template-manager's SSE stream
 * resumed after the newest template listed; while the stream is down, the list is polled instead.
 */
export function useTemplateFeed({ pollMs, reconnectMs }: FeedTiming): TemplateFeed {
  const [state, setState] = useState<TemplateFeed>(INITIAL);

  useEffect(() => {
    const controller = new AbortController();
    const rows = new Map<number, TemplateRow>();
    let maxSequence = 0;
    let lastEventId: string | null = null;
    let connection: Connection = 'connecting';
    let error: Error | null = null;
    let lastOkAt: number | null = null;
    let loaded = false;
    let fresh = new Set<number>();
    let source: EventSource | null = null;
    let pollTimer: ReturnType<typeof setTimeout> | undefined;
    let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
    let polling = false;

    const publish = () => {
      const sorted = [...rows.values()].sort((a, b) => b.sequence - a.sequence);
      for (const old of sorted.slice(MAX_ROWS)) rows.delete(old.sequence);
      setState({ rows: sorted.slice(0, MAX_ROWS), connection, error, lastOkAt, newSequences: fresh, loaded });
      fresh = new Set();
    };
    // Sequences restart at 1 with template-manager: a list whose newest is below the newest seen, or a stream
    // whose first event is below the one it resumed after, means it restarted and the old rows are another run's.
    const restart = () => {
      rows.clear();
      maxSequence = 0;
    };
    const sequenceOf = (eventId: string | null) => {
      const match = eventId === null ? null : /^(\d+)/.exec(eventId);
      return match ? Number(match[1]) : 0;
    };
    const noteSequence = (sequence: number) => {
      if (sequence > maxSequence) {
        if (loaded) fresh.add(sequence);
        maxSequence = sequence;
      }
    };

    const applyList = (templates: CompactTemplate[]) => {
      const newest = templates[0];
      if (newest !== undefined && newest.sequence < maxSequence) restart();
      for (const t of [...templates].reverse()) {
        noteSequence(t.sequence);
        rows.set(t.sequence, fromCompact(t, rows.get(t.sequence)));
      }
      loaded = true;
    };

    const poll = async () => {
      try {
        applyList((await listTemplates(MAX_ROWS, controller.signal)).templates);
        lastOkAt = Date.now();
        error = null;
        if (polling) connection = 'polling';
      } catch (e) {
        if (controller.signal.aborted) return;
        if (!(e instanceof ApiError && e.status === 401)) {
          error = e as Error;
          if (connection !== 'live') connection = 'down';
        }
      }
      publish();
    };
    const pollLoop = async () => {
      if (!polling || controller.signal.aborted) return;
      await poll();
      if (polling && !controller.signal.aborted) pollTimer = setTimeout(() => void pollLoop(), pollMs);
    };
    const startPolling = () => {
      if (polling) return;
      polling = true;
      void pollLoop();
    };
    const stopPolling = () => {
      polling = false;
      clearTimeout(pollTimer);
    };

    const openStream = () => {
      if (controller.signal.aborted) return;
      // Same origin: the session cookie goes with it; withCredentials only matters cross-origin.
      const stream = new EventSource(PATHS.stream(lastEventId), { withCredentials: false });
      source = stream;
      let resumedAfter = 0;
      let first = true;
      const checkRestart = (sequence: number) => {
        if (first && sequence < resumedAfter) restart();
        first = false;
      };
      stream.addEventListener('open', () => {
        // Also on the browser's own reconnects, which resume after the last event id received.
        resumedAfter = sequenceOf(lastEventId);
        first = true;
        connection = 'live';
        error = null;
        lastOkAt = Date.now();
        stopPolling();
        publish();
      });
      stream.addEventListener('template', (event) => {
        const message = event as MessageEvent<string>;
        let body: CompactTemplate;
        try {
          body = JSON.parse(message.data) as CompactTemplate;
        } catch {
          return; // a malformed event is skipped; the next one or the list brings the state back
        }
        if (message.lastEventId) lastEventId = message.lastEventId;
        checkRestart(body.sequence);
        noteSequence(body.sequence);
        const known = rows.get(body.sequence);
        rows.set(body.sequence, { ...fromCompact(body, known), verdict: body.verdict ?? known?.verdict ?? null });
        loaded = true;
        lastOkAt = Date.now();
        publish();
      });
      stream.addEventListener('verdict', (event) => {
        const message = event as MessageEvent<string>;
        let verdict: TemplateVerdict;
        try {
          verdict = JSON.parse(message.data) as TemplateVerdict;
        } catch {
          return;
        }
        if (message.lastEventId) lastEventId = message.lastEventId;
        checkRestart(verdict.sequence);
        const row = rows.get(verdict.sequence);
        if (row !== undefined) {
          rows.set(verdict.sequence, {
            ...row,
            verdict: {
              outcome: verdict.outcome,
              reason_code: verdict.reason_code,
              latency_ms: verdict.verdict_latency_ms,
              verdict_at: verdict.verdict_at,
            },
          });
        }
        lastOkAt = Date.now();
        publish();
      });
      stream.addEventListener('error', () => {
        if (controller.signal.aborted) return;
        if (stream.readyState === EventSource.CLOSED) {
          // An HTTP error (the dashboard's 502 when template-manager is down): EventSource gives up, so retry.
          source = null;
          clearTimeout(reconnectTimer);
          reconnectTimer = setTimeout(openStream, reconnectMs);
        }
        // CONNECTING: the browser reconnects by itself (sending Last-Event-ID); poll meanwhile.
        if (connection === 'live' || connection === 'connecting') {
          connection = 'polling';
          publish();
        }
        startPolling();
      });
    };

    void (async () => {
      await poll();
      if (controller.signal.aborted) return;
      if (maxSequence > 0) lastEventId = String(maxSequence);
      openStream();
    })();

    return () => {
      controller.abort();
      stopPolling();
      clearTimeout(reconnectTimer);
      source?.close();
    };
  }, [pollMs, reconnectMs]);

  return state;
}
