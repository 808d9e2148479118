import type { Catalog } from "../../../catalog/catalog.js";
import { arnSegments, resourceMatchesFormat } from "../../arn.js";
import { hasWildcard } from "../../glob.js";
import type { LintCode } from "../codes.js";
import { isStar, type LintCheck, resourceElement } from "../context.js";
import { arnProblem } from "./arn-format.js";

interface ServiceArns {
  formats: string[];
  /** Whether some resource type of the service has a region / an account in its ARN. */
  region: { some: boolean };
  account: { some: boolean };
}

const indexes = new WeakMap<Catalog, Map<string, ServiceArns>>();

/** Catalog ARN formats grouped by the service segment of the ARN (not the action prefix). */
function arnServices(catalog: Catalog): Map<string, ServiceArns> {
  let index = indexes.get(catalog);
  if (index) return index;
  index = new Map();
  for (const service of catalog.services) {
    for (const type of service.resourceTypes.values()) {
      const [, , name, region, account] = type.arn.split(":");
      // Types whose service segment is a placeholder (Backup recovery points) belong to any service.
      if (!name || type.arn === "*" || name.startsWith("${")) continue;
      const entry: ServiceArns = index.get(name) ?? {
        formats: [],
        region: { some: false },
        account: { some: false },
      };
      entry.formats.push(type.arn);
      entry.region.some ||= region !== "";
      entry.account.some ||= account !== "";
      index.set(name, entry);
    }
  }
  indexes.set(catalog, index);
  return index;
}

/**
 * A Resource ARN must be one AWS can produce: a service that exists, the region and account
 * segments its resource types have (S3 ARNs have neither, EC2 ARNs both), and a resource part of
 * one of its resource types. Formats come from the Service Authorization Reference through the
 * catalog: https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
 */
export const arnService: LintCheck = {
  name: "ARN service and resource type",
  check(ctx) {
    for (const statement of ctx.statements) {
      (statement.resources ?? []).forEach((pattern, entry) => {
        const problem = arnServiceProblem(ctx.catalog, pattern);
        if (!problem) return;
        ctx.report({
          code: problem[0],
          statementIndex: statement.index,
          path: ctx.entryPath(statement, resourceElement(statement), entry),
          message: `"${pattern}": ${problem[1]}`,
        });
      });
    }
  },
};

const verdicts = new WeakMap<Catalog, Map<string, [LintCode, string] | undefined>>();

/** Why a well-formed ARN is none AWS can produce, or undefined; once per pattern, since ARNs recur. */
export function arnServiceProblem(catalog: Catalog, pattern: string): [LintCode, string] | undefined {
  let known = verdicts.get(catalog);
  if (!known) {
    known = new Map();
    verdicts.set(catalog, known);
  }
  if (known.has(pattern)) return known.get(pattern);
  const problem = judge(catalog, pattern);
  known.set(pattern, problem);
  return problem;
}

function judge(catalog: Catalog, pattern: string): [LintCode, string] | undefined {
  if (isStar(pattern) || arnProblem(pattern)) return undefined;
  const parts = arnSegments(pattern);
  if (parts.length < 6) return undefined;
  const [, , service, region, account] = parts as [string, string, string, string, string];
  if (hasWildcard(service) || service.includes("${")) return undefined;
  const known = arnServices(catalog).get(service);
  if (!known) return ["unknown-arn-service", `"${service}" is not the service of any AWS resource ARN`];
  if (region !== "" && !isStar(region) && !known.region.some) {
    return ["arn-region-not-allowed", `${service} ARNs have no region: leave that segment empty`];
  }
  if (account !== "" && !isStar(account) && !known.account.some) {
    return ["arn-account-not-allowed", `${service} ARNs have no account: leave that segment empty`];
  }
  // AWS-owned resources (SSM documents, CloudFormation transforms) carry an empty or "aws" account.
  const owner = account === "" || account === "aws" ? "*" : account;
  const loose = [...parts.slice(0, 4), owner, ...parts.slice(5)].join(":");
  if (known.formats.some((format) => resourceMatchesFormat(loose, format))) return undefined;
  // The resource part fits a type once a region is filled in: the region is what is missing.
  const anyRegion = [...parts.slice(0, 3), "*", owner, ...parts.slice(5)].join(":");
  if (region === "" && known.formats.some((format) => resourceMatchesFormat(anyRegion, format))) {
    return ["missing-arn-region", `this ${service} resource type's ARNs name a region: fill in that segment`];
  }
  // A pattern may aim at several types, and the catalog does not list every type: only a literal
  // resource part that fits none is reported.
  if (/[*?]|\$\{/.test(parts.slice(5).join(":"))) return undefined;
  return [
    "invalid-arn-resource",
    `matches no ${service} resource type (such as ${closest(known.formats, parts)})`,
  ];
}

/** The format whose resource part shares the longest start with the pattern's: the likeliest intent. */
function closest(formats: readonly string[], parts: readonly string[]): string {
  const resource = parts.slice(5).join(":");
  const shared = (format: string) => {
    const other = format.split(":").slice(5).join(":");
    let n = 0;
    while (n < resource.length && resource[n] === other[n]) n++;
    // With no shared start, a type named by a placeholder alone (an S3 bucket) is the nearer guess.
    return n * 2 + (other.startsWith("${") ? 1 : 0);
  };
  return formats.reduce((best, format) => (shared(format) > shared(best) ? format : best));
}
