import type { Catalog } from "../catalog/catalog.js";
import { type CompiledStatement, compilePolicy, type Layer } from "./compile.js";
import { computeEffective, type EffectivePermissions } from "./effective.js";
import { type EvaluationResult, evaluateRequest, type Request } from "./evaluate.js";
import type { Policy } from "./types.js";

export interface PolicyInput {
  /** Policy ARN, or `principalArn#inline/name` for an inline policy. */
  source: string;
  policy: Policy;
}

/**
 * Everything that decides what one principal may do: its identity policies (for a user, its
 * groups' policies too), an optional permissions boundary, and optional SCPs by organization
 * level (at every level some SCP must allow).
 */
export interface PrincipalPolicies {
  identity: readonly PolicyInput[];
  boundary?: PolicyInput;
  scps?: readonly (readonly PolicyInput[])[];
}

/** A principal's policies compiled once, then queried for requests and effective permissions. */
export class PrincipalPermissions {
  readonly catalog: Catalog;
  /** The policies as given, so a proposed replacement can be evaluated under the same boundary and SCPs. */
  readonly policies: PrincipalPolicies;
  readonly statements: readonly CompiledStatement[];
  readonly hasBoundary: boolean;
  readonly scpLevels: number;
  private effectiveCache: EffectivePermissions | undefined;
  private naming: ActionIndex | undefined;

  constructor(catalog: Catalog, policies: PrincipalPolicies) {
    this.catalog = catalog;
    this.policies = policies;
    const compile = (input: PolicyInput, layer: Layer, level = 0) =>
      compilePolicy(catalog, input.policy, input.source, layer, level);
    const statements = policies.identity.flatMap((p) => compile(p, "identity"));
    if (policies.boundary) statements.push(...compile(policies.boundary, "boundary"));
    (policies.scps ?? []).forEach((level, i) => {
      for (const p of level) statements.push(...compile(p, "scp", i));
    });
    this.statements = statements;
    this.hasBoundary = policies.boundary !== undefined;
    this.scpLevels = policies.scps?.length ?? 0;
  }

  evaluate(request: Request): EvaluationResult {
    return evaluateRequest(this, request);
  }

  effective(): EffectivePermissions {
    this.effectiveCache ??= computeEffective(this);
    return this.effectiveCache;
  }

  /**
   * Statements whose Action element names the catalog action, in order: what evaluation looks at.
   * Statements naming a few actions are indexed by action, the wide ones (`*`, `s3:*`, NotAction)
   * checked per action; each action's list is kept, since a proof evaluates the same actions again
   * and again.
   */
  statementsNaming(actionId: number): readonly CompiledStatement[] {
    this.naming ??= indexByAction(this.statements);
    let list = this.naming.byAction.get(actionId);
    if (!list) {
      // Both position lists ascend (built in statement order): merged, not sorted.
      const narrow = this.naming.narrow.get(actionId) ?? NO_POSITIONS;
      const wide = this.naming.wide;
      const statements = this.statements;
      list = [];
      let n = 0;
      for (const w of wide) {
        if (!statements[w]!.actions.has(actionId)) continue;
        while (n < narrow.length && narrow[n]! < w) list.push(statements[narrow[n++]!]!);
        list.push(statements[w]!);
      }
      while (n < narrow.length) list.push(statements[narrow[n++]!]!);
      this.naming.byAction.set(actionId, list);
    }
    return list;
  }

  /** Statements (Allow and Deny, every layer) that can apply to a catalog action: the evidence for it. */
  statementsFor(actionId: number): CompiledStatement[] {
    // A statement reaches only actions it names: the index narrows the scan.
    return this.statementsNaming(actionId).filter((s) => s.reach.has(actionId));
  }
}

interface ActionIndex {
  /** Positions of the statements naming each action, for statements naming at most WIDE actions. */
  narrow: Map<number, number[]>;
  wide: number[];
  byAction: Map<number, CompiledStatement[]>;
}

const WIDE = 64;

const NO_POSITIONS: readonly number[] = [];

function indexByAction(statements: readonly CompiledStatement[]): ActionIndex {
  const index: ActionIndex = { narrow: new Map(), wide: [], byAction: new Map() };
  statements.forEach((s, position) => {
    if (s.actions.count() > WIDE) {
      index.wide.push(position);
      return;
    }
    for (const id of s.actions.ids()) {
      const list = index.narrow.get(id);
      if (list) list.push(position);
      else index.narrow.set(id, [position]);
    }
  });
  return index;
}
