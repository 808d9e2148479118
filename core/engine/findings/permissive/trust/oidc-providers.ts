import { OUTSIDER } from "./caller.js";

/**
 * What an outsider of a web-identity provider can present: a token the provider issues to anyone
 * who runs a workflow, a pipeline or a workload there, with claims in the outsider's own namespace.
 * A trust policy that lets this token in admits every repository, branch or workload of the
 * provider. `claims` maps a claim (the condition key after `HOST:`) to the values the outsider can
 * take (a glob) and the one it presents; a claim not listed is one the outsider cannot set.
 */
export interface OidcProvider {
  name: string;
  /** The provider's host as IAM names it (the OIDC provider ARN's resource after `oidc-provider/`). */
  host: string;
  claims: Readonly<Record<string, Claim>>;
  /** Claims the outsider may or may not be able to present as the policy asks: they make it "maybe". */
  undecided?: readonly string[];
  source: string;
}

/** Values an outsider's token may carry in a claim (`omit`: or none, the claim being left out). */
interface Claim {
  allowed: string;
  except?: RegExp;
  omit?: boolean;
  fallback: (host: string) => string;
}

const any = (fallback: string) => ({ allowed: "*", fallback: () => fallback });
const own = (prefix: string, fallback: string) => ({ allowed: `${prefix}*`, fallback: () => fallback });
/**
 * A value the provider assigns to a client of its own (an identity pool, an OAuth client): the
 * outsider gets one of its own, never one a policy names, and cannot pick it beyond `head` (the
 * region of its pool): a wildcard from there on (`*`, `us-east-1:*`) admits it, `us-east-1:a1b2*`
 * does not.
 */
const assigned = (head: string, fallback: string): Claim => ({
  allowed: "*",
  except: new RegExp(`^(?!${head}${OUTSIDER}$)`),
  fallback: () => fallback,
});
/**
 * A claim that starts with a name anyone can register on the provider (a GitHub organization, a
 * GitLab group, an HCP Terraform organization), up to `separator`: the outsider registers one
 * holding its own name, so one that extends any prefix a policy names without the separator
 * (`repo:acme*` admits the organization acme-evil).
 */
const registered = (head: string, separator: string, fallback: string) => ({
  allowed: `${head}*`,
  except: new RegExp(`^${escapeRegExp(head)}(?![^${escapeRegExp(separator)}]*${OUTSIDER})`),
  fallback: () => fallback,
});

export const OIDC_PROVIDERS: readonly OidcProvider[] = [
  {
    name: "GitHub Actions",
    host: "token.actions.githubusercontent.com",
    claims: {
      sub: registered("repo:", "/", `repo:${OUTSIDER}/${OUTSIDER}:ref:refs/heads/main`),
      aud: any("sts.amazonaws.com"),
      // GitHub's own claims, which STS also checks: the outsider's repository, owner and ids are
      // its own; it names its branches, environments and workflows; it may be in no enterprise.
      // https://aws.amazon.com/about-aws/whats-new/2026/01/aws-sts-supports-validation-identity-provider-claims/
      repository: registered("", "/", `${OUTSIDER}/${OUTSIDER}`),
      repository_owner: registered("", "/", OUTSIDER),
      ref: any("refs/heads/main"),
      environment: any("production"),
      workflow: any("deploy"),
      runner_environment: any("github-hosted"),
      repository_id: assigned("", OUTSIDER),
      repository_owner_id: assigned("", OUTSIDER),
      actor_id: assigned("", OUTSIDER),
      enterprise_id: { ...assigned("", OUTSIDER), omit: true },
    },
    // A public reusable workflow may be called from any repository, and a workflow runs for the
    // user who opened a pull request or comment on it: whose they are is not the outsider's alone.
    undecided: ["job_workflow_ref", "actor"],
    source:
      "https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services",
  },
  {
    name: "GitLab CI",
    host: "gitlab.com",
    claims: {
      sub: registered("project_path:", "/", `project_path:${OUTSIDER}/${OUTSIDER}:ref_type:branch:ref:main`),
      aud: any("https://gitlab.com"),
    },
    source: "https://docs.gitlab.com/ci/cloud_services/aws/",
  },
  {
    name: "Amazon EKS",
    host: "oidc.eks.*.amazonaws.com/id/*",
    claims: {
      sub: own(`system:serviceaccount:${OUTSIDER}:`, `system:serviceaccount:${OUTSIDER}:${OUTSIDER}`),
      aud: any("sts.amazonaws.com"),
    },
    source: "https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html",
  },
  {
    name: "HCP Terraform",
    host: "app.terraform.io",
    claims: {
      sub: registered(
        "organization:",
        ":",
        `organization:${OUTSIDER}:project:Default Project:workspace:${OUTSIDER}:run_phase:apply`,
      ),
      aud: any("aws.workload.identity"),
    },
    source:
      "https://developer.hashicorp.com/terraform/cloud-docs/workspaces/dynamic-provider-credentials/aws-configuration",
  },
  {
    name: "CircleCI",
    host: "oidc.circleci.com/org/*",
    claims: {
      sub: {
        allowed: `org/*/project/${OUTSIDER}/*`,
        fallback: (host) => `org/${host.split("/").pop()}/project/${OUTSIDER}/user/${OUTSIDER}`,
      },
      aud: any(OUTSIDER),
    },
    source: "https://circleci.com/docs/openid-connect-tokens/",
  },
  {
    name: "Bitbucket Pipelines",
    host: "api.bitbucket.org/2.0/workspaces/*/pipelines-config/identity/oidc",
    claims: { sub: own(`{${OUTSIDER}}`, `{${OUTSIDER}}:{${OUTSIDER}}`), aud: any(OUTSIDER) },
    source:
      "https://support.atlassian.com/bitbucket-cloud/docs/deploy-on-aws-using-bitbucket-pipelines-openid-connect/",
  },
  {
    name: "Google",
    host: "accounts.google.com",
    // The audience is the OAuth client the token was issued to: an outsider has clients of its own.
    claims: {
      sub: any("100000000000000000000"),
      aud: assigned("", `${OUTSIDER}.apps.googleusercontent.com`),
    },
    source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html",
  },
  {
    name: "Amazon Cognito",
    host: "cognito-identity.amazonaws.com",
    // Tokens name the identity pool in `aud`: the pool is what a trust policy must pin, and
    // anyone can create a pool of its own.
    claims: {
      amr: any("authenticated"),
      sub: any(`us-east-1:${OUTSIDER}`),
      aud: assigned("[a-z0-9-]+:", `us-east-1:${OUTSIDER}`),
    },
    source: "https://docs.aws.amazon.com/cognito/latest/developerguide/role-based-access-control.html",
  },
];

/**
 * Providers whose tokens STS accepts with no IAM identity provider in the account, for which anyone
 * can get a token: what `"Principal": "*"` lets in besides the providers its conditions name.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif
 */
export const BUILT_IN_HOSTS = ["accounts.google.com", "cognito-identity.amazonaws.com"];

/** Any other provider: the outsider picks its own subject, never the audience. */
export const GENERIC_PROVIDER: OidcProvider = {
  name: "OIDC provider",
  host: "*",
  claims: { sub: own(OUTSIDER, OUTSIDER) },
  source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html",
};

export function oidcProvider(host: string): OidcProvider {
  return OIDC_PROVIDERS.find((p) => globMatchHost(p.host, host)) ?? GENERIC_PROVIDER;
}

function globMatchHost(pattern: string, host: string): boolean {
  const re = new RegExp(`^${pattern.split("*").map(escapeRegExp).join("[^/]+")}$`, "i");
  return re.test(host);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
}
