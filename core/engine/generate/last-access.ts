import type { LastAccessEvidence } from "./types.js";

const STRENGTH = ["unused", "unknown", "accessed-service", "used"] as const;

/**
 * The evidence of several principals at once (the members of a group, the holders of a shared
 * policy): an action is unused only when it is unused by every one of them.
 */
export function combinedEvidence(all: readonly LastAccessEvidence[]): LastAccessEvidence {
  return {
    verdict(actionKey) {
      let best: (typeof STRENGTH)[number] = "unused";
      for (const evidence of all) {
        const verdict = evidence.verdict(actionKey);
        if (STRENGTH.indexOf(verdict) > STRENGTH.indexOf(best)) best = verdict;
      }
      return all.length === 0 ? "unknown" : best;
    },
  };
}
