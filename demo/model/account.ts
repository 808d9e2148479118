/** The fixed facts of the demo account; everything else is derived from these and the seed. */
export const ACCOUNT_ID = "123456789012";
export const ACCOUNT_ALIAS = "whittle-demo";
/** A clearly fictitious third-party account (a monitoring vendor) for the cross-account trust. */
export const VENDOR_ACCOUNT_ID = "210987654321";
export const SEED = 20261122;

/** "Now" of the demo; the audit is run with `--now` set to it. */
export const NOW = "2026-11-22T00:00:00Z";
export const WINDOW_DAYS = 90;
export const WINDOW_START = new Date(Date.parse(NOW) - WINDOW_DAYS * 86_400_000).toISOString();

export const HOME_REGION = "us-east-1";
export const EU_REGION = "eu-west-1";

export const BUCKETS = {
  uploads: "whittle-demo-app-uploads",
  artifacts: "whittle-demo-ci-artifacts",
  backups: "whittle-demo-backups",
  reports: "whittle-demo-reports",
  docs: "whittle-demo-docs-site",
  site: "whittle-demo-www",
  datalake: "whittle-demo-datalake",
} as const;

export const TABLES = { orders: "orders", sessions: "sessions", customers: "customers" } as const;

export const GITHUB_OIDC = `arn:aws:iam::${ACCOUNT_ID}:oidc-provider/token.actions.githubusercontent.com`;

export const arn = {
  user: (name: string, path = "/") => `arn:aws:iam::${ACCOUNT_ID}:user${path}${name}`,
  role: (name: string, path = "/") => `arn:aws:iam::${ACCOUNT_ID}:role${path}${name}`,
  group: (name: string, path = "/") => `arn:aws:iam::${ACCOUNT_ID}:group${path}${name}`,
  policy: (name: string) => `arn:aws:iam::${ACCOUNT_ID}:policy/${name}`,
  aws: (pathAndName: string) => `arn:aws:iam::aws:policy/${pathAndName}`,
  table: (name: string, region = HOME_REGION) => `arn:aws:dynamodb:${region}:${ACCOUNT_ID}:table/${name}`,
  fn: (name: string, region = HOME_REGION) => `arn:aws:lambda:${region}:${ACCOUNT_ID}:function:${name}`,
  logGroup: (name: string, region = HOME_REGION) => `arn:aws:logs:${region}:${ACCOUNT_ID}:log-group:${name}`,
};

/** ISO date-time as the AWS CLI prints it: second precision and a +00:00 offset. */
export function cliDate(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 19)}+00:00`;
}
