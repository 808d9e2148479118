import { keyLabel } from "./access-key-subject.js";
import type { AccountDetector } from "./context.js";
import { buildFinding } from "./finding.js";

/** IAM allows two keys so that one can be rotated; two active keys past a rotation are a spare secret. */
export const multipleActiveAccessKeys: AccountDetector = {
  kind: "multiple-active-access-keys",
  scope: "account",
  needs: [],
  detect(ctx) {
    return Object.values(ctx.snapshot.credentials).flatMap((c) => {
      const active = c.accessKeys.filter((k) => k.status === "Active");
      if (active.length < 2) return [];
      return [
        buildFinding("multiple-active-access-keys", [c.userArn], {
          principalArn: c.userArn,
          title: `User ${c.userName} has ${active.length} active access keys`,
          detail: "More than one active access key doubles the secrets to protect.",
          evidence: {
            keys: active.map((k) => ({
              key: keyLabel(k),
              created: k.created ?? null,
              lastUsed: k.lastUsed ?? null,
            })),
          },
        }),
      ];
    });
  },
};
