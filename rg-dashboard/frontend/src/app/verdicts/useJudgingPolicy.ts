import { useCallback } from 'react';
import { fetchActivePolicy } from '../../api/verdicts';
import { policyKnobs, type PolicyKnobs } from './checks';
import { useLoad } from './useLoad';

export interface JudgingPolicy {
  /** The active policy's bounds, when it is the policy that judged (same sha256); else null. */
  knobs: PolicyKnobs | null;
  judgedByActive: boolean;
  /** The verifier's active policy version, null until known. */
  activeVersion: number | null;
}

/**
 * A verdict records its policy's hash and thresholds but not every key (tier bounds, protocol version); when the
 * verifier's active policy is the one that judged, its TOML fills them in.
 */
export function useJudgingPolicy(policyHash: string | null, retryMs: number): JudgingPolicy {
  const policy = useLoad('active-policy', useCallback((signal: AbortSignal) => fetchActivePolicy(signal), []), retryMs);
  const active = policy.data;
  const judgedByActive =
    policyHash !== null && policyHash !== '' && active?.loaded === true && active.toml !== null && active.sha256 === policyHash;
  return {
    knobs: judgedByActive && active?.toml ? policyKnobs(active.toml) : null,
    judgedByActive,
    activeVersion: active?.loaded ? active.version : null,
  };
}
