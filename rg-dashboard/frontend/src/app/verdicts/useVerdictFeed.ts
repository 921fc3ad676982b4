import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api/client';
import {
  fetchVerdicts,
  isoOf,
  matchesFilters,
  MAX_LIMIT,
  outcomeOf,
  parseSince,
  type Verdict,
  type VerdictFilters,
} from '../../api/verdicts';

export const PAGE_SIZE = 50;
/** How many verdicts one live poll may bring; more means the page reloads (a burst outran the poll). */
const POLL_LIMIT = 500;

export interface FeedState {
  /** Newest first, at most PAGE_SIZE. */
  rows: Verdict[];
  hasNext: boolean;
  /** `before` of the previous page: null for the first page; undefined when this is the first page. */
  prevBefore: number | null | undefined;
  /** Rows that arrived with the latest update, highlighted briefly. */
  newIds: ReadonlySet<number>;
  /** New verdicts held back while the user is scrolled down the table (shown on "show" or back at the top). */
  pending: number;
  loaded: boolean;
  up: boolean | null;
  error: Error | null;
  lastOkAt: number | null;
}

const EMPTY: FeedState = {
  rows: [],
  hasNext: false,
  prevBefore: undefined,
  newIds: new Set(),
  pending: 0,
  loaded: false,
  up: null,
  error: null,
  lastOkAt: null,
};

interface Live {
  rows: Verdict[];
  hasNext: boolean;
  pending: Verdict[];
  /** recorded_at of the newest verdict seen: the next poll asks `since` it (inclusive; ids dedupe). */
  watermark: string | null;
  maxId: number;
  loaded: boolean;
}

/**
 * The verdicts of one page of the Verdicts table, for `filters` and the page anchor `before` (an id: the page
 * shows the matching verdicts older than it; null for the newest page).
 *
 * The newest page is live: after the first load it polls every `pollMs` for verdicts `since` the newest one it
 * has, so each poll carries only what is new. New rows are added at the top and flagged in `newIds` when the
 * table's top is on screen (`isAtTop`); otherwise they wait in `pending` so the rows under the user's eyes do
 * not move. Older pages are loaded once (retried while the verifier is down) with the verifier's before=<id>.
 */
export function useVerdictFeed(
  filters: VerdictFilters,
  before: number | null,
  pollMs: number,
  isAtTop: () => boolean,
  enabled: boolean,
  pageSize: number = PAGE_SIZE,
): FeedState & { showPending: () => void } {
  const [state, setState] = useState<FeedState>(EMPTY);
  const live = useRef<Live | null>(null);
  const atTop = useRef(isAtTop);
  atTop.current = isAtTop;
  const filterKey = JSON.stringify([filters.reason, filters.accepted, filters.since]);

  const merge = useCallback((fresh: Verdict[], forceShow: boolean) => {
    const feed = live.current;
    if (feed === null) return;
    if (fresh.length === 0 && (!forceShow || feed.pending.length === 0)) return;
    if (!forceShow && !atTop.current()) {
      feed.pending = [...fresh, ...feed.pending].slice(0, pageSize + 1);
      setState((s) => ({ ...s, pending: feed.pending.length }));
      return;
    }
    const arrived = [...fresh, ...feed.pending];
    const combined = [...arrived, ...feed.rows];
    feed.rows = combined.slice(0, pageSize);
    feed.hasNext = feed.hasNext || combined.length > pageSize;
    feed.pending = [];
    setState((s) => ({
      ...s,
      rows: feed.rows,
      hasNext: feed.hasNext,
      newIds: new Set(arrived.map((v) => v.id)),
      pending: 0,
    }));
  }, [pageSize]);

  useEffect(() => {
    setState(EMPTY);
    live.current = null;
    if (!enabled) return;
    const controller = new AbortController();
    const signal = controller.signal;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const [reason, accepted, since] = JSON.parse(filterKey) as [string | null, VerdictFilters['accepted'], string | null];
    const current: VerdictFilters = { reason, accepted, since };
    const outcome = outcomeOf(current);
    const sinceIso = () => {
      const parsed = parseSince(current.since, Date.now());
      return parsed.ok && parsed.epochMs !== null ? isoOf(parsed.epochMs) : null;
    };
    const ok = () => ({ up: true, error: null, lastOkAt: Date.now(), loaded: true });

    const loadOlderPage = async (anchor: number) => {
      // The page itself comes from the verifier's before=<id>, however deep in the history. The link to the
      // newer page needs the pageSize verdicts just above the anchor, which the API lists only from the newest:
      // within its newest MAX_LIMIT that link is exact, deeper it goes to the newest page.
      const [page, newest] = await Promise.all([
        fetchVerdicts(outcome, pageSize + 1, sinceIso(), signal, anchor),
        fetchVerdicts(outcome, MAX_LIMIT, sinceIso(), signal),
      ]);
      const newer = newest.verdicts.filter((v) => v.id >= anchor);
      const anchorListed = newest.verdicts.some((v) => v.id < anchor) || !newest.truncated;
      setState({
        ...EMPTY,
        ...ok(),
        rows: page.verdicts.slice(0, pageSize),
        hasNext: page.verdicts.length > pageSize,
        // The previous page is the pageSize verdicts just newer than this one: those below the id before them.
        prevBefore: !anchorListed || newer.length <= pageSize ? null : newer[newer.length - pageSize - 1]!.id,
            });
    };

    const feed: Live = { rows: [], hasNext: false, pending: [], watermark: null, maxId: 0, loaded: false };
    live.current = feed;
    const absorb = (verdicts: Verdict[]) => {
      for (const v of verdicts) {
        if (v.id > feed.maxId) {
          feed.maxId = v.id;
          feed.watermark = v.recorded_at;
        }
      }
    };

    // The newest page's first load, and its reload after a burst too large for one poll.
    const loadNewest = async () => {
      const sinceNow = sinceIso();
      const page = await fetchVerdicts(outcome, pageSize + 1, sinceNow, signal);
      const previousMax = feed.maxId;
      absorb(page.verdicts);
      if (!feed.loaded) {
        feed.loaded = true;
        feed.rows = page.verdicts.slice(0, pageSize);
        feed.hasNext = page.verdicts.length > pageSize;
        setState({ ...EMPTY, ...ok(), rows: feed.rows, hasNext: feed.hasNext });
        return;
      }
      setState((s) => ({ ...s, ...ok() }));
      merge(
        page.verdicts.filter((v) => v.id > previousMax),
        false,
      );
    };

    const poll = async () => {
      const userSince = sinceIso();
      const since =
        feed.watermark === null
          ? userSince
          : userSince !== null && Date.parse(userSince) > Date.parse(feed.watermark)
            ? userSince
            : feed.watermark;
      const polled = await fetchVerdicts(outcome, POLL_LIMIT, since, signal);
      const previousMax = feed.maxId;
      const fresh = polled.verdicts.filter((v) => v.id > previousMax && matchesFilters(current, v));
      if (polled.truncated && fresh.length <= pageSize) {
        // More arrived than one poll carries and fewer than a page of them match: the matching ones just
        // before them may be missing, so ask for the newest page again.
        await loadNewest();
        return;
      }
      absorb(polled.verdicts);
      setState((s) => ({ ...s, ...ok() }));
      merge(fresh, false);
    };

    const tick = async () => {
      try {
        if (before !== null) {
          await loadOlderPage(before);
          return; // older pages are history: loaded once
        }
        if (feed.loaded) await poll();
        else await loadNewest();
      } catch (error) {
        if (signal.aborted) return;
        const unauthenticated = error instanceof ApiError && error.status === 401;
        const final = error instanceof ApiError && error.status >= 400 && error.status < 500;
        setState((s) => ({ ...s, error: error as Error, up: unauthenticated ? s.up : final ? true : false }));
        if (final) return; // a bad filter or a lost session: polling again cannot help
      }
      if (!signal.aborted) timer = setTimeout(() => void tick(), pollMs);
    };
    void tick();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [filterKey, before, pollMs, enabled, merge, pageSize]);

  // Back at the top of the table: what was held back comes in.
  useEffect(() => {
    if (state.pending === 0) return;
    const onScroll = () => {
      if (atTop.current()) merge([], true);
    };
    window.addEventListener('scroll', onScroll, { passive: true });
    return () => window.removeEventListener('scroll', onScroll);
  }, [state.pending, merge]);

  const showPending = useCallback(() => merge([], true), [merge]);
  return { ...state, showPending };
}
