/**
 * Calls of a data-event action made on a target that no data-event type names, so that no trail
 * records them, and that IAM authorizes on a name that is no ARN: only a Resource of `*`, or a
 * NotResource that does not name `*`, reaches it (IAM takes no other pattern that is not an ARN).
 */
export interface UnrecordedTarget {
  action: string;
  target: string;
  source: string;
}

export const UNRECORDED_TARGETS: readonly UnrecordedTarget[] = [
  // A Publish with `PhoneNumber` sends an SMS straight to the number, naming no topic or platform
  // endpoint, while CloudTrail's data events record Publish on topics (AWS::SNS::Topic) and on
  // platform endpoints (AWS::SNS::PlatformEndpoint) only; IAM checks it on the number ("not
  // authorized to perform: SNS:Publish on resource: +1..."). A grant on topic or endpoint ARNs
  // cannot send one.
  {
    action: "sns:Publish",
    target: "a phone number",
    source:
      "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html",
  },
];
