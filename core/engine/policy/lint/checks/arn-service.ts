import type { Catalog } from "../../../catalog/catalog.js";
import { arnSegments, resourceMatchesFormat } from "../../arn.js";
import { hasWildcard } from "../../glob.js";
import type { LintCode } from "../codes.js";
import { isStar, type LintCheck, resourceElement } from "../context.js";
import { arnProblem } from "./arn-format.js";

interface ServiceArns {
  formats: string[];
  /** Whether some resource type of the service has a region / an account in its ARN. */
  region: { some: boolean; every: boolean };
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
      if (!name || type.arn === "*") continue;
      const entry = index.get(name) ?? {
        formats: [],
        region: { some: false, every: true },
        account: { some: false },
      };
      entry.formats.push(type.arn);
      entry.region.some ||= region !== "";
      entry.region.every &&= region !== "";
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

/** Why a well-formed ARN is none AWS can produce, or undefined. */
export function arnServiceProblem(catalog: Catalog, pattern: string): [LintCode, string] | undefined {
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
  if (region === "" && known.region.every) {
    return ["missing-arn-region", `${service} ARNs name a region: fill in that segment`];
  }
  if (!known.formats.some((format) => resourceMatchesFormat(pattern, format))) {
    return ["invalid-arn-resource", `matches no ${service} resource type (such as ${known.formats[0]})`];
  }
  return undefined;
}
