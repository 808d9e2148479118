import type { PrincipalAccess } from "../../../account/permissions.js";
import type { ActionInfo } from "../../../catalog/types.js";
import { anyOf, type Tri } from "../../../policy/context.js";
import type { PermissiveContext } from "../context.js";
import { newResourceNames, newResources } from "./new-resources.js";

/**
 * Systems Manager calls that act on a managed node: IAM authorizes them on the node (StartSession's
 * Target; SendCommand's and an association's nodes, which may instead be picked by tags), and those
 * that run a document on the document as well, a resource type every such request names. A step
 * through them gives the node's role only where the node may be named and the document runs the
 * caller's commands: AWS-RunShellScript or AWS-RunPowerShellScript (owned by AWS, no account in
 * their ARN); conditionally one of AWS's that runs what the caller names from elsewhere, or a
 * document of the account, whose content IAM data does not show.
 * https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_SendCommand.html
 * https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_StartSession.html
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssystemsmanager.html
 * https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-setup-identity-based-policies.html
 */
const RUNS_DOCUMENT = new Set(["ssm:sendcommand", "ssm:createassociation", "ssm:createassociationbatch"]);
const ON_NODE = new Set([...RUNS_DOCUMENT, "ssm:startsession"]);
/**
 * An update of an association the account has: IAM authorizes it on the association, and on the
 * document it names again ("You must specify all optional parameters in the call ... This includes
 * the Name parameter"). Certain where AWS-RunShellScript or AWS-RunPowerShellScript is allowed;
 * otherwise conditional, not gone: whether an update naming no document is checked against the
 * association's own is not documented.
 * https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_UpdateAssociation.html
 */
const UPDATES_DOCUMENT = "ssm:updateassociation";
const SHELLS = ["AWS-RunShellScript", "AWS-RunPowerShellScript"];
/**
 * AWS's documents that download and run what the caller names (a script, playbook, state, recipe,
 * installer or another document, from GitHub, S3 or a URL): the caller's code runs where the node
 * can reach it, which IAM data does not show. IAM checks SendCommand on the document alone (AWS's
 * warning on AWS-RunDocument).
 * https://docs.aws.amazon.com/systems-manager/latest/userguide/documents-running-remote-github-s3.html
 * https://docs.aws.amazon.com/systems-manager/latest/userguide/integration-remote-scripts.html
 */
const REMOTE_RUNNERS = [
  "AWS-RunRemoteScript",
  "AWS-RunDocument",
  "AWS-RunAnsiblePlaybook",
  "AWS-ApplyAnsiblePlaybooks",
  "AWS-RunSaltState",
  "AWS-ApplyChefRecipes",
  "AWS-InstallApplication",
  "AWS-InstallPowerShellModule",
];
const NODE = /^arn:[^:]*:(?:ec2:[^:]*:[^:]*:instance\/|ssm:[^:]*:[^:]*:managed-instance\/)/;

/**
 * The nodes a step of `action` may name, each capped by the document it runs there (for an
 * association update, the associations it may name); undefined for other actions, whose new
 * resources stand for what they act on.
 */
export function nodeCommands(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
  action: ActionInfo,
  decide: (resource: string) => Tri,
): { resource: string; cap: Tri; unsure?: boolean }[] | undefined {
  const key = action.key.toLowerCase();
  if (!ON_NODE.has(key) && key !== UPDATES_DOCUMENT) return undefined;
  const partition = subject.principal.arn.split(":")[1] ?? "aws";
  const { accountId } = ctx.snapshot;
  if (key === UPDATES_DOCUMENT) {
    const shell = anyOf(SHELLS.map((name) => decide(`arn:${partition}:ssm:us-east-1::document/${name}`)));
    const cap: Tri = shell === "yes" ? "yes" : "maybe";
    return newResourceNames(ctx, subject, action).map(({ resource, unsure }) => ({ resource, cap, unsure }));
  }
  const named = newResources(ctx, subject, action).filter((arn) => NODE.test(arn));
  const nodes = [
    ...new Set([`arn:${partition}:ec2:us-east-1:${accountId}:instance/i-whittle-new`, ...named]),
  ];
  const runs = RUNS_DOCUMENT.has(action.key.toLowerCase());
  const document = (owner: string, name: string) =>
    `arn:${partition}:ssm:us-east-1:${owner}:document/${name}`;
  const shells = SHELLS.map((name) => document("", name));
  const shell = anyOf(shells.map(decide));
  const ownDocument = document(accountId, "whittle-new");
  const remote = REMOTE_RUNNERS.map((name) => document("", name)).find((d) => decide(d) !== "no");
  const own: Tri = decide(ownDocument) === "no" && !remote ? "no" : "maybe";
  const cap: Tri = !runs || shell === "yes" ? "yes" : anyOf([shell, own]);
  const found: { resource: string; cap: Tri }[] = nodes.map((resource) => ({ resource, cap }));
  // Nodes picked by tags rather than named: whether IAM then authorizes each as a node is not documented.
  if (runs && cap !== "no")
    found.push({
      resource: shell !== "no" ? shells.find((d) => decide(d) !== "no")! : (remote ?? ownDocument),
      cap: "maybe",
    });
  return found;
}
