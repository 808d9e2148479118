import assert from "node:assert/strict";
import { test } from "node:test";
import { doc } from "../../helpers/policies.js";
import { snapshotWith } from "../../helpers/snapshot-fixture.js";
import { ASSUME_ANY, DEV, orgReportFixture, PROD, roleIn, trusting } from "./org-fixture.js";

const FROM_OFFICE = { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } };
const devRole = (name: string) => `arn:aws:iam::${DEV}:role/${name}`;
const prodRole = (name: string) => `arn:aws:iam::${PROD}:role/${name}`;

const severityOf = async (prod: ReturnType<typeof snapshotWith>, dev: ReturnType<typeof snapshotWith>) =>
  new Map(
    (await orgReportFixture([prod, dev])).crossAccountPaths.map((p) => [
      `${p.from.principalArn.split("/").pop()} -> ${p.to.roleArn.split("/").pop()}`,
      p.severity,
    ]),
  );

test("a certain hop to a role that is an administrator only under a condition is a conditional path", async () => {
  const prod = snapshotWith({
    accountId: PROD,
    roles: [
      roleIn(
        PROD,
        "Deploy",
        doc({ Effect: "Allow", Action: "*", Resource: "*", Condition: FROM_OFFICE }),
        trusting(devRole("CI")),
      ),
    ],
  });
  const dev = snapshotWith({
    accountId: DEV,
    roles: [roleIn(DEV, "CI", ASSUME_ANY, trusting(`arn:aws:iam::${DEV}:root`))],
  });
  const paths = await severityOf(prod, dev);
  assert.equal(paths.get("CI -> Deploy"), "medium", JSON.stringify([...paths]));
});

test("a certain hop to a role whose way on hangs on a condition is a conditional path", async () => {
  // Dev's Hop holds nothing but sts:AssumeRole; production's Admin admits it from the office only.
  const prod = snapshotWith({
    accountId: PROD,
    roles: [
      roleIn(
        PROD,
        "Admin",
        doc({ Effect: "Allow", Action: "*", Resource: "*" }),
        trusting(devRole("Hop"), FROM_OFFICE),
      ),
      roleIn(PROD, "Ops", ASSUME_ANY, trusting(`arn:aws:iam::${PROD}:root`)),
    ],
  });
  const dev = snapshotWith({
    accountId: DEV,
    roles: [roleIn(DEV, "Hop", ASSUME_ANY, trusting(prodRole("Ops")))],
  });
  const paths = await severityOf(prod, dev);
  assert.equal(paths.get("Hop -> Admin"), "medium", JSON.stringify([...paths]));
  assert.equal(paths.get("Ops -> Hop"), "medium", JSON.stringify([...paths]));
});

test("a path from a role anyone with AWS credentials can assume is critical, as in the account's own analysis", async () => {
  const prod = snapshotWith({
    accountId: PROD,
    roles: [
      roleIn(PROD, "Deploy", doc({ Effect: "Allow", Action: "*", Resource: "*" }), trusting(devRole("Open"))),
    ],
  });
  const dev = snapshotWith({
    accountId: DEV,
    roles: [
      roleIn(DEV, "Open", ASSUME_ANY, trusting("*")),
      roleIn(DEV, "CI", ASSUME_ANY, trusting(`arn:aws:iam::${DEV}:root`)),
    ],
  });
  const report = await orgReportFixture([prod, dev]);
  const open = report.crossAccountPaths.find((p) => p.from.principalArn === devRole("Open"));
  assert.equal(open?.severity, "critical", JSON.stringify(report.crossAccountPaths));
  // Dev's CI reaches Deploy through Open; the path from CI is not open to anyone.
  const ci = report.crossAccountPaths.find((p) => p.from.principalArn === devRole("CI"));
  assert.equal(ci?.severity, "high", JSON.stringify(report.crossAccountPaths));
});
