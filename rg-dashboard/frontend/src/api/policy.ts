import { ApiError, request } from './client';

// pool-verifier's policy API through the dashboard (/api/verifier/x -> pool-verifier /api/x). Bodies sent are raw
// TOML (text/plain, at most 64 KiB); answers are JSON. Validation and what-if are dry runs a viewer may make too.
export const POLICY_PATHS = {
  policy: '/api/verifier/policy',
  validate: '/api/verifier/policy/validate',
  whatIf: (last: number) => `/api/verifier/policy/what-if?last=${last}`,
} as const;

/** Longest draft the verifier accepts (PolicyController.MAX_POLICY_BYTES), in UTF-8 bytes. */
export const MAX_POLICY_BYTES = 64 * 1024;

/** One problem of a policy file, as the verifier's parser reports it; line 0 when it has none (e.g. too long). */
export interface PolicyProblem {
  key: string;
  line: number;
  message: string;
}

/** GET /api/policy (PolicyController.PolicyView). `toml` is the canonical text the sha256 covers. */
export interface ActivePolicy {
  loaded: boolean;
  version: number;
  sha256: string | null;
  toml: string | null;
  source: string;
  problems: PolicyProblem[];
}

/** POST /api/policy/validate (PolicyController.Validation). */
export interface PolicyValidation {
  valid: boolean;
  sha256: string | null;
  toml: string | null;
  problems: PolicyProblem[];
}

/** PUT /api/policy (PolicyController.Applied). `persisted` false: active now, but lost on a restart. */
export interface AppliedPolicy {
  version: number;
  sha256: string;
  toml: string;
  persisted: boolean;
  persist_problem: string | null;
}

/** The checks of a verdict, as the verifier lists them (pool-verifier `checks`). */
export type { CheckValue, PolicyCheck } from './verdicts';
import type { PolicyCheck } from './verdicts';

export interface WhatIfOutcome {
  accepted: boolean;
  reason_code: string | null;
  reasons: string[];
}

export interface WhatIfFlip {
  verdict_id: number | null;
  height: number;
  judged_at: string;
  before: WhatIfOutcome;
  after: WhatIfOutcome & { checks: PolicyCheck[] };
}

/** POST /api/policy/what-if?last=N: the last N judged templates replayed against the draft. */
export interface WhatIfReport {
  draft_sha256: string;
  active_version: number;
  active_sha256: string | null;
  kept: number;
  evaluated: number;
  accepted_before: number;
  accepted_after: number;
  flips_count: number;
  flips: WhatIfFlip[];
}

export const activePolicy = (signal?: AbortSignal) => request<ActivePolicy>(POLICY_PATHS.policy, { signal });

export const validatePolicy = (draft: string, signal?: AbortSignal) =>
  request<PolicyValidation>(POLICY_PATHS.validate, { method: 'POST', text: draft, signal });

export const whatIf = (draft: string, last: number, signal?: AbortSignal) =>
  request<WhatIfReport>(POLICY_PATHS.whatIf(last), { method: 'POST', text: draft, signal });

export const applyPolicy = (draft: string) =>
  request<AppliedPolicy>(POLICY_PATHS.policy, { method: 'PUT', text: draft });

/** The problems of a 400 invalid_policy answer (PUT or what-if), or null for any other failure. */
export function policyProblemsOf(error: unknown): PolicyProblem[] | null {
  if (!(error instanceof ApiError) || error.code !== 'invalid_policy') return null;
  const body = error.body;
  if (typeof body !== 'object' || body === null || !('problems' in body) || !Array.isArray(body.problems)) return [];
  return body.problems.filter(isProblem);
}

function isProblem(value: unknown): value is PolicyProblem {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate.key === 'string' && typeof candidate.line === 'number' && typeof candidate.message === 'string';
}

/** UTF-8 length of a draft, checked before sending so a huge paste gets a clear message instead of a 413. */
export function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}
