import type { AccessKey } from "../snapshot/model.js";

/** How a key is named in findings: its id when known (live), else its credential-report slot. */
export function keyLabel(key: AccessKey): string {
  return key.id ?? `access key ${key.slot ?? "?"}`;
}
