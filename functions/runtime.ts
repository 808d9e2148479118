import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { SFNClient } from "@aws-sdk/client-sfn";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { type AwsClients, type AwsConnection, clientConfig, createClients } from "../core/aws/clients.js";
import type { IamCollectorOptions } from "../core/aws/iam-collector.js";
import {
  DynamoFindingStore,
  type FindingStore,
  type ReportStore,
  S3ReportStore,
} from "../core/aws/stores/index.js";
import type { Catalog } from "../core/engine/catalog/catalog.js";
import { renderHtml } from "../core/engine/report/render-html.js";
import { renderMarkdown } from "../core/engine/report/render-markdown.js";
import { packText } from "../core/node/html-pack.js";
import { loadCatalog } from "../core/node/load-catalog.js";
import { type AuditStarter, stateMachineStarter } from "./audit-starter.js";
import { type FunctionConfig, loadConfig } from "./config.js";

/** The clients an audit reads the audited account with: the function's own, or a member account's. */
export type AccountClients = Pick<AwsClients, "iam" | "sts" | "s3" | "cloudtrail" | "ec2" | "cloudtrailIn">;

/** Everything a handler needs, built once per cold start; tests build one against moto. */
export interface Runtime {
  config: FunctionConfig;
  clients: AccountClients & {
    athena: AwsClients["athena"];
    sfn: Pick<SFNClient, "send">;
    organizations: Pick<OrganizationsClient, "send">;
  };
  reports: ReportStore;
  findings: FindingStore;
  /** Where POST /audits hands a recorded run; absent when on-demand audits are not configured. */
  starter?: AuditStarter;
  catalog: () => Catalog;
  clock: () => Date;
  /** Clients acting with another account's credentials (org mode's assumed role). */
  connect: (credentials: NonNullable<AwsConnection["credentials"]>) => AccountClients;
  collector?: IamCollectorOptions;
}

export interface RuntimeOverrides {
  clients?: Partial<Runtime["clients"]>;
  clock?: () => Date;
  collector?: IamCollectorOptions;
}

export function createRuntime(
  config: FunctionConfig,
  connection: AwsConnection = {},
  overrides: RuntimeOverrides = {},
): Runtime {
  const base = createClients(connection);
  const settings = clientConfig(connection, "standard");
  const clients: Runtime["clients"] = {
    iam: base.iam,
    sts: base.sts,
    s3: base.s3,
    cloudtrail: base.cloudtrail,
    ec2: base.ec2,
    cloudtrailIn: base.cloudtrailIn,
    athena: base.athena,
    sfn: new SFNClient(settings),
    organizations: new OrganizationsClient(settings),
    ...overrides.clients,
  };
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient(settings), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return {
    config,
    clients,
    reports: new S3ReportStore({
      s3: base.s3,
      bucket: config.bucket,
      renderers: { html: (report) => renderHtml(report, { pack: packText }), markdown: renderMarkdown },
      urlExpiresIn: config.reportUrlTtl,
      ...(config.reportKmsKeyId ? { kmsKeyId: config.reportKmsKeyId } : {}),
    }),
    findings: new DynamoFindingStore({ doc, table: config.table }),
    ...(config.stateMachineArn ? { starter: stateMachineStarter(clients.sfn, config.stateMachineArn) } : {}),
    catalog: loadCatalog,
    clock: overrides.clock ?? (() => new Date()),
    connect: (credentials) => createClients({ ...connection, credentials }),
    ...(overrides.collector ? { collector: overrides.collector } : {}),
  };
}

let cached: Runtime | undefined;

/** The deployed runtime: configuration from the environment, the SDK's default credential chain. */
export function defaultRuntime(): Runtime {
  cached ??= createRuntime(loadConfig(process.env));
  return cached;
}
