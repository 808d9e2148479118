import type { Catalog } from "../catalog/catalog.js";
import { parsePolicy } from "../policy/parse.js";
import { type PolicyInput, PrincipalPermissions } from "../policy/principal-permissions.js";
import type { Plan, PlanBaselinePrincipal } from "../report/schema.js";
import { inlineSource } from "../snapshot/policies-of.js";
import { provePrincipal } from "./prove.js";
import { entityKey } from "./state.js";

/**
 * Why the plan's new documents may grant a principal it touches more than it holds, proven again
 * from the plan's own reading of IAM (`before`, which apply has just found IAM still matches): a
 * plan's `proofs` are only what the file says, and a report edited since the audit could carry a
 * wider document beside proofs that still read "holds". Empty when every principal's proof holds.
 * SCPs are left out on both sides: they cap the current and the new policies alike. Only
 * withinCurrent is proven again; coversObserved needs the activity, which a plan does not hold.
 */
export function unprovenGrants(catalog: Catalog, plan: Plan): string[] {
  const { before } = plan;
  const principals = [...before.principals, ...(before.kept?.principals ?? [])];
  const documents = new Map<string, unknown>();
  for (const p of [...before.policies, ...(before.kept?.policies ?? [])]) documents.set(p.arn, p.document);
  const find = (type: string, name: string) => principals.find((p) => p.type === type && p.name === name);
  const out: string[] = [];
  const touched: PlanBaselinePrincipal[] = [];
  const reach = (type: string, name: string) => {
    const found = find(type, name);
    if (!found) out.push(`${type} ${name} is not in the plan's reading of IAM`);
    else if (found.type !== "group") touched.push(found);
    // A group read without its members (an edited plan) would leave no one to prove.
    else if (!found.members) out.push(`group ${name}'s members are not in the plan's reading of IAM`);
    else for (const member of found.members) reach("user", member);
  };
  if (plan.target.type === "policy") {
    const policy = before.policies.find((p) => p.arn === plan.target.arn);
    if (!policy) return [`${plan.target.arn} is not in the plan's reading of IAM`];
    for (const holder of policy.attachedTo) {
      const [type, name] = entityKey(holder).split("/") as [string, string];
      reach(type, name);
    }
  } else reach(plan.target.type, plan.target.name);
  const created = plan.create.map((c) => c.document);
  for (const principal of new Map(touched.map((p) => [p.arn, p])).values()) {
    const current = currentOf(catalog, plan, principal, find, documents, out);
    if (!current) continue;
    let proof: ReturnType<typeof provePrincipal>;
    try {
      proof = provePrincipal({
        principalArn: principal.arn,
        current: current.permissions,
        removed: current.removed,
        documents: created,
        calls: [],
      });
    } catch (error) {
      // A new document that cannot be read (an empty Statement) proves nothing.
      out.push(`${principal.arn}: ${(error as Error).message}`);
      continue;
    }
    if (!proof.withinCurrent)
      out.push(
        `${principal.arn}: ${proof.violations[0] ?? "the new policies are not within its current ones"}`,
      );
  }
  return out;
}

/** A principal's identity policies and boundary as the plan read them, and the sources the plan takes away. */
function currentOf(
  catalog: Catalog,
  plan: Plan,
  principal: PlanBaselinePrincipal,
  find: (type: string, name: string) => PlanBaselinePrincipal | undefined,
  documents: ReadonlyMap<string, unknown>,
  out: string[],
): { permissions: PrincipalPermissions; removed: Set<string> } | undefined {
  const read = (source: string, document: unknown): PolicyInput | undefined => {
    const { policy, problems } = parsePolicy(document, { kind: "identity" });
    if (policy && !problems.some((p) => p.severity === "error")) return { source, policy };
    out.push(`${source} in the plan's reading of IAM is not a policy that can be read`);
    return undefined;
  };
  const identity: { owner: string; input: PolicyInput | undefined }[] = [];
  const owners = [principal];
  for (const name of principal.type === "user" ? (principal.groups ?? []) : []) {
    const group = find("group", name);
    if (group) owners.push(group);
    else out.push(`group ${name} of ${principal.arn} is not in the plan's reading of IAM`);
  }
  for (const owner of owners) {
    for (const arn of owner.attached) {
      if (!documents.has(arn)) out.push(`${arn} of ${owner.arn} has no document in the plan`);
      else identity.push({ owner: owner.arn, input: read(arn, documents.get(arn)) });
    }
    for (const p of owner.inline)
      identity.push({ owner: owner.arn, input: read(inlineSource(owner.arn, p.name), p.document) });
  }
  let boundary: PolicyInput | undefined;
  if (principal.boundary) {
    if (!documents.has(principal.boundary))
      out.push(`${principal.boundary}, the boundary of ${principal.arn}, has no document in the plan`);
    else boundary = read(principal.boundary, documents.get(principal.boundary));
    if (!boundary) return undefined;
  }
  if (identity.some((p) => !p.input) || out.length > 0) return undefined;
  // As the audit counts it: a source the principal also holds through another owner stays.
  let removed: Set<string>;
  if (plan.target.type === "policy") removed = new Set([plan.target.arn]);
  else {
    const own = new Set([...plan.detach, ...plan.deleteInline.map((n) => inlineSource(plan.target.arn, n))]);
    const elsewhere = new Set(
      identity.filter((p) => p.owner !== plan.target.arn).map((p) => p.input!.source),
    );
    removed = new Set(
      identity
        .filter(
          (p) => p.owner === plan.target.arn && own.has(p.input!.source) && !elsewhere.has(p.input!.source),
        )
        .map((p) => p.input!.source),
    );
  }
  const inputs = identity.map((p) => p.input!);
  return {
    permissions: new PrincipalPermissions(catalog, { identity: inputs, ...(boundary ? { boundary } : {}) }),
    removed,
  };
}
