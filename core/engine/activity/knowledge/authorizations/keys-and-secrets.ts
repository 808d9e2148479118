import { reEncryptKeys } from "./re-encrypt-keys.js";
import {
  type DeriveContext,
  kmsKey,
  named,
  regional,
  type ServiceAuthorizations,
  str,
  taggedOnCreate,
  to,
} from "./types.js";

const KMS = "https://docs.aws.amazon.com/kms/latest/developerguide/kms-api-permissions-reference.html";
const SECRETS = "https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html";
const BATCH = "https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_BatchGetSecretValue.html";
const ROTATE = "https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_RotateSecret.html";
const SSM = "https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-access.html";
const CREATE_KEY = "https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html";
const SAR_KMS =
  "https://docs.aws.amazon.com/service-authorization/latest/reference/list_awskeymanagementservice.html";
const MULTI_REGION = "https://docs.aws.amazon.com/kms/latest/developerguide/multi-region-keys-auth.html";
const CREATE_SECRET = "https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html";
const PUT_PARAMETER = "https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PutParameter.html";
const SECRET_REFERENCE =
  "https://docs.aws.amazon.com/systems-manager/latest/userguide/integration-ps-secretsmanager.html";
const REFERENCE_PATH = "/aws/reference/secretsmanager/";
const SESSION_DOCUMENT =
  "https://docs.aws.amazon.com/systems-manager/latest/userguide/getting-started-specify-session-document.html";
const DOCUMENT_ACCESS_CHECK =
  "https://docs.aws.amazon.com/systems-manager/latest/userguide/getting-started-sessiondocumentaccesscheck.html";

/**
 * A parameter name under REFERENCE_PATH reads a Secrets Manager secret through Parameter Store,
 * which "honors IAM policies attached to Secrets Manager secrets": "if you don't have permission to
 * access that secret, then the reference fails" (SECRET_REFERENCE). The caller needs
 * secretsmanager:GetSecretValue on the secret, which no AWS page says is recorded as a call of its
 * own: inferred, so kept only where granted today.
 */
const readsSecret = (parameter: string) => ({
  parameter,
  matches: new RegExp(`^${REFERENCE_PATH}`),
  add: [
    {
      action: "secretsmanager:GetSecretValue",
      resource: "referencedSecret" as const,
      inferred: true as const,
    },
  ],
  why: "a parameter referencing a Secrets Manager secret reads the secret with the caller's permissions",
  source: SECRET_REFERENCE,
});

export const KMS_AUTHORIZATIONS: ServiceAuthorizations = {
  service: "kms",
  events: [
    {
      event: "ReEncrypt",
      actions: [
        { action: "kms:ReEncryptFrom", resource: "sourceKey" },
        { action: "kms:ReEncryptTo", resource: "destinationKey" },
      ],
      why: "re-encryption decrypts under the source key and encrypts under the destination key",
      source: KMS,
    },
    {
      event: "CreateKey",
      // The Service Authorization Reference lists all three as CreateKey's dependent actions.
      rules: [
        taggedOnCreate("kms:TagResource", CREATE_KEY),
        {
          parameter: "policy",
          add: to("kms:PutKeyPolicy"),
          why: "a key created with a key policy of its own sets it",
          source: SAR_KMS,
        },
        {
          parameter: "multiRegion",
          add: to("iam:CreateServiceLinkedRole"),
          why: "a multi-Region key may need KMS's service-linked role created",
          source: MULTI_REGION,
        },
      ],
      why: "a new key, tagged or not",
      source: CREATE_KEY,
    },
  ],
  resources: (ctx) => {
    const target = named(ctx.params.keyId, (id) =>
      regional(ctx, "kms", id.startsWith("alias/") ? id : `key/${id}`),
    );
    return ctx.event === "ReEncrypt" ? { target, ...reEncryptKeys(ctx) } : { target };
  },
};

const secretKey = {
  parameter: "kmsKeyId",
  add: [{ action: "kms:GenerateDataKey", resource: "kmsKey" as const }],
  why: "Secrets Manager asks KMS for a data key under the caller's identity to encrypt the secret",
  source: SECRETS,
};

// A secret's ARN ends in six random characters the name does not carry; IAM's documented pattern
// for "this secret by name" is NAME-??????.
export function secret(ctx: DeriveContext, value: unknown): string[] {
  const id = str(value);
  if (!id?.startsWith("arn:")) return named(id, (n) => regional(ctx, "secretsmanager", `secret:${n}-??????`));
  // A SecretId may be a partial ARN, without the hyphen and six random characters, and IAM still
  // authorizes the call on the full ARN. Secrets Manager takes an ARN already ending in a hyphen and
  // six characters as complete: SecretId in
  // https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html
  return [/:secret:.*-[A-Za-z0-9]{6}$/.test(id) || !id.includes(":secret:") ? id : `${id}-??????`];
}

export const SECRETS_MANAGER_AUTHORIZATIONS: ServiceAuthorizations = {
  service: "secretsmanager",
  events: [
    {
      event: "CreateSecret",
      rules: [
        secretKey,
        taggedOnCreate("secretsmanager:TagResource", CREATE_SECRET),
        {
          parameter: "addReplicaRegions",
          add: to("secretsmanager:ReplicateSecretToRegions"),
          why: "a secret created with replicas is replicated, which needs secretsmanager:ReplicateSecretToRegions",
          source: CREATE_SECRET,
        },
      ],
      why: "a new secret, encrypted under its key",
      source: SECRETS,
    },
    { event: "UpdateSecret", rules: [secretKey], why: "a secret moved to another key", source: SECRETS },
    {
      event: "BatchGetSecretValue",
      rules: [
        {
          parameter: "filters",
          add: to("secretsmanager:ListSecrets"),
          why: "secrets chosen by filters are listed, which needs secretsmanager:ListSecrets",
          source: BATCH,
        },
      ],
      // Each secret it returns is logged apart, as a GetSecretValue of the caller.
      why: "up to 20 secrets read at once",
      source: BATCH,
    },
    {
      // "You also need lambda:InvokeFunction permissions on the rotation function": Secrets Manager
      // then invokes it as itself, so the caller's permission shows in no invocation of its own. A
      // call without rotationLambdaARN rotates with the function the secret holds, unnamed.
      event: "RotateSecret",
      actions: [
        { action: "secretsmanager:RotateSecret" },
        { action: "lambda:InvokeFunction", inferred: true },
      ],
      why: "a rotation is checked for invoking the rotation function, which the caller never invokes",
      source: ROTATE,
    },
  ],
  resources: (ctx) => {
    const kms = kmsKey(ctx, ctx.params.kmsKeyId);
    // The rotation function beside the secret: each action keeps the ARNs of its own formats.
    const target = [
      ...secret(ctx, ctx.params.secretId ?? ctx.params.name),
      ...named(ctx.params.rotationLambdaARN, (n) => regional(ctx, "lambda", `function:${n}`)),
    ];
    return kms.length ? { target, kmsKey: kms } : { target };
  },
};

export const SSM_AUTHORIZATIONS: ServiceAuthorizations = {
  service: "ssm",
  events: [
    {
      event: "PutParameter",
      rules: [taggedOnCreate("ssm:AddTagsToResource", PUT_PARAMETER)],
      why: "a parameter written, tagged as it is created or not",
      source: PUT_PARAMETER,
    },
    {
      event: "GetParameter",
      rules: [readsSecret("name")],
      why: "a parameter, or a Secrets Manager secret it references",
      source: SECRET_REFERENCE,
    },
    {
      // "When a user specifies the name of a session document in a command, the systems checks
      // their IAM policy to verify they have permission to access the document" (SESSION_DOCUMENT):
      // the record lists the node, not the document, whose ARN (an AWS-owned document's has no
      // account) it does not give. The call keeps today's scope.
      event: "StartSession",
      // A session started without a document uses the account's SSM-SessionManagerRunShell, which
      // a policy whose StartSession carries `ssm:SessionDocumentAccessCheck` must grant too
      // (DOCUMENT_ACCESS_CHECK); other policies need not: inferred, so kept only where granted today.
      actions: [
        { action: "ssm:StartSession" },
        { action: "ssm:StartSession", resource: "defaultSessionDocument", inferred: true },
      ],
      rules: [
        {
          parameter: "documentName",
          retarget: "unnamed",
          why: "a session started with a session document is authorized on the document too",
          source: SESSION_DOCUMENT,
        },
      ],
      why: "a session on a managed node, with the default or a named session document",
      source: DOCUMENT_ACCESS_CHECK,
    },
    {
      event: "GetParameters",
      rules: [readsSecret("names")],
      why: "parameters, or Secrets Manager secrets they reference",
      source: SECRET_REFERENCE,
    },
  ],
  resources: (ctx) => {
    const names = [ctx.params.name, ...(Array.isArray(ctx.params.names) ? ctx.params.names : [])];
    const target = names.flatMap((n) =>
      named(withoutSelector(n), (name) => parameterArn(ctx, name.replace(/^\//, ""))),
    );
    const referenced = names.flatMap((n) => referencedSecret(ctx, n));
    const session = defaultSessionDocument(ctx);
    return {
      target,
      ...(referenced.length > 0 ? { referencedSecret: referenced } : {}),
      ...(session ? { defaultSessionDocument: [session] } : {}),
    };
  },
};

/**
 * The secret a REFERENCE_PATH name reads (its name after the path, without a `:version` or
 * `:stage` selector), in the call's region and account, as secretsmanager's own records name it.
 */
function referencedSecret(ctx: DeriveContext, value: unknown): string[] {
  const name = str(value);
  if (!name?.startsWith(REFERENCE_PATH)) return [];
  const id = name.slice(REFERENCE_PATH.length).split(":")[0];
  return id ? secret(ctx, id) : [];
}

/**
 * The document a StartSession naming none runs: the account's SSM-SessionManagerRunShell, in the
 * session's Region, as getting-started-default-session-document.html writes it in a policy
 * (`arn:aws:ssm:region:account-id:document/SSM-SessionManagerRunShell`).
 */
function defaultSessionDocument(ctx: DeriveContext): string | undefined {
  if (ctx.event !== "StartSession" || str(ctx.params.documentName)) return undefined;
  return regional(ctx, "ssm", "document/SSM-SessionManagerRunShell");
}

/**
 * AWS's public parameters (`/aws/service/...`: the latest AMI ids, service metadata) belong to no
 * account: their ARN's account field is empty, as `get-parameters` prints it
 * (`arn:aws:ssm:us-east-2::parameter/aws/service/...`), and a grant scoped to the caller's account
 * does not match them.
 * https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-finding-public-parameters.html
 */
function parameterArn(ctx: DeriveContext, path: string): string | undefined {
  if (!path.startsWith("aws/service/")) return regional(ctx, "ssm", `parameter/${path}`);
  return ctx.region ? `arn:${ctx.partition}:ssm:${ctx.region}::parameter/${path}` : undefined;
}

const PARAMETER_IN_ARN = ":parameter/";

/**
 * A name read as `name:version` or `name:label` (GetParameter, GetParameters, GetParameterHistory)
 * selects a version of the parameter; IAM authorizes the parameter itself, whose ARN carries no
 * selector. Names hold no colon (letters, digits, `_.-/`), so the first one after the name's start
 * opens the selector. https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_Parameter.html
 */
function withoutSelector(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const arn = value.indexOf(PARAMETER_IN_ARN);
  if (value.startsWith("arn:") && arn < 0) return value;
  const colon = value.indexOf(":", value.startsWith("arn:") ? arn + PARAMETER_IN_ARN.length : 0);
  return colon < 0 ? value : value.slice(0, colon);
}

export const SSM_SOURCE = SSM;
