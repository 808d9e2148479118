import { parsePolicyOrThrow } from "../../core/engine/policy/parse.js";
import {
  type PolicyInput,
  PrincipalPermissions,
  type PrincipalPolicies,
} from "../../core/engine/policy/principal-permissions.js";
import { catalog } from "./catalog.js";

/** A policy document from statements, as a test names it. */
export function doc(...Statement: object[]) {
  return { Version: "2012-10-17", Statement };
}

export function input(source: string, document: unknown): PolicyInput {
  return { source, policy: parsePolicyOrThrow(document, source) };
}

export function principal(identity: PolicyInput[], rest: Omit<PrincipalPolicies, "identity"> = {}) {
  return new PrincipalPermissions(catalog, { identity, ...rest });
}

export const ADMIN = doc({ Effect: "Allow", Action: "*", Resource: "*" });
