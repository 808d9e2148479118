/**
 * Condition data types: which operator families fit which key types, and what a literal value of
 * each family looks like. Operator families and key types as AWS documents them:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */
export type ValueType = "String" | "Numeric" | "Date" | "Bool" | "Binary" | "IPAddress" | "ARN";

/** Catalog type names (`ArrayOfString`, `Long`, ...) to the operator family that compares them. */
const KEY_TYPES: Record<string, ValueType> = {
  String: "String",
  ArrayOfString: "String",
  ARN: "ARN",
  ArrayOfARN: "ARN",
  Arn: "ARN",
  Bool: "Bool",
  Boolean: "Bool",
  ArrayOfBool: "Bool",
  Numeric: "Numeric",
  Long: "Numeric",
  Integer: "Numeric",
  Date: "Date",
  IPAddress: "IPAddress",
  Ip: "IPAddress",
  Binary: "Binary",
};

export function keyValueType(catalogType: string): ValueType | undefined {
  return KEY_TYPES[catalogType];
}

/**
 * Key type → operator families that compare it correctly besides its own. Date keys also take
 * numeric operators (epoch seconds, e.g. aws:EpochTime).
 */
export const ALSO_ACCEPTED: Partial<Record<ValueType, readonly ValueType[]>> = {
  Date: ["Numeric"],
};

/**
 * Key type → operator families that work on its text form but compare less precisely: a string
 * operator on an ARN or a date matches the characters, not the structure (parliament's
 * MISMATCHED_TYPE_BUT_USABLE).
 */
export const USABLE: Partial<Record<ValueType, readonly ValueType[]>> = {
  ARN: ["String"],
  Date: ["String"],
};

/** What a literal value must look like for each operator family; String takes anything. */
export const VALUE_FORMATS: Record<ValueType, (value: string) => boolean> = {
  String: () => true,
  Numeric: (v) => /^-?\d+(\.\d+)?$/.test(v),
  Date: (v) =>
    /^\d+$/.test(v) ||
    (/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(v) && !Number.isNaN(Date.parse(v))),
  Bool: (v) => v === "true" || v === "false",
  Binary: (v) => /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(v),
  IPAddress: (v) => isCidr(v),
  ARN: (v) => v.startsWith("arn:") || /^[*?]+$/.test(v),
};

function isCidr(value: string): boolean {
  const [address, bits, extra] = value.split("/");
  if (extra !== undefined || address === undefined) return false;
  const ipv4 = /^\d{1,3}(\.\d{1,3}){3}$/.test(address) && address.split(".").every((o) => Number(o) <= 255);
  const ipv6 = address.includes(":") && /^[0-9a-fA-F:.]+$/.test(address);
  if (!ipv4 && !ipv6) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (ipv4 ? 32 : 128);
}
