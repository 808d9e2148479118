/**
 * Condition operators IAM accepts, by base name (without set qualifier or IfExists). See
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */
export const CONDITION_OPERATORS = {
  StringEquals: { type: "String", negated: false },
  StringNotEquals: { type: "String", negated: true },
  StringEqualsIgnoreCase: { type: "String", negated: false },
  StringNotEqualsIgnoreCase: { type: "String", negated: true },
  StringLike: { type: "String", negated: false },
  StringNotLike: { type: "String", negated: true },
  NumericEquals: { type: "Numeric", negated: false },
  NumericNotEquals: { type: "Numeric", negated: true },
  NumericLessThan: { type: "Numeric", negated: false },
  NumericLessThanEquals: { type: "Numeric", negated: false },
  NumericGreaterThan: { type: "Numeric", negated: false },
  NumericGreaterThanEquals: { type: "Numeric", negated: false },
  DateEquals: { type: "Date", negated: false },
  DateNotEquals: { type: "Date", negated: true },
  DateLessThan: { type: "Date", negated: false },
  DateLessThanEquals: { type: "Date", negated: false },
  DateGreaterThan: { type: "Date", negated: false },
  DateGreaterThanEquals: { type: "Date", negated: false },
  Bool: { type: "Bool", negated: false },
  BinaryEquals: { type: "Binary", negated: false },
  IpAddress: { type: "IPAddress", negated: false },
  NotIpAddress: { type: "IPAddress", negated: true },
  ArnEquals: { type: "ARN", negated: false },
  ArnLike: { type: "ARN", negated: false },
  ArnNotEquals: { type: "ARN", negated: true },
  ArnNotLike: { type: "ARN", negated: true },
  Null: { type: "Null", negated: false },
} as const;

export type ConditionOperatorName = keyof typeof CONDITION_OPERATORS;

export interface OperatorParts {
  base: string;
  set?: "ForAllValues" | "ForAnyValue";
  ifExists: boolean;
  known: boolean;
}

/** Splits `ForAnyValue:StringLikeIfExists` into its parts; IAM matches operator names case-sensitively. */
export function splitOperator(operator: string): OperatorParts {
  let rest = operator;
  let set: OperatorParts["set"];
  const colon = rest.indexOf(":");
  if (colon >= 0) {
    const qualifier = rest.slice(0, colon);
    if (qualifier === "ForAllValues" || qualifier === "ForAnyValue") set = qualifier;
    else return { base: rest, ifExists: false, known: false };
    rest = rest.slice(colon + 1);
  }
  let ifExists = false;
  if (rest.endsWith("IfExists") && rest !== "IfExists") {
    ifExists = true;
    rest = rest.slice(0, -"IfExists".length);
  }
  const known =
    Object.hasOwn(CONDITION_OPERATORS, rest) && !(rest === "Null" && (ifExists || set !== undefined));
  return { base: rest, ...(set ? { set } : {}), ifExists, known };
}

export function operatorInfo(base: string) {
  return Object.hasOwn(CONDITION_OPERATORS, base)
    ? CONDITION_OPERATORS[base as ConditionOperatorName]
    : undefined;
}
