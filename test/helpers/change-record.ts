import { type ChangeRecord, changeRecordSchema } from "../../core/engine/plans/change.js";

const user = "arn:aws:iam::123456789012:user/ann";

/** A valid change record of plan-1 (a user's own policy replaced), applied. */
export const changeRecord = (changeId: string): ChangeRecord =>
  changeRecordSchema.parse({
    formatVersion: 1,
    changeId,
    planId: "plan-1",
    createdAt: "2026-11-22T00:00:00.000Z",
    status: "applied",
    plan: {
      id: "plan-1",
      target: { type: "user", arn: user, name: "ann" },
      create: [{ name: "whittle-ann", document: { Version: "2012-10-17", Statement: [] } }],
      attach: ["whittle-ann"],
      detach: [],
      deleteInline: ["all"],
      principals: [user],
      checks: { withinCurrent: true, coversObserved: true },
      proofs: [{ principalArn: user, withinCurrent: true, coversObserved: true, violations: [] }],
      removedCount: 1,
      riskRemoved: 0,
      removedRisks: {},
      summary: "",
      before: {
        principals: [{ arn: user, type: "user", name: "ann", attached: [], inline: [] }],
        policies: [],
      },
      iac: { terraform: "", cloudformation: "" },
    },
    scope: { principals: [{ type: "user", name: "ann" }], policies: [] },
    before: { principals: [{ type: "user", name: "ann", attached: [], inline: [] }], policies: [] },
    creates: ["arn:aws:iam::123456789012:policy/whittle-ann"],
  });
