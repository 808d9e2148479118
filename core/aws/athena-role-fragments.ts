import { ROLE_PARAMETERS } from "../engine/activity/knowledge/authorizations/pass-role.js";

const ROLE_ARN_STRING = `"arn:aws[a-z-]*:iam::\\d{12}:role/[^"]*"`;

/**
 * `"roleArn": "arn:..."` or `"iamInstanceProfile": {...}` fragments of requestParameters, any depth;
 * and, under any other key naming a role, the role ARNs it holds however wrapped (a Config
 * remediation's `"AutomationAssumeRole": {"staticValue": {"values": [ARN]`), which the role scan
 * reads in calls documented to pass a role (documented-role-passing.ts). Only role ARNs: a key such
 * as `roleSessionName` would otherwise split the groups by its every value.
 */
export const ROLE_FRAGMENT = `(?i)"(?:${[...new Set(ROLE_PARAMETERS.map((p) => p.key))].join("|")})"\\s*:\\s*(?:"[^"]*"|\\{[^{}]*\\}|\\[[^\\[\\]]*\\])|"[^"]*role[^"]*"\\s*:\\s*(?:[\\[{]\\s*(?:"[^"]*"\\s*:\\s*)?)*${ROLE_ARN_STRING}(?:\\s*,\\s*${ROLE_ARN_STRING})*`;

/**
 * The role-holding fragments back into objects the authorizer's parameter scan reads. A key's
 * wrapped role ARNs end where the last ARN does: the wrapping is closed again, so the scan reads
 * the ARNs in the shape the call wrote them (a key the table knows inside stays that key).
 */
export function roleParameters(column: string | undefined): object[] {
  return (column ?? "").split("\n").flatMap((fragment) => {
    if (!fragment) return [];
    try {
      const value: unknown = JSON.parse(`{${closed(fragment)}}`);
      return value && typeof value === "object" ? [value] : [];
    } catch {
      return [];
    }
  });
}

/** A fragment with the objects and lists it opened and left open closed, in reverse order. */
function closed(fragment: string): string {
  const open: string[] = [];
  let inString = false;
  for (let i = 0; i < fragment.length; i++) {
    const c = fragment[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{") open.push("}");
    else if (c === "[") open.push("]");
    else if (c === "}" || c === "]") open.pop();
  }
  return fragment + open.reverse().join("");
}
