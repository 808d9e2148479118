import { keyLabel } from "./access-key-subject.js";
import type { AccountDetector } from "./context.js";
import { buildFinding } from "./finding.js";

/** CIS 1.4: the root user has no active access keys (they cannot be limited by any policy). */
export const rootAccessKey: AccountDetector = {
  kind: "root-access-key",
  scope: "account",
  needs: [],
  detect(ctx) {
    const root = ctx.snapshot.root;
    const active = root?.accessKeys.filter((k) => k.status === "Active") ?? [];
    if (!root || active.length === 0) return [];
    return [
      buildFinding("root-access-key", [root.arn], {
        principalArn: root.arn,
        title: `The root user has ${active.length} active access key${active.length > 1 ? "s" : ""}`,
        detail: "Root access keys carry unrestricted access to the account and no policy can limit them.",
        evidence: {
          keys: active.map((k) => ({
            key: keyLabel(k),
            created: k.created ?? null,
            lastUsed: k.lastUsed ?? null,
          })),
        },
      }),
    ];
  },
};
