import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/client';

export interface PollState<T> {
  /** The last successful answer, kept while the service is down. */
  data: T | null;
  /** When `data` was fetched (epoch ms). */
  lastOkAt: number | null;
  /** The error of the latest attempt, null when it succeeded. */
  error: Error | null;
  /** null until the first attempt finished. */
  up: boolean | null;
}

/**
 * Calls `fetcher` now and then `intervalMs` after each answer (never two at once), keeping the last good data.
 * A 401 is not "down": the client already sent the app to the login page.
 */
export function usePoll<T>(fetcher: (signal: AbortSignal) => Promise<T>, intervalMs: number): PollState<T> {
  const [state, setState] = useState<PollState<T>>({ data: null, lastOkAt: null, error: null, up: null });
  const fetcherRef = useRef(fetcher);
  fetcherRef.current = fetcher;

  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        const data = await fetcherRef.current(controller.signal);
        if (controller.signal.aborted) return;
        setState({ data, lastOkAt: Date.now(), error: null, up: true });
      } catch (error) {
        if (controller.signal.aborted) return;
        const unauthenticated = error instanceof ApiError && error.status === 401;
        setState((previous) => ({ ...previous, error: error as Error, up: unauthenticated ? previous.up : false }));
      }
      timer = setTimeout(() => void tick(), intervalMs);
    };
    void tick();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [intervalMs]);

  return state;
}

/** The current time, updated every `everyMs`, for "12 s ago" labels. */
export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(id);
  }, [everyMs]);
  return now;
}

export function formatAge(ms: number): string {
  const secs = Math.max(0, Math.round(ms / 1000));
  if (secs < 60) return `${secs} s`;
  const mins = Math.floor(secs / 60);
  if (mins < 60) return `${mins} min ${secs % 60} s`;
  const hours = Math.floor(mins / 60);
  if (hours < 48) return `${hours} h ${mins % 60} min`;
  return `${Math.floor(hours / 24)} d`;
}
