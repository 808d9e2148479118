import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { role, snapshotWith } from "../../../helpers/snapshot-fixture.js";
import { allowThenDeny, anyAws, trustFindings } from "../../../helpers/trust-fixture.js";
import { run, trustDoc } from "./fixture.js";

const verdict = (trustPolicy: unknown) => {
  const f = trustFindings(trustPolicy).find((x) => x.kind === "trust-any-principal");
  return f ? (f.severity === "critical" ? "open" : "open unless the network stops it") : "closed";
};

/**
 * Each case is a trust policy for `{"AWS": "*"}` and the verdict AWS's evaluation logic gives for
 * a principal of another account outside the organization calling sts:AssumeRole directly
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html).
 */
const CASES: [string, object, "open" | "closed" | "open unless the network stops it"][] = [
  ["no condition", {}, "open"],
  [
    "StringEqualsIfExists aws:SourceAccount: the key is absent on a direct AssumeRole, so it passes",
    { StringEqualsIfExists: { "aws:SourceAccount": "111122223333" } },
    "open",
  ],
  [
    "StringEquals aws:SourceAccount: absent, so it fails",
    { StringEquals: { "aws:SourceAccount": "111122223333" } },
    "closed",
  ],
  [
    "StringNotEquals aws:PrincipalAccount of one other account: every other account passes",
    { StringNotEquals: { "aws:PrincipalAccount": "999999999999" } },
    "open",
  ],
  [
    "StringEquals aws:PrincipalAccount of this account",
    { StringEquals: { "aws:PrincipalAccount": "111122223333" } },
    "closed",
  ],
  [
    "ArnLike aws:PrincipalArn with a wildcard account: any account can name a role deployer",
    { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/deployer" } },
    "open",
  ],
  [
    "ArnLike aws:PrincipalArn with a wildcard partition and account: any account's role deployer",
    { ArnLike: { "aws:PrincipalArn": "arn:*:iam::*:role/deployer" } },
    "open",
  ],
  [
    "ArnLike aws:PrincipalArn with a wildcard region, which IAM's ARNs leave empty",
    { ArnLike: { "aws:PrincipalArn": "arn:aws:iam:*:*:role/deployer" } },
    "open",
  ],
  [
    "ArnLike aws:PrincipalArn with a wildcard service: any account's role deployer",
    { ArnLike: { "aws:PrincipalArn": "arn:aws:*::*:role/deployer" } },
    "open",
  ],
  [
    "ArnLike aws:PrincipalArn of a role's sessions: it holds the role's ARN, never a session's",
    { ArnLike: { "aws:PrincipalArn": "arn:aws:sts::*:assumed-role/deployer/*" } },
    "closed",
  ],
  [
    "ArnLike aws:PrincipalArn in this account",
    { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::111122223333:role/*" } },
    "closed",
  ],
  [
    "ArnNotLike aws:PrincipalArn: everyone else passes",
    { ArnNotLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/blocked" } },
    "open",
  ],
  ["StringEquals aws:PrincipalOrgID", { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } }, "closed"],
  [
    "StringNotEqualsIfExists aws:PrincipalOrgID: an account with no organization passes",
    { StringNotEqualsIfExists: { "aws:PrincipalOrgID": "o-abc123" } },
    "open",
  ],
  [
    "ForAllValues:StringLike aws:PrincipalOrgPaths: true when the key is absent",
    { "ForAllValues:StringLike": { "aws:PrincipalOrgPaths": "o-abc123/*" } },
    "open",
  ],
  [
    "ForAnyValue:StringLike aws:PrincipalOrgPaths: false when absent, and another organization's paths do not match",
    { "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": "o-abc123/*" } },
    "closed",
  ],
  [
    'Null aws:PrincipalOrgID "false": any account that belongs to some organization passes',
    { Null: { "aws:PrincipalOrgID": "false" } },
    "open",
  ],
  ['Null aws:SourceArn "true": absent on a direct call', { Null: { "aws:SourceArn": "true" } }, "open"],
  ['Null aws:SourceArn "false": absent, so it fails', { Null: { "aws:SourceArn": "false" } }, "closed"],
  [
    "sts:ExternalId: not a secret, the caller sends it",
    { StringEquals: { "sts:ExternalId": "shared-id" } },
    "open",
  ],
  ["MFA on the caller's own credentials", { Bool: { "aws:MultiFactorAuthPresent": "true" } }, "open"],
  [
    "a source IP range: decided by where the call comes from",
    { IpAddress: { "aws:SourceIp": "203.0.113.0/24" } },
    "open unless the network stops it",
  ],
  ["a wildcard aws:PrincipalArn", { StringLike: { "aws:PrincipalArn": "*" } }, "open"],
  [
    "StringLike aws:PrincipalArn opening with a wildcard: any account can name a role deploy",
    { StringLike: { "aws:PrincipalArn": "*:role/deploy" } },
    "open",
  ],
  [
    "StringLike aws:PrincipalArn of any name ending in deploy",
    { StringLike: { "aws:PrincipalArn": "*deploy" } },
    "open",
  ],
  [
    "StringLike aws:PrincipalArn naming this account after a wildcard: a role path of any account may spell it",
    { StringLike: { "aws:PrincipalArn": "*::111122223333:role/deploy" } },
    "open",
  ],
  [
    "StringLike aws:PrincipalArn opening with a wildcard, and ending in a slash as no principal's ARN does",
    { StringLike: { "aws:PrincipalArn": "*:role/deploy/" } },
    "closed",
  ],
  [
    "StringLike aws:userid of one role's sessions: AWS gives each role its unique id",
    { StringLike: { "aws:userid": "AROAEXAMPLEID1234567:*" } },
    "closed",
  ],
  [
    "StringEquals aws:userid of one user",
    { StringEquals: { "aws:userid": "AIDAEXAMPLEID1234567" } },
    "closed",
  ],
  [
    "StringNotLike aws:userid of one role's sessions: everyone else passes",
    { StringNotLike: { "aws:userid": "AROAEXAMPLEID1234567:*" } },
    "open",
  ],
  ["StringLike aws:userid of any role's sessions", { StringLike: { "aws:userid": "AROA*:*" } }, "open"],
  ["StringLike aws:userid of any user", { StringLike: { "aws:userid": "AIDA*" } }, "open"],
  [
    "StringLike aws:userid of a session name the caller picks",
    { StringLike: { "aws:userid": "*:deploy" } },
    "open",
  ],
  [
    "StringEquals aws:ResourceAccount of this account: the role is always in it, so it pins no caller",
    { StringEquals: { "aws:ResourceAccount": "111122223333" } },
    "open",
  ],
  [
    "StringEquals aws:ResourceAccount of another account: never true for this role",
    { StringEquals: { "aws:ResourceAccount": "999999999999" } },
    "closed",
  ],
];

describe("trust-any-principal: the trust policy evaluated for any principal of another account", () => {
  for (const [name, condition, expected] of CASES) {
    test(name, () => {
      const doc = Object.keys(condition).length === 0 ? trustDoc({ AWS: "*" }) : anyAws(condition);
      assert.equal(verdict(doc), expected);
    });
  }

  test("an explicit Deny for callers outside the organization closes an open Allow", () => {
    const doc = allowThenDeny({ StringNotEquals: { "aws:PrincipalOrgID": "o-abc123" } });
    assert.equal(verdict(doc), "closed");
  });

  test("a Deny whose condition the caller can avoid closes nothing: it tags itself, sends the external id", () => {
    assert.equal(
      verdict(allowThenDeny({ StringNotEquals: { "aws:PrincipalTag/access": "approved" } })),
      "open",
    );
    assert.equal(verdict(allowThenDeny({ StringNotEquals: { "sts:ExternalId": "shared-id" } })), "open");
    assert.equal(
      verdict(allowThenDeny({ StringNotEquals: { "aws:PrincipalAccount": "111122223333" } })),
      "closed",
    );
  });

  test("one request must pass the Allow and escape the Deny at once", () => {
    const doc = allowThenDeny(
      { StringNotEquals: { "aws:PrincipalTag/team": "b" } },
      { StringEquals: { "aws:PrincipalTag/team": "a" } },
    );
    assert.equal(verdict(doc), "closed");
  });

  test("aws:ResourceTag is the role's own tag", () => {
    const doc = anyAws({ StringEquals: { "aws:ResourceTag/exposure": "public" } });
    const tagged = (tags: { key: string; value: string }[]) =>
      run(snapshotWith({ roles: [role("r", { trustPolicy: doc, tags })] })).some(
        (f) => f.kind === "trust-any-principal",
      );
    assert.equal(tagged([{ key: "exposure", value: "public" }]), true);
    assert.equal(tagged([{ key: "exposure", value: "internal" }]), false);
    assert.equal(tagged([]), false);
  });

  test("aws:ResourceOrgID: the organization of the role's account is not in the snapshot, so it may hold", () => {
    const [f] = trustFindings(anyAws({ StringEquals: { "aws:ResourceOrgID": "o-abc123" } }));
    assert.equal(f?.kind, "trust-any-principal");
    assert.equal(f?.severity, "high");
    assert.match(f!.detail, /a condition the snapshot cannot decide/);
  });

  test("the finding names the caller and the statement that lets it in", () => {
    const doc = {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
        {
          Effect: "Allow",
          Principal: { AWS: "*" },
          Action: "sts:AssumeRole",
          Condition: { StringEqualsIfExists: { "aws:SourceAccount": "111122223333" } },
        },
      ],
    };
    const [f] = trustFindings(doc);
    assert.equal(f?.statementIndex, 1);
    assert.deepEqual(f?.evidence.callers, [
      { caller: "any principal of any other AWS account", certainty: "yes", statements: [1] },
    ]);
  });
});

describe("trust-cross-account-no-external-id: the named account calling without an external id", () => {
  const other = { AWS: "arn:aws:iam::999988887777:root" };
  const kinds = (doc: unknown) => trustFindings(doc).map((f) => f.kind);
  test("StringEqualsIfExists sts:ExternalId lets a call without an external id in", () => {
    assert.deepEqual(kinds(trustDoc(other, { StringEqualsIfExists: { "sts:ExternalId": "x" } })), [
      "trust-cross-account-no-external-id",
    ]);
  });
  test('Null sts:ExternalId "false" asks for some external id: another customer\'s passes', () => {
    assert.deepEqual(kinds(trustDoc(other, { Null: { "sts:ExternalId": "false" } })), [
      "trust-cross-account-no-external-id",
    ]);
  });
  test("Principal * narrowed by a condition to another account names that account", () => {
    const only = (condition: object) => kinds(anyAws(condition));
    assert.deepEqual(only({ StringEquals: { "aws:PrincipalAccount": "999988887777" } }), [
      "trust-cross-account-no-external-id",
    ]);
    assert.deepEqual(only({ ArnEquals: { "aws:PrincipalArn": "arn:aws:iam::999988887777:role/ci" } }), [
      "trust-cross-account-no-external-id",
    ]);
    assert.deepEqual(
      only({
        StringEquals: { "aws:PrincipalAccount": "999988887777", "sts:ExternalId": "customer-7f3a" },
      }),
      [],
    );
  });
  test("an external id any value matches guards nothing: another customer of the account sends its own", () => {
    for (const pattern of ["*", "?*"])
      assert.deepEqual(kinds(trustDoc(other, { StringLike: { "sts:ExternalId": pattern } })), [
        "trust-cross-account-no-external-id",
      ]);
    assert.deepEqual(kinds(trustDoc(other, { StringEquals: { "sts:ExternalId": "customer-7f3a" } })), []);
    assert.deepEqual(kinds(trustDoc(other, { StringLike: { "sts:ExternalId": "customer-7f3a-*" } })), []);
  });
  test("a role of the other account, named by ARN, is that account", () => {
    assert.deepEqual(kinds(trustDoc({ AWS: "arn:aws:iam::999988887777:role/ci" })), [
      "trust-cross-account-no-external-id",
    ]);
  });
});

const provider = (host: string) => `arn:aws:iam::111122223333:oidc-provider/${host}`;
const webIdentity = (host: string, condition?: object) => ({
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Principal: { Federated: provider(host) },
      Action: "sts:AssumeRoleWithWebIdentity",
      ...(condition ? { Condition: condition } : {}),
    },
  ],
});
const oidcOpen = (host: string, condition?: object) =>
  trustFindings(webIdentity(host, condition)).some((f) => f.kind === "trust-oidc-no-subject");

describe("trust-oidc-no-subject: a token the provider issues to an outsider", () => {
  const gh = "token.actions.githubusercontent.com";
  const sub = (op: string, value: string) => ({
    StringEquals: { [`${gh}:aud`]: "sts.amazonaws.com" },
    [op]: { [`${gh}:sub`]: value },
  });
  test('GitHub: sub "*" lets every repository on GitHub in', () => {
    assert.equal(oidcOpen(gh, sub("StringLike", "*")), true);
  });
  test('GitHub: "repo:*" too, and "repo:*/app:*" (anyone can name a repository app)', () => {
    assert.equal(oidcOpen(gh, sub("StringLike", "repo:*")), true);
    assert.equal(oidcOpen(gh, sub("StringLike", "repo:*/app:*")), true);
  });
  test("GitHub: a negated subject condition lets everyone else in", () => {
    assert.equal(oidcOpen(gh, sub("StringNotLike", "repo:evil/*")), true);
  });
  test("GitHub: one organization's repositories, or one branch, are pinned", () => {
    assert.equal(oidcOpen(gh, sub("StringLike", "repo:acme/*")), false);
    assert.equal(oidcOpen(gh, sub("StringEquals", "repo:acme/app:ref:refs/heads/main")), false);
  });
  test("a name prefix without its separator lets in whoever registers a longer name", () => {
    assert.equal(oidcOpen(gh, sub("StringLike", "repo:acme*")), true, "GitHub organization acme-evil");
    assert.equal(oidcOpen(gh, sub("StringLike", "repo:acme*/app:*")), true);
    assert.equal(oidcOpen("gitlab.com", { StringLike: { "gitlab.com:sub": "project_path:acme*" } }), true);
    const tfc = "app.terraform.io";
    assert.equal(oidcOpen(tfc, { StringLike: { [`${tfc}:sub`]: "organization:acme*" } }), true);
    assert.equal(oidcOpen(gh, sub("StringLike", "repo:acme/app*")), false, "a repository of acme only");
  });
  test("a subject opening with a wildcard lets in whoever names its own to fit the rest", () => {
    assert.equal(oidcOpen(gh, sub("StringLike", "*/app:*")), true, "every organization's repository app");
    assert.equal(oidcOpen(gh, sub("StringLike", "*acme/app*")), true, "the organization evilacme");
    assert.equal(oidcOpen(gh, sub("StringLike", "*:ref:refs/heads/main")), true);
    const gitlab = { StringLike: { "gitlab.com:sub": "*/deploy:ref_type:branch:ref:main" } };
    assert.equal(oidcOpen("gitlab.com", gitlab), true);
    const eks = "oidc.eks.us-east-1.amazonaws.com/id/ABCDEF0123456789";
    assert.equal(
      oidcOpen(eks, { StringLike: { [`${eks}:sub`]: "*:app" } }),
      true,
      "service account app anywhere",
    );
  });
  test("GitLab, HCP Terraform and EKS: every project, workspace or service account", () => {
    assert.equal(oidcOpen("gitlab.com", { StringLike: { "gitlab.com:sub": "project_path:*" } }), true);
    assert.equal(oidcOpen("gitlab.com", { StringLike: { "gitlab.com:sub": "project_path:acme/*" } }), false);
    const tfc = "app.terraform.io";
    assert.equal(oidcOpen(tfc, { StringLike: { [`${tfc}:sub`]: "organization:*" } }), true);
    assert.equal(oidcOpen(tfc, { StringLike: { [`${tfc}:sub`]: "organization:acme:*" } }), false);
    const eks = "oidc.eks.us-east-1.amazonaws.com/id/ABCDEF0123456789";
    assert.equal(oidcOpen(eks, { StringLike: { [`${eks}:sub`]: "system:serviceaccount:*:*" } }), true);
    assert.equal(
      oidcOpen(eks, { StringEquals: { [`${eks}:sub`]: "system:serviceaccount:prod:app" } }),
      false,
    );
  });
  test("Cognito: the identity pool (aud) is what must be pinned", () => {
    const host = "cognito-identity.amazonaws.com";
    const doc = (condition?: object) => ({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Federated: host },
          Action: "sts:AssumeRoleWithWebIdentity",
          ...(condition ? { Condition: condition } : {}),
        },
      ],
    });
    const open = (d: unknown) => trustFindings(d).some((f) => f.kind === "trust-oidc-no-subject");
    assert.equal(open(doc()), true);
    assert.equal(open(doc({ StringEquals: { [`${host}:aud`]: "us-east-1:pool" } })), false);
  });
  test("Cognito and Google: an audience pinned by a wildcard admits the outsider's own pool or client", () => {
    const federated = (host: string, condition: object) => ({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Federated: host },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: condition,
        },
      ],
    });
    const open = (d: unknown) => trustFindings(d).some((f) => f.kind === "trust-oidc-no-subject");
    const cognito = "cognito-identity.amazonaws.com";
    assert.equal(open(federated(cognito, { StringLike: { [`${cognito}:aud`]: "*" } })), true);
    assert.equal(open(federated(cognito, { StringLike: { [`${cognito}:aud`]: "eu-west-1:*" } })), true);
    assert.equal(open(federated(cognito, { StringLike: { [`${cognito}:aud`]: "us-east-1:pool*" } })), false);
    const google = "accounts.google.com";
    assert.equal(open(federated(google, { StringLike: { [`${google}:aud`]: "*" } })), true);
    assert.equal(
      open(federated(google, { StringLike: { [`${google}:aud`]: "*.apps.googleusercontent.com" } })),
      true,
    );
    assert.equal(
      open(federated(google, { StringEquals: { [`${google}:aud`]: "app.apps.googleusercontent.com" } })),
      false,
    );
  });
});

test("a GovCloud role open only to a role name of the aws partition lets no outsider in", () => {
  // Each partition has its own IAM, and AssumeRole does not cross partitions: only a GovCloud
  // principal may assume a GovCloud role, and none has an arn:aws ARN.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_outbound_cross_partition.html
  const govCloud = (arnLike: string) => {
    const x = role("x", {
      trustPolicy: trustDoc({ AWS: "*" }, { ArnLike: { "aws:PrincipalArn": arnLike } }),
    });
    x.arn = x.arn.replace("arn:aws:", "arn:aws-us-gov:");
    return run(snapshotWith({ roles: [x] })).filter((f) => f.kind === "trust-any-principal").length;
  };
  assert.equal(govCloud("arn:aws:iam::*:role/deployer"), 0);
  assert.equal(govCloud("arn:aws-us-gov:iam::*:role/deployer"), 1);
  assert.equal(govCloud("arn:aws*:iam::*:role/deployer"), 1);
});
