import assert from "node:assert/strict";
import { test } from "node:test";
import { doc } from "../../../helpers/policies.js";
import { trustFindings } from "../../../helpers/trust-fixture.js";

/**
 * STS checks GitHub's own claims besides `sub` and `aud` (repository, ref, environment, workflow,
 * the ids of the repository, its owner, the actor and the enterprise...) as condition keys of the
 * trust policy (https://aws.amazon.com/about-aws/whats-new/2026/01/aws-sts-supports-validation-identity-provider-claims/).
 * An outsider runs a workflow in a repository of its own: it names its branches, environments and
 * workflows, owns its repository's name and ids, may belong to no enterprise; it may call a public
 * reusable workflow of someone else, or run on a pull request another user opens, so the reusable
 * workflow and the actor may or may not be its own.
 */
const GH = "token.actions.githubusercontent.com";
const github = (condition: object) =>
  doc({
    Effect: "Allow",
    Principal: { Federated: `arn:aws:iam::111122223333:oidc-provider/${GH}` },
    Action: "sts:AssumeRoleWithWebIdentity",
    Condition: { StringEquals: { [`${GH}:aud`]: "sts.amazonaws.com" }, ...condition },
  });
const verdict = (condition: object) => {
  const f = trustFindings(github(condition)).find((x) => x.kind === "trust-oidc-no-subject");
  const [caller] = (f?.evidence.callers ?? []) as { certainty: string }[];
  return !caller ? "closed" : caller.certainty === "maybe" ? "maybe" : "open";
};
const claim = (operator: string, name: string, value: string) => ({
  [operator]: { [`${GH}:${name}`]: value },
});

test("a branch, an environment or a workflow name alone lets every repository in", () => {
  assert.equal(verdict(claim("StringLike", "ref", "refs/heads/main")), "open");
  assert.equal(verdict(claim("StringEquals", "environment", "production")), "open");
  assert.equal(verdict(claim("StringEquals", "workflow", "deploy")), "open");
});

test("a repository or owner pinned by name keeps others out; a wildcard, or a prefix without its slash, does not", () => {
  assert.equal(verdict(claim("StringEquals", "repository", "acme/app")), "closed");
  assert.equal(verdict(claim("StringLike", "repository", "acme/*")), "closed");
  assert.equal(verdict(claim("StringEquals", "repository_owner", "acme")), "closed");
  assert.equal(verdict(claim("StringLike", "repository", "*")), "open");
  assert.equal(verdict(claim("StringLike", "repository", "acme*")), "open", "the organization acme-evil");
  assert.equal(verdict(claim("StringLike", "repository", "*/app")), "open");
});

test("ids GitHub assigns are pinned by value; an enterprise id only when the token must carry one", () => {
  assert.equal(verdict(claim("StringEquals", "repository_id", "123456789")), "closed");
  assert.equal(verdict(claim("StringLike", "repository_id", "*")), "open");
  assert.equal(verdict(claim("StringEquals", "enterprise_id", "4242")), "closed");
  assert.equal(verdict(claim("StringEqualsIfExists", "enterprise_id", "4242")), "open");
});

test("a reusable workflow or an actor alone may let others in: the trust is conditional", () => {
  const reusable = "acme/infra/.github/workflows/deploy.yml@refs/heads/main";
  assert.equal(verdict(claim("StringEquals", "job_workflow_ref", reusable)), "maybe");
  assert.equal(verdict(claim("StringEquals", "actor", "alice")), "maybe");
  assert.equal(
    verdict({ ...claim("StringEquals", "actor", "alice"), ...claim("StringLike", "sub", "repo:acme/*") }),
    "closed",
  );
});
