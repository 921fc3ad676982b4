import { vi } from 'vitest';

export interface Call {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | undefined;
}

type Reply = { status?: number; json?: unknown; text?: string; headers?: Record<string, string> } | 'network-error';
type Handler = Reply | ((call: Call) => Reply | Promise<Reply>);

/**
 * Replaces global fetch with a table of "METHOD /path" -> reply (the path includes the query string).
 * An unknown route answers 404 so a test never hangs on it; every call is recorded for assertions.
 */
export function fakeServer(routes: Record<string, Handler>) {
  const calls: Call[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://dashboard.test');
    const call: Call = {
      method: (init?.method ?? 'GET').toUpperCase(),
      path: url.pathname + url.search,
      headers: Object.fromEntries(new Headers(init?.headers).entries()),
      body: typeof init?.body === 'string' ? init.body : undefined,
    };
    calls.push(call);
    const handler = routes[`${call.method} ${call.path}`];
    const reply: Reply =
      handler === undefined
        ? { status: 404, json: { error: 'not_found', message: `no route ${call.method} ${call.path}` } }
        : typeof handler === 'function'
          ? await handler(call)
          : handler;
    if (reply === 'network-error') throw new TypeError('Failed to fetch');
    const body = reply.json !== undefined ? JSON.stringify(reply.json) : (reply.text ?? '');
    return new Response(body, {
      status: reply.status ?? 200,
      headers: { 'Content-Type': reply.json !== undefined ? 'application/json' : 'text/plain', ...reply.headers },
    });
  });
  vi.stubGlobal('fetch', fetchMock);
  return { calls, fetchMock };
}
