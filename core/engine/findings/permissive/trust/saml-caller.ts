import { parseArn } from "../../../policy/arn.js";
import { type Caller, type Choice, OUTSIDER } from "./caller.js";
import { basics, NETWORK, SESSION } from "./callers.js";

/**
 * Where AWS's own sign-in service receives SAML responses: the global endpoint, regional ones
 * (`https://REGION.signin.aws.amazon.com/saml`) and the per-provider paths used with SAML
 * encryption (`.../saml/acs/IdP-ID`), in every partition. An assertion whose Recipient is on one of
 * these hosts was issued for AWS.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_saml_assertions.html
 */
export const AWS_SIGN_IN =
  /^https:\/\/([a-z0-9-]+\.)*signin\.(aws\.amazon\.com|amazonaws\.cn|amazonaws-us-gov\.com)\//i;

/** Any value the IdP may put in an attribute, or leave the attribute out. */
const ANY_ATTRIBUTE: Choice = { allowed: "*", fallback: OUTSIDER, omit: true };
const PRESENT: Choice = { allowed: "*", fallback: OUTSIDER };
/** The Recipient of an assertion the provider signed for someone other than AWS. */
const ELSEWHERE: Choice = {
  allowed: "*",
  fallback: `https://${OUTSIDER}.example/saml/acs`,
  except: AWS_SIGN_IN,
};

/** What the IdP writes in any assertion, and the session parameters the caller sends. */
const ASSERTION: Record<string, Choice> = {
  "saml:*": ANY_ATTRIBUTE,
  "saml:sub": PRESENT,
  "saml:sub_type": { allowed: "*", fallback: "persistent" },
  "saml:iss": PRESENT,
  "saml:namequalifier": PRESENT,
  "sts:rolesessionname": SESSION["sts:rolesessionname"]!,
  "sts:sourceidentity": SESSION["sts:sourceidentity"]!,
  "aws:sourceidentity": SESSION["aws:sourceidentity"]!,
  "sts:transitivetagkeys": SESSION["sts:transitivetagkeys"]!,
  "aws:requesttag/*": SESSION["aws:requesttag/*"]!,
  "aws:tagkeys": SESSION["aws:tagkeys"]!,
  "aws:requestedregion": SESSION["aws:requestedregion"]!,
};

// Whether STS sets aws:FederatedProvider for a SAML session is not documented: left undecided.
const UNDECIDED = [...NETWORK, "aws:federatedprovider"];

/**
 * A SAML response the provider signed for a recipient other than AWS sign-in, presented to
 * sts:AssumeRoleWithSAML: what the `saml:aud` condition AWS asks every SAML trust policy to carry
 * keeps out (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_saml.html).
 * `saml:aud` is the response's Recipient, which AWS requires, so it is always present; NameID
 * (`saml:sub`, `saml:sub_type`), the issuer and the name qualifier are always present too, and
 * every other attribute may be absent. The caller may be any user of the IdP, so conditions on who
 * the user is are met: the question is only where the assertion was addressed. The call is not
 * signed, so no principal key (aws:PrincipalArn, aws:PrincipalAccount...) is in the request.
 * Context keys: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-saml
 */
export function samlCaller(now: string, provider: string): Caller {
  const arn = parseArn(provider);
  const name = arn?.resource.replace(/^saml-provider\//, "") ?? provider;
  return {
    label: `a SAML assertion of ${name} addressed to a recipient other than AWS sign-in`,
    action: "sts:AssumeRoleWithSAML",
    names: (type, value) => type === "Federated" && (value === "*" || value === provider),
    known: { ...basics(now), ...(arn ? { "saml:doc": [`${arn.account}/${name}`] } : {}) },
    chosen: { ...ASSERTION, "saml:aud": ELSEWHERE },
    unknown: UNDECIDED,
  };
}

/**
 * Whom `"Principal": "*"` (or `{"Federated": "*"}`, or `{"AWS": "*"}`: `aws`) admits through sts:AssumeRoleWithSAML: the
 * call names its SAML provider by ARN (PrincipalArn), and AWS does not document whether that
 * provider must be one of the role's account. So: any provider of the account (which the snapshot
 * does not list), for an assertion addressed to a recipient other than AWS sign-in; and a provider
 * an outsider creates in an account of its own, whose assertions it writes as it likes, AWS
 * sign-in as the recipient included, but which no `saml:doc` naming an account's provider, nor a
 * name qualifier (a hash over the provider's account), is known to match.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithSAML.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-saml
 */
export function anySamlCallers(now: string, accountId: string, aws: boolean): Caller[] {
  const names = (type: string, value: string) =>
    (type === "Federated" && value === "*") || (aws && type === "AWS" && value === "*");
  return [
    {
      label:
        "a SAML assertion of any identity provider of the account addressed to a recipient other than AWS sign-in",
      action: "sts:AssumeRoleWithSAML",
      names,
      known: basics(now),
      chosen: {
        ...ASSERTION,
        "saml:aud": ELSEWHERE,
        "saml:doc": { allowed: `${accountId}/*`, fallback: `${accountId}/${OUTSIDER}` },
      },
      unknown: UNDECIDED,
    },
    {
      label:
        "a SAML assertion of an identity provider an outsider creates in its own account, should STS accept one",
      action: "sts:AssumeRoleWithSAML",
      names,
      known: basics(now),
      chosen: {
        ...ASSERTION,
        "saml:aud": { allowed: "*", fallback: "https://signin.aws.amazon.com/saml" },
        "saml:doc": { allowed: "*", fallback: `${OUTSIDER}/${OUTSIDER}`, except: /^\d{12}\// },
      },
      unknown: [...UNDECIDED, "saml:namequalifier"],
    },
  ];
}
