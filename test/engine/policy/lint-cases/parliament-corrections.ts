/**
 * Parliament policy vectors read differently from their recorded expectation, by
 * `test#occurrence`, with the reason (see lint-parliament.test.ts for how the vectors were extracted).
 */
export interface Correction {
  /** The lint-relevant parliament ids we expect instead of the row's. */
  ids: string[];
  /** Our codes without a parliament id that this policy rightly gets. */
  extra?: string[];
  why: string;
}

const MISPAIRED = "the row's assertion belongs to an earlier policy of the same upstream test";
const LITERAL_STAR =
  'the StringEquals value "home/${aws:username}/*" compares its * literally (Access Analyzer\'s wildcard without like operator)';
const EMPTY_SID = 'the policy has "Sid": "", which Access Analyzer suggests filling in';

/** Rows read differently from their recorded expectation, by `test#occurrence`. */
export const CORRECTIONS: Record<string, Correction> = {
  "test_notresource_allow#0": {
    ids: [],
    why: `${MISPAIRED} (the Deny version). Upstream expects RESOURCE_MISMATCH for this Allow version: we disagree, parliament checks NotResource entries as if they were Resource targets, but they name exceptions`,
  },
  "test_notprincipal_allow#0": {
    ids: ["MALFORMED_JSON"],
    why: `${MISPAIRED} (the Deny version). We disagree with upstream on this text: it has a trailing comma, which parliament's lenient JSON reader accepts and IAM rejects; the same document without the comma gets not-principal-allow (lint.test.ts)`,
  },
  "test_condition_action_specific#0": { ids: ["UNKNOWN_CONDITION_FOR_ACTION"], why: MISPAIRED },
  "test_condition_multiple#0": {
    ids: ["UNKNOWN_CONDITION_FOR_ACTION"],
    extra: ["wildcard-without-like"],
    why: `${MISPAIRED}; ${LITERAL_STAR}`,
  },
  "test_condition_multiple#1": {
    ids: ["UNKNOWN_CONDITION_FOR_ACTION"],
    extra: ["wildcard-without-like"],
    why: `${MISPAIRED}; ${LITERAL_STAR}`,
  },
  "test_condition_multiple#2": {
    ids: ["UNKNOWN_CONDITION_FOR_ACTION"],
    extra: ["wildcard-without-like"],
    why: LITERAL_STAR,
  },
  "test_condition_with_null#0": { ids: [], extra: ["empty-sid"], why: EMPTY_SID },
  "test_condition_with_MultiFactorAuthAge#0": { ids: [], extra: ["empty-sid"], why: EMPTY_SID },
  "test_duplicate_sids#0": {
    ids: ["DUPLICATE_SID"],
    extra: ["redundant-statement"],
    why: "the two statements are identical, which Access Analyzer reports as a redundant statement",
  },
  "test_bad_mfa_condition#0": {
    ids: ["BAD_PATTERN_FOR_MFA"],
    extra: ["pass-role-wildcard", "create-slr-wildcard"],
    why: 'Access Analyzer also names iam:PassRole and iam:CreateServiceLinkedRole that "Action": "*" allows on every role',
  },
  "test_condition_operator#0": { ids: ["MISMATCHED_TYPE"], why: MISPAIRED },
  "test_condition_operator#1": { ids: ["MISMATCHED_TYPE"], why: MISPAIRED },
  "test_resource_policy_privilege_escalation#0": {
    ids: ["RESOURCE_STAR"],
    extra: ["redundant-action"],
    why: "we also report sns:*Remove* (only sns:RemovePermission) as covered by sns:*Permission*",
  },
  "test_resource_policy_privilege_escalation#1": {
    ids: ["RESOURCE_STAR"],
    extra: ["redundant-action"],
    why: "we also report sns:*Remove* (only sns:RemovePermission) as covered by sns:*Permission*",
  },
  "test_resource_effectively_star#0": {
    ids: [],
    why: "we disagree: RESOURCE_EFFECTIVELY_STAR is not implemented (see its mapping)",
  },
  "test_resource_policy_privilege_escalation_at_bucket_level#1": {
    ids: [],
    why: "we disagree: parliament flags s3:ListAllMyBuckets, one of the many actions s3:*Bucket* names, for lacking Resource *; we report an Action entry only when none of its actions can be reached, since a pattern naturally spans resource types",
  },
  "test_resource_with_sub#0": {
    ids: ["MALFORMED"],
    why: 'we disagree: a CloudFormation {"Fn::Sub": ...} object in Resource is a type error IAM rejects (invalid-type), not an ARN-shaped problem',
  },
};
