import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import type { PolicyDocument, Statement } from "./types.js";

/**
 * AWS managed policies come from iann0036/iam-dataset (MIT), copied into test/data/iam-dataset
 * (see test/data/SOURCES.md). Nothing GPL-licensed is read.
 */
export const IAM_DATASET_FILE = resolve(
  fileURLToPath(new URL("../..", import.meta.url)),
  "test",
  "data",
  "iam-dataset",
  "aws-managed-policies-with-flags.json.gz",
);

export interface AwsManagedPolicy {
  name: string;
  arn: string;
  path: string;
  versionId: string;
  /** The dataset records one date per policy: the default version's. */
  date: string;
  document: PolicyDocument;
}

interface DatasetEntry {
  arn: string;
  version: string;
  createdate: string;
  document: { Version?: string; Statement: Statement | Statement[] };
}

/**
 * AdministratorAccess is absent from the dataset. Its document is one statement that AWS has
 * published unchanged since 2015 (v1), written here as AWS prints it.
 */
const ADMINISTRATOR_ACCESS: AwsManagedPolicy = {
  name: "AdministratorAccess",
  arn: "arn:aws:iam::aws:policy/AdministratorAccess",
  path: "/",
  versionId: "v1",
  date: "2015-02-06T18:39:46Z",
  document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] },
};

export function loadAwsManagedPolicies(names: readonly string[]): Map<string, AwsManagedPolicy> {
  const dataset = JSON.parse(gunzipSync(readFileSync(IAM_DATASET_FILE)).toString("utf8")) as Record<
    string,
    DatasetEntry
  >;
  const out = new Map<string, AwsManagedPolicy>();
  for (const name of names) {
    if (name === ADMINISTRATOR_ACCESS.name) {
      out.set(name, ADMINISTRATOR_ACCESS);
      continue;
    }
    const entry = dataset[name];
    if (!entry) throw new Error(`AWS managed policy ${name} is not in ${IAM_DATASET_FILE}`);
    const path = entry.arn.slice("arn:aws:iam::aws:policy".length, entry.arn.length - name.length);
    out.set(name, {
      name,
      arn: entry.arn,
      path,
      versionId: entry.version,
      date: entry.createdate,
      document: awsOrder(entry.document),
    });
  }
  return out;
}

/** The dataset stores keys sorted; AWS prints Version first and Sid, Effect, Action, Resource. */
function awsOrder(doc: DatasetEntry["document"]): PolicyDocument {
  const list = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  const order = [
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
  ];
  const statements = list.map((s) => {
    const record = s as unknown as Record<string, unknown>;
    const keys = [
      ...order.filter((k) => k in record),
      ...Object.keys(record).filter((k) => !order.includes(k)),
    ];
    return Object.fromEntries(keys.map((k) => [k, record[k]])) as unknown as Statement;
  });
  return { Version: "2012-10-17", Statement: statements };
}
