import type { Finding } from "../../core/engine/findings/types.js";
import type { Role } from "../../core/engine/snapshot/model.js";
import { permissiveFindings } from "./findings.js";
import { ADMIN, doc } from "./policies.js";
import { ACCOUNT, role, snapshotWith } from "./snapshot-fixture.js";

/** The trust findings of a role "r" of the test account whose trust policy is `trustPolicy`. */
export const trustFindings = (trustPolicy: unknown): Finding[] =>
  permissiveFindings(snapshotWith({ roles: [role("r", { trustPolicy })] })).filter((f) =>
    f.kind.startsWith("trust-"),
  );

/** A trust policy letting any AWS principal assume the role under `condition`. */
export const anyAws = (condition: object) =>
  doc({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole", Condition: condition });

/** A trust policy letting anyone assume the role (under `allow`, if given) but for a Deny under `deny`. */
export const allowThenDeny = (deny: object, allow?: object) =>
  doc(
    { Effect: "Allow", Principal: "*", Action: "sts:AssumeRole", ...(allow ? { Condition: allow } : {}) },
    { Effect: "Deny", Principal: "*", Action: "sts:AssumeRole", Condition: deny },
  );

/** A role holding every action that any principal of the test account may assume (under `trustCondition`). */
export const accountAdmin = (
  name: string,
  { tags = [], trustCondition }: { tags?: Role["tags"]; trustCondition?: object } = {},
) =>
  role(name, {
    tags,
    trustPolicy: doc({
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
      Action: "sts:AssumeRole",
      ...(trustCondition ? { Condition: trustCondition } : {}),
    }),
    inlinePolicies: [{ name: "a", document: ADMIN }],
  });

/** A statement letting its holder assume every role tagged `key`=`value`. */
export const assumeTagged = (key: string, value: string) => ({
  Effect: "Allow",
  Action: "sts:AssumeRole",
  Resource: "*",
  Condition: { StringEquals: { [`aws:ResourceTag/${key}`]: value } },
});
