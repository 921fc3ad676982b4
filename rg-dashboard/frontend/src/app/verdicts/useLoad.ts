import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api/client';

export interface LoadState<T> {
  data: T | null;
  lastOkAt: number | null;
  error: Error | null;
  /** null while the first attempt runs; false while the service is down (retrying). */
  up: boolean | null;
  /** True when the answer is final and not retried: a 4xx such as 404. */
  settled: boolean;
}

const INITIAL = { data: null, lastOkAt: null, error: null, up: null, settled: false };

/**
 * Loads `fetcher` once per `key`; while the service is down (network error, 5xx) it retries every `retryMs`
 * instead of leaving a spinner, and a 4xx answer is final. A key change starts over.
 */
export function useLoad<T>(key: string, fetcher: (signal: AbortSignal) => Promise<T>, retryMs: number): LoadState<T> {
  const [state, setState] = useState<LoadState<T>>(INITIAL);
  const fetcherRef = useRef(fetcher);
  fetcherRef.current = fetcher;

  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    setState(INITIAL);
    const attempt = async () => {
      try {
        const data = await fetcherRef.current(controller.signal);
        if (controller.signal.aborted) return;
        setState({ data, lastOkAt: Date.now(), error: null, up: true, settled: true });
      } catch (error) {
        if (controller.signal.aborted) return;
        const final = error instanceof ApiError && error.status >= 400 && error.status < 500;
        setState((previous) => ({ ...previous, error: error as Error, up: final ? true : false, settled: final }));
        if (!final) timer = setTimeout(() => void attempt(), retryMs);
      }
    };
    void attempt();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [key, retryMs]);

  return state;
}
