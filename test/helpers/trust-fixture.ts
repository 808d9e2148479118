import type { Finding } from "../../core/engine/findings/types.js";
import { permissiveFindings } from "./findings.js";
import { doc } from "./policies.js";
import { role, snapshotWith } from "./snapshot-fixture.js";

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
