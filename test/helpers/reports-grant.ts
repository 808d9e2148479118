import { managed } from "./plan-fixture.js";
import { ownPolicy, role } from "./snapshot-fixture.js";

/**
 * A role "app" that lists buckets, and the managed policy "reports" attached to it for a report
 * that describes instances and has not run yet: only the grant's date shows the action is new.
 */
export function appWithReports() {
  const reports = managed("reports", {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: "ec2:DescribeInstances", Resource: "*" }],
  });
  const app = role("app", {
    ...ownPolicy([{ Effect: "Allow", Action: "s3:ListAllMyBuckets", Resource: "*" }]),
    attachedPolicyArns: [reports.arn],
  });
  return { reports, app };
}
