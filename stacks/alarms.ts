import { Duration, type Stack } from "aws-cdk-lib";
import { Alarm, ComparisonOperator, MathExpression, TreatMissingData } from "aws-cdk-lib/aws-cloudwatch";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import type { StateMachine } from "aws-cdk-lib/aws-stepfunctions";

/**
 * What should wake someone: an event nothing could deliver (the dead-letter queue is not empty) and
 * an audit execution that failed, timed out or was aborted. Attach actions (SNS, chat) to the alarms.
 */
export function auditAlarms(stack: Stack, props: { deadLetters: IQueue; machines: StateMachine[] }) {
  new Alarm(stack, "DeadLettersAlarm", {
    alarmDescription: "Whittle: schedule or execution-ended events could not be delivered (see the DLQ)",
    metric: props.deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });
  props.machines.forEach((machine, i) => {
    const period = Duration.minutes(5);
    new Alarm(stack, `FailedExecutionsAlarm${i}`, {
      alarmDescription: "Whittle: an audit execution failed, timed out or was aborted",
      metric: new MathExpression({
        expression: "failed + timedOut + aborted",
        usingMetrics: {
          failed: machine.metricFailed({ period }),
          timedOut: machine.metricTimedOut({ period }),
          aborted: machine.metricAborted({ period }),
        },
        period,
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  });
}
