// The one way the dashboard talks to its server. Every service answers errors as {"error","message"}
// (plus retry_after_seconds on 429/503, and service on the dashboard's 502/504 backend_unavailable);
// this module turns any failure into an ApiError so pages only ever show `error.message`.

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly retryAfterSeconds: number | null;
  /** For backend_unavailable: which backend the dashboard could not reach. */
  readonly service: string | null;
  readonly body: unknown;

  constructor(
    status: number,
    code: string,
    message: string,
    retryAfterSeconds: number | null = null,
    service: string | null = null,
    body: unknown = null,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
    this.service = service;
    this.body = body;
  }

  /** True when the backend behind the dashboard (or the dashboard itself) did not answer. */
  get unavailable(): boolean {
    return this.code === 'backend_unavailable' || this.code === 'network_error' || this.status >= 500;
  }

  /** True when there is no valid session: the app goes back to the login page. */
  get unauthenticated(): boolean {
    return this.status === 401 && this.code === 'not_authenticated';
  }
}

/** The text to show a person for any thrown value. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 429 && error.retryAfterSeconds !== null) {
      return `${error.message} - try again in ${error.retryAfterSeconds} s`;
    }
    return error.message;
  }
  if (error instanceof Error) {
    return error.message;
  }
  return String(error);
}

type Listener = () => void;

let csrfToken: string | null = null;
const unauthorizedListeners = new Set<Listener>();

/** Remembers the csrf_token of the session (from login or /me); writes send it as X-CSRF-Token. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function getCsrfToken(): string | null {
  return csrfToken;
}

/** Called whenever a request finds the session gone (401 not_authenticated). Returns an unsubscribe function. */
export function onUnauthorized(listener: Listener): () => void {
  unauthorizedListeners.add(listener);
  return () => {
    unauthorizedListeners.delete(listener);
  };
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as is with Content-Type text/plain (TOML policies). */
  text?: string;
  signal?: AbortSignal;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json' };
  let body: string | undefined;
  if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.text !== undefined) {
    headers['Content-Type'] = 'text/plain; charset=utf-8';
    body = options.text;
  }
  if (!SAFE_METHODS.has(method) && csrfToken !== null) {
    headers['X-CSRF-Token'] = csrfToken;
  }

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') {
      throw cause;
    }
    throw new ApiError(0, 'network_error', 'the dashboard server did not answer (network error)');
  }

  const raw = await response.text();
  const parsed = parseJson(raw);
  if (response.ok) {
    return (parsed ?? (raw === '' ? null : raw)) as T;
  }
  const error = toApiError(response, parsed, raw);
  if (error.unauthenticated) {
    for (const listener of [...unauthorizedListeners]) {
      listener();
    }
  }
  throw error;
}

function parseJson(raw: string): unknown {
  if (raw === '') {
    return null;
  }
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return null;
  }
}

function toApiError(response: Response, parsed: unknown, raw: string): ApiError {
  const body = isRecord(parsed) ? parsed : {};
  const code = typeof body.error === 'string' ? body.error : `http_${response.status}`;
  let message = typeof body.message === 'string' && body.message !== '' ? body.message : fallbackMessage(response, raw);
  const service = typeof body.service === 'string' ? body.service : null;
  if (code === 'backend_unavailable' && typeof body.message !== 'string') {
    message = `${service ?? 'the service'} is unavailable`;
  }
  return new ApiError(response.status, code, message, retryAfter(response, body), service, parsed);
}

function retryAfter(response: Response, body: Record<string, unknown>): number | null {
  const fromBody = body.retry_after_seconds;
  if (typeof fromBody === 'number' && Number.isFinite(fromBody)) {
    return Math.max(0, Math.ceil(fromBody));
  }
  const header = response.headers.get('Retry-After');
  if (header !== null && /^\d+$/.test(header.trim())) {
    return Number(header.trim());
  }
  return null;
}

function fallbackMessage(response: Response, raw: string): string {
  const text = raw.trim();
  if (text !== '' && text.length <= 200 && !text.startsWith('<')) {
    return text;
  }
  return `request failed: HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
