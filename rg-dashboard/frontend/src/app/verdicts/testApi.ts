// Test support for the verdicts and templates pages (imported by *.test.tsx only): a fetch stand-in that
// answers by path and query parameters, since these pages build their queries (since, limit, reason) at run time.
import { vi } from 'vitest';
import type { Verdict } from '../../api/verdicts';

export interface ApiCall {
  method: string;
  pathname: string;
  params: URLSearchParams;
  /** pathname + search, as sent. */
  url: string;
}

export type ApiReply = { status?: number; json?: unknown } | 'network-error';

/** Replaces fetch; `answer` returns the reply for a call, or undefined for a 404 not_found. */
export function fakeApi(answer: (call: ApiCall) => ApiReply | undefined) {
  const calls: ApiCall[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(String(input), 'http://dashboard.test');
      const call: ApiCall = {
        method: (init?.method ?? 'GET').toUpperCase(),
        pathname: url.pathname,
        params: url.searchParams,
        url: url.pathname + url.search,
      };
      calls.push(call);
      const reply = answer(call) ?? { status: 404, json: { error: 'not_found', message: `no route ${call.url}` } };
      if (reply === 'network-error') throw new TypeError('Failed to fetch');
      return new Response(reply.json === undefined ? '' : JSON.stringify(reply.json), {
        status: reply.status ?? 200,
        headers: { 'Content-Type': 'application/json' },
      });
    }),
  );
  return { calls };
}

export const VERIFIER_DOWN: ApiReply = {
  status: 502,
  json: { error: 'backend_unavailable', message: 'pool-verifier is not reachable; is it running?', service: 'pool-verifier' },
};

const MEASURED = {
  tx_count: 4018,
  total_fees: 21_318_494,
  avg_fee: 5305.747635639622,
  weight: 3_990_322,
  weight_ratio: 0.9975805,
  sigops: 10_744,
  coinbase_sigops: 400,
  template_age_secs: 4,
};

const THRESHOLDS = {
  min_avg_fee: 5000,
  min_total_fees: 0,
  max_tx_count: 10_000,
  max_weight_ratio: 0.999,
  max_template_age_secs: 30,
  max_sigops_cost: 80_000,
  max_coinbase_sigops: 20_000,
};

export const POLICY_HASH = '1160ef1fc6364c4fa45e562583a269a9092f72c01217a7ad8cc02f8860d37a97';

/** A verdict as today's pool-verifier records it (no `checks` / `tier_basis`), accepted unless reasons are given. */
export function verdict(id: number, reasons: string[] = [], recordedAt = `2026-12-03T13:00:${String(id % 60).padStart(2, '0')}.5Z`): Verdict {
  return {
    id,
    recorded_at: recordedAt,
    peer: '127.0.0.1:40112',
    request_id: id + 100,
    template: {
      height: 900_000,
      prev_hash: '00000000000000000000c0bd8867a7ab750a0ca26759dd9f26d33aa8f3b7499d',
      curtime: 1_796_304_400,
      coinbase_value: 333_818_494,
    },
    accepted: reasons.length === 0,
    reason_code: reasons[0] ?? null,
    reasons,
    context: {
      tier: 'hi',
      mempool_tx_count: 74_212,
      thresholds: { ...THRESHOLDS },
      // A weight_ratio_exceeded verdict carries a ratio above the maximum, as the engine measured it.
      measured: reasons.includes('weight_ratio_exceeded')
        ? { ...MEASURED, weight: 3_996_322, weight_ratio: 0.9990805 }
        : { ...MEASURED },
      policy_version: 1,
      policy_hash: POLICY_HASH,
      evaluation_micros: 206,
    },
  };
}
