/**
 * A stack without a service role: CloudFormation makes every call on its resources with the
 * credentials of the principal that created, updated or deleted the stack ("By default,
 * CloudFormation uses a temporary session that it generates from your user credentials for stack
 * operations"), and the trail records each one as that principal's with `invokedBy`
 * cloudformation.amazonaws.com. A rollback, a resource replaced by an update and the stack's
 * deletion undo what those calls made with the same credentials, which a window of deploys that
 * went well need not show. No offline table says which calls each resource type's handlers make,
 * so the undoing call is read from the creating one's name: the same service's action of the
 * opposite verb and the same rest of the name, where the catalog has one. Inferred, so kept only
 * where granted today, and only for calls CloudFormation made.
 */
export const CLOUDFORMATION = "cloudformation.amazonaws.com";

export const STACK_UNDO_SOURCE =
  "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-iam-servicerole.html";

/** A creating verb and the verb of the call that undoes it (`CreateRole` → `DeleteRole`). */
export const UNDO_VERBS: readonly (readonly [made: string, undone: string])[] = [
  ["Create", "Delete"],
  ["Put", "Delete"],
  ["Attach", "Detach"],
  ["Add", "Remove"],
  ["Associate", "Disassociate"],
  ["Enable", "Disable"],
  ["Register", "Deregister"],
  ["Tag", "Untag"],
  ["Run", "Terminate"],
  ["Start", "Stop"],
  ["Authorize", "Revoke"],
  ["Allocate", "Release"],
];
