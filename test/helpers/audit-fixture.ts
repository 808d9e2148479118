import type { ActivityItem, ActivitySource } from "../../core/engine/activity/types.js";
import { auditConfig } from "../../core/engine/audit/config.js";
import { runAudit } from "../../core/engine/audit.js";
import type { Report } from "../../core/engine/report/schema.js";
import type { Snapshot } from "../../core/engine/snapshot/model.js";
import { catalog } from "./catalog.js";

/** When the fixture audits run: the 90 days before it hold the fixtures' events. */
export const AUDIT_NOW = new Date("2026-06-01T00:00:00Z");

/** A whole engine audit of a snapshot and one trail of these items, as of AUDIT_NOW. */
export function auditOf(snapshot: Snapshot, items: ActivityItem[], config: unknown = {}): Promise<Report> {
  const trail: ActivitySource = {
    description: "fixture trail",
    async *read() {
      yield items;
    },
  };
  return runAudit(
    { snapshot: { description: "fixture", load: async () => snapshot }, activity: [trail] },
    { catalog, now: AUDIT_NOW, days: 90, version: "test", config: auditConfig(config) },
  );
}
