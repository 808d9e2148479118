import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { DATA_EVENT_TYPES } from "../../../core/engine/activity/knowledge/data-event-types.js";
import { createObservability } from "../../../core/engine/activity/observability.js";
import {
  defaultLogging,
  MANAGEMENT_ONLY,
  type TrailLogging,
} from "../../../core/engine/activity/trail-logging.js";
import { loadCatalog } from "../../../core/node/load-catalog.js";

const catalog = loadCatalog();
const o = createObservability(catalog);
const action = (name: string) => catalog.action(name)!;
const seen = (name: string, logging: TrailLogging[]) => o.observable(action(name), logging);
/** Each call is a data event of its type: unseen under a trail of management events, seen once the type is logged. */
const dataEventsOf = (calls: readonly (readonly [string, string])[]) => {
  for (const [name, type] of calls) {
    assert.equal(o.classify(action(name)), "data", name);
    assert.equal(seen(name, [MANAGEMENT_ONLY]), false, name);
    assert.equal(seen(name, [defaultLogging([type])]), true, name);
  }
};

describe("classes, one rule each", () => {
  test("an API operation of a service CloudTrail records is a management event", () => {
    assert.equal(o.classify(action("iam:CreateUser")), "management");
    assert.equal(o.classify(action("sqs:GetQueueUrl")), "management");
    assert.equal(seen("iam:CreateUser", [MANAGEMENT_ONLY]), true);
  });
  test("a data-event action is classed data, whatever the API table says", () => {
    assert.equal(o.classify(action("sqs:SendMessage")), "data");
    assert.deepEqual(o.dataTypes(action("sqs:SendMessage")), ["AWS::SQS::Queue"]);
  });
  test("a never-logged action is unobservable, though an API operation has its name", () => {
    assert.equal(o.classify(action("logs:PutLogEvents")), "unobservable");
    assert.equal(o.classify(action("iam:PassRole")), "unobservable");
  });
  test("AWS IoT's data plane and its reads are unobservable; its changes are management events", () => {
    for (const name of ["iot:Publish", "iot:UpdateThingShadow", "iot:ListThings", "iot:DescribeThing"]) {
      assert.equal(o.classify(action(name)), "unobservable", name);
      assert.equal(o.traced(action(name), [defaultLogging()]), false, name);
    }
    assert.equal(o.classify(action("iot:CreateThing")), "management");
    assert.equal(seen("iot:CreateThing", [MANAGEMENT_ONLY]), true);
  });
  test("Timestream's writes and endpoint discovery, which no trail records, are unobservable", () => {
    const everything = defaultLogging(DATA_EVENT_TYPES.map(({ type }) => type));
    for (const name of ["timestream:WriteRecords", "timestream:DescribeEndpoints"]) {
      assert.equal(o.classify(action(name)), "unobservable", name);
      assert.equal(o.traced(action(name), [everything]), false, name);
    }
    assert.equal(seen("timestream:CreateTable", [everything]), true);
  });
  test("SES's API sends, EventBridge's PutEvents and X-Ray's sampling quotas are data events", () => {
    for (const [name, type] of [
      ["ses:SendEmail", "AWS::SES::EmailIdentity"],
      ["ses:SendBulkEmail", "AWS::SES::EmailIdentity"],
      ["events:PutEvents", "AWS::Events::EventBus"],
      ["events:PutPartnerEvents", "AWS::Events::EventSource"],
      ["xray:GetSamplingTargets", "AWS::XRay::Trace"],
    ] as const) {
      assert.equal(o.classify(action(name)), "data", name);
      assert.equal(seen(name, [MANAGEMENT_ONLY]), false, name);
      assert.equal(seen(name, [defaultLogging([type])]), true, name);
    }
    // A send names a configuration set (and a v2 send a template) only when it uses one.
    assert.equal(seen("ses:SendEmail", [defaultLogging(["AWS::SES::ConfigurationSet"])]), false);
    assert.equal(seen("ses:SendEmail", [defaultLogging(["AWS::SES::Template"])]), false);
    assert.equal(seen("ses:SendTemplatedEmail", [defaultLogging(["AWS::SES::Template"])]), true);
    // PutEvents names an EventBridge endpoint only when it goes through a global one.
    assert.equal(seen("events:PutEvents", [defaultLogging(["AWS::Events::Endpoint"])]), false);
  });
  test("an IoT SiteWise value call is seen only where both types it may be recorded as are logged", () => {
    const asset = "AWS::IoTSiteWise::Asset";
    const series = "AWS::IoTSiteWise::TimeSeries";
    for (const name of ["iotsitewise:BatchPutAssetPropertyValue", "iotsitewise:GetAssetPropertyValue"]) {
      assert.equal(o.classify(action(name)), "data", name);
      assert.deepEqual(o.dataTypes(action(name)), [asset, series]);
      assert.equal(seen(name, [defaultLogging([asset])]), false, `${name}: a value named by its alias`);
      assert.equal(seen(name, [defaultLogging([series])]), false, `${name}: a value named by its asset`);
      assert.equal(seen(name, [defaultLogging([asset, series])]), true, name);
      assert.equal(seen(name, [defaultLogging([asset]), defaultLogging([series])]), true, name);
    }
  });
  test("SWF's workflow calls, Greengrass's component resolution and SMS voice sends are data events", () => {
    dataEventsOf([
      ["swf:StartWorkflowExecution", "AWS::SWF::Domain"],
      ["swf:SignalWorkflowExecution", "AWS::SWF::Domain"],
      ["greengrass:ResolveComponentCandidates", "AWS::GreengrassV2::ComponentVersion"],
      ["sms-voice:SendVoiceMessage", "AWS::SMSVoice::OriginationIdentity"],
    ]);
    assert.equal(o.classify(action("swf:RegisterDomain")), "management");
  });
  test("SES's SMTP sends and Step Functions' synchronous starts, which no trail records, are unobservable", () => {
    const everything = defaultLogging(DATA_EVENT_TYPES.map(({ type }) => type));
    for (const name of ["ses:SendRawEmail", "states:StartSyncExecution"]) {
      assert.equal(o.classify(action(name)), "unobservable", name);
      assert.equal(o.traced(action(name), [everything]), false, name);
    }
    assert.equal(seen("states:StartExecution", [MANAGEMENT_ONLY]), true);
  });
  test("RUM's PutRumEvents, CloudWatch's widget images and SageMaker's async invocations are data events", () => {
    dataEventsOf([
      ["rum:PutRumEvents", "AWS::RUM::AppMonitor"],
      ["cloudwatch:GetMetricWidgetImage", "AWS::CloudWatch::Metric"],
      ["sagemaker:InvokeEndpointAsync", "AWS::SageMaker::Endpoint"],
    ]);
    assert.equal(o.classify(action("rum:CreateAppMonitor")), "management");
  });
  test("calls AWS's pages leave unsure to be recorded are unobservable, whatever the trail logs", () => {
    const everything = defaultLogging(DATA_EVENT_TYPES.map(({ type }) => type));
    for (const name of [
      "xray:GetSamplingRules",
      "xray:CreateSamplingRule",
      "mobiletargeting:PutEvents",
      "mobiletargeting:UpdateEndpoint",
      "mobiletargeting:SendMessages",
      "machinelearning:Predict",
      "dataexchange:SendApiAsset",
      "codeguru-profiler:PostAgentProfile",
      "kinesisvideo:GetIceServerConfig",
      "lakeformation:GetTableObjects",
      "lakeformation:UpdateTableObjects",
      "lakeformation:GetWorkUnitResults",
      "iottwinmaker:GetPropertyValue",
      "greengrass:GetComponentVersionArtifact",
      "airflow:CreateCliToken",
      "airflow:CreateWebLoginToken",
    ]) {
      assert.equal(o.classify(action(name)), "unobservable", name);
      assert.equal(o.traced(action(name), [everything]), false, name);
    }
    // The calls the pages do name as logged management events stay observable.
    assert.equal(seen("xray:GetSamplingStatisticSummaries", [MANAGEMENT_ONLY]), true);
    assert.equal(seen("mobiletargeting:CreateCampaign", [MANAGEMENT_ONLY]), true);
    assert.equal(seen("lakeformation:GetWorkUnits", [MANAGEMENT_ONLY]), true);
    assert.equal(seen("iottwinmaker:GetEntity", [MANAGEMENT_ONLY]), true);
    assert.equal(seen("greengrass:CreateDeployment", [MANAGEMENT_ONLY]), true);
    assert.equal(seen("airflow:CreateEnvironment", [MANAGEMENT_ONLY]), true);
  });
  test("Step Functions' activity and task-token calls, named as both data and management events, are seen only where both are recorded", () => {
    const type = "AWS::StepFunctions::Activity";
    const dataOnly: TrailLogging = {
      management: { read: false, write: false },
      data: [{ type, read: true, write: true, resources: "all" }],
    };
    for (const name of [
      "states:GetActivityTask",
      "states:SendTaskSuccess",
      "states:SendTaskFailure",
      "states:SendTaskHeartbeat",
    ]) {
      assert.equal(o.classify(action(name)), "data", name);
      assert.equal(seen(name, [MANAGEMENT_ONLY]), false, `${name}: recorded as a data event`);
      assert.equal(seen(name, [dataOnly]), false, `${name}: recorded as a management event`);
      assert.equal(seen(name, [defaultLogging([type])]), true, name);
      assert.equal(seen(name, [dataOnly, MANAGEMENT_ONLY]), true, name);
    }
  });
  test("Amazon MWAA's reads and PublishMetrics, which no trail records, are unobservable; its changes are management events", () => {
    const everything = defaultLogging(["AWS::MWAA::Environment"]);
    for (const name of ["airflow:PublishMetrics", "airflow:GetEnvironment", "airflow:ListEnvironments"]) {
      assert.equal(o.classify(action(name)), "unobservable", name);
      assert.equal(o.traced(action(name), [everything]), false, name);
    }
    assert.equal(seen("airflow:UpdateEnvironment", [MANAGEMENT_ONLY]), true);
  });
  test("Cloud Map's discovery calls are recorded as either the namespace or the service they name", () => {
    for (const name of ["servicediscovery:DiscoverInstances", "servicediscovery:DiscoverInstancesRevision"]) {
      assert.equal(o.classify(action(name)), "data", name);
      assert.equal(seen(name, [MANAGEMENT_ONLY]), false, name);
      for (const type of ["AWS::ServiceDiscovery::Namespace", "AWS::ServiceDiscovery::Service"])
        assert.equal(seen(name, [defaultLogging([type])]), true, `${name} as ${type}`);
    }
  });
  test("an action that is no API operation (authorization only) is unobservable", () => {
    assert.equal(o.classify(action("s3:ListAllMyBuckets")), "management");
    assert.equal(o.classify(action("sts:TagSession")), "unobservable");
    assert.equal(seen("sts:TagSession", [defaultLogging()]), false);
  });
  test("every catalog action gets exactly one class", () => {
    const counts = { management: 0, data: 0, unobservable: 0 };
    for (const a of catalog.actions) counts[o.classify(a)]++;
    assert.equal(counts.management + counts.data + counts.unobservable, catalog.size);
    assert.ok(counts.management > 9000 && counts.data > 100, JSON.stringify(counts));
  });
});

describe("what a trail can see", () => {
  test("SQS SendMessage is not observable on a management-only trail; GetQueueUrl is", () => {
    assert.equal(seen("sqs:SendMessage", [MANAGEMENT_ONLY]), false);
    assert.equal(seen("sqs:GetQueueUrl", [MANAGEMENT_ONLY]), true);
  });
  test("the old category names are aliases of resource types", () => {
    assert.equal(seen("s3:GetObject", [defaultLogging(["s3"])]), true);
    assert.equal(seen("dynamodb:GetItem", [defaultLogging(["s3"])]), false);
    assert.equal(seen("dynamodb:GetItem", [defaultLogging(["dynamodb"])]), true);
  });
  test("read-only logging shows reads, not writes", () => {
    const reads: TrailLogging = {
      management: { read: { excludedSources: [] }, write: false },
      data: [{ type: "AWS::S3::Object", read: true, write: false, resources: "all" }],
    };
    assert.equal(seen("s3:GetObjectAcl", [reads]), true);
    assert.equal(seen("s3:PutObject", [reads]), false);
    // A copy is a write event: it reads its source as s3:GetObject where read-only logging is blind.
    assert.equal(seen("s3:GetObject", [reads]), false);
    assert.equal(seen("iam:ListUsers", [reads]), true);
    assert.equal(seen("iam:CreateUser", [reads]), false);
  });
  test("an action recorded against its access level's side is seen only where both sides are logged", () => {
    const writes: TrailLogging = { management: { read: false, write: { excludedSources: [] } }, data: [] };
    const reads: TrailLogging = { management: { read: { excludedSources: [] }, write: false }, data: [] };
    assert.equal(seen("iam:CreateUser", [writes]), true);
    assert.equal(seen("kms:Decrypt", [writes]), false, "Write access level, read-only events");
    assert.equal(seen("kms:Decrypt", [reads]), false);
    assert.equal(seen("kms:Decrypt", [MANAGEMENT_ONLY]), true);
    assert.equal(seen("wafv2:ListWebACLs", [reads]), false, "List access level, write events");
  });
  test("every KMS cryptographic operation is a read-only event, whatever its access level", () => {
    const writes: TrailLogging = { management: { read: false, write: { excludedSources: [] } }, data: [] };
    for (const name of [
      "kms:ReEncryptFrom",
      "kms:ReEncryptTo",
      "kms:Sign",
      "kms:GenerateDataKeyPair",
      "kms:GenerateDataKeyPairWithoutPlaintext",
      "kms:GenerateRandom",
    ]) {
      assert.equal(o.classify(action(name)), "management", name);
      assert.equal(seen(name, [writes]), false, `${name}: Write access level, read-only events`);
      assert.equal(seen(name, [MANAGEMENT_ONLY]), true, name);
    }
  });
  test("operations whose read-only flag is undocumented are seen only where both sides are logged", () => {
    const writes: TrailLogging = { management: { read: false, write: { excludedSources: [] } }, data: [] };
    const reads: TrailLogging = { management: { read: { excludedSources: [] }, write: false }, data: [] };
    for (const name of [
      "sts:GetFederationToken",
      "sts:DecodeAuthorizationMessage",
      "sts:AssumeRoleWithSAML",
      "sts:AssumeRoleWithWebIdentity",
    ]) {
      assert.equal(seen(name, [writes]), false, `${name}: write events only`);
      assert.equal(seen(name, [reads]), false, `${name}: read events only`);
      assert.equal(seen(name, [MANAGEMENT_ONLY]), true, name);
    }
  });
  test("data events logged for some resources only are not observable (silence proves nothing)", () => {
    const some: TrailLogging = {
      management: { read: false, write: false },
      data: [{ type: "AWS::S3::Object", read: true, write: true, resources: ["arn:aws:s3:::logs/"] }],
    };
    assert.equal(seen("s3:GetObject", [some]), false);
  });
  test("an eventName filter limits the logged actions", () => {
    const only = (onlyEvents: string[]): TrailLogging => ({
      management: { read: false, write: false },
      data: [{ type: "AWS::SQS::Queue", read: true, write: true, resources: "all", onlyEvents }],
    });
    assert.equal(seen("sqs:SendMessage", [only(["SendMessage", "SendMessageBatch"])]), true);
    assert.equal(seen("sqs:ReceiveMessage", [only(["SendMessage", "SendMessageBatch"])]), false);
  });
  test("an eventName filter lets through the exact names it lists, not those in another case", () => {
    const only = (onlyEvents: string[]): TrailLogging => ({
      management: { read: false, write: false },
      data: [{ type: "AWS::SQS::Queue", read: true, write: true, resources: "all", onlyEvents }],
    });
    // Equals keeps events of the exact value: "sendmessage" keeps no SendMessage event.
    assert.equal(seen("sqs:SendMessage", [only(["sendmessage", "sendmessagebatch"])]), false);
    // NotEquals in another case still counts as leaving the event out: nothing is called logged on it.
    const except: TrailLogging = {
      management: { read: false, write: false },
      data: [
        { type: "AWS::SQS::Queue", read: true, write: true, resources: "all", exceptEvents: ["sendmessage"] },
      ],
    };
    assert.equal(seen("sqs:SendMessage", [except]), false);
  });
  test("an eventName filter shows an action only when it lets through every event authorized as it", () => {
    const objects = (filter: { onlyEvents?: string[]; exceptEvents?: string[] }): TrailLogging => ({
      management: { read: false, write: false },
      data: [{ type: "AWS::S3::Object", read: true, write: true, resources: "all", ...filter }],
    });
    // SendMessageBatch is authorized as sqs:SendMessage: its sends are not logged.
    const sends: TrailLogging = {
      management: { read: false, write: false },
      data: [
        { type: "AWS::SQS::Queue", read: true, write: true, resources: "all", onlyEvents: ["SendMessage"] },
      ],
    };
    assert.equal(seen("sqs:SendMessage", [sends]), false);
    // Multipart uploads and copies write as s3:PutObject; a copy reads its source as s3:GetObject.
    assert.equal(seen("s3:PutObject", [objects({ onlyEvents: ["PutObject"] })]), false);
    assert.equal(seen("s3:GetObject", [objects({ exceptEvents: ["CopyObject"] })]), false);
    assert.equal(seen("s3:GetObject", [objects({ exceptEvents: ["PutObject"] })]), true);
  });
  test("what a service may call later with the caller's credentials stays seen by its own events", () => {
    // Athena's result writes infer the results bucket's listings and location, Step Functions'
    // starts the stop calls: each is recorded as its own call when made, not inside the write.
    const objectReads: TrailLogging = {
      management: { read: false, write: false },
      data: [{ type: "AWS::S3::Object", read: true, write: false, resources: "all" }],
    };
    assert.equal(seen("s3:ListBucket", [objectReads]), true);
    assert.equal(seen("s3:ListMultipartUploadParts", [objectReads]), true);
    assert.equal(seen("s3:GetBucketLocation", [MANAGEMENT_ONLY]), true);
    assert.equal(seen("ecs:StopTask", [MANAGEMENT_ONLY]), true);
  });
  test("an excluded management source (KMS) is not observable", () => {
    const noKms: TrailLogging = {
      management: {
        read: { excludedSources: ["kms.amazonaws.com"] },
        write: { excludedSources: ["kms.amazonaws.com"] },
      },
      data: [],
    };
    assert.equal(seen("kms:Decrypt", [noKms]), false);
    assert.equal(seen("iam:CreateUser", [noKms]), true);
  });
});

describe("management events excluded on one side only", () => {
  const all = { excludedSources: [] };
  const noKms = { excludedSources: ["kms.amazonaws.com"] };
  test("KMS excluded from read events: KMS reads are unobservable, KMS writes observable", () => {
    const logging: TrailLogging[] = [{ management: { read: noKms, write: all }, data: [] }];
    assert.equal(seen("kms:DescribeKey", logging), false);
    assert.equal(seen("kms:ListKeys", logging), false);
    assert.equal(seen("kms:Decrypt", logging), false, "a read-only event");
    assert.equal(seen("kms:CreateKey", logging), true);
    assert.equal(seen("iam:ListUsers", logging), true);
  });
  test("KMS excluded from write events: KMS writes are unobservable, KMS reads observable", () => {
    const logging: TrailLogging[] = [{ management: { read: all, write: noKms }, data: [] }];
    assert.equal(seen("kms:DescribeKey", logging), true);
    assert.equal(seen("kms:CreateKey", logging), false);
    assert.equal(seen("kms:Decrypt", logging), false, "seen only where both sides are");
    assert.equal(seen("iam:CreateUser", logging), true);
  });
  test("a call is observable when any trail of every region records its side of its source", () => {
    const reads: TrailLogging = { management: { read: all, write: false }, data: [] };
    const writes: TrailLogging = { management: { read: false, write: all }, data: [] };
    const blind: TrailLogging = { management: { read: noKms, write: noKms }, data: [] };
    assert.equal(seen("kms:DescribeKey", [blind, reads]), true);
    assert.equal(seen("kms:Decrypt", [reads, writes]), true, "each side recorded by one of them");
    assert.equal(seen("kms:Decrypt", [blind, reads]), false, "no trail records KMS's write events");
    assert.equal(seen("kms:DescribeKey", [blind, { ...reads, regions: ["us-east-1"] }]), false);
  });
});

test("whether a trail records one side of a service's management events (STS's reads: roles assumed)", () => {
  const writes: TrailLogging = { management: { read: false, write: { excludedSources: [] } }, data: [] };
  assert.equal(o.recordsManagement("sts", "read", [writes]), false);
  assert.equal(o.recordsManagement("sts", "write", [writes]), true);
  assert.equal(o.recordsManagement("sts", "read", [writes, MANAGEMENT_ONLY]), true);
  assert.equal(o.recordsManagement("sts", "read", [{ ...MANAGEMENT_ONLY, regions: ["us-east-1"] }]), false);
});

describe("each data-event type makes its actions observable, and only when logged", () => {
  for (const { type, actions, orAs } of DATA_EVENT_TYPES) {
    test(type, () => {
      for (const name of actions) {
        assert.equal(o.classify(action(name)), "data", name);
        assert.equal(seen(name, [MANAGEMENT_ONLY]), false, name);
        assert.equal(seen(name, [defaultLogging(orAs ? [type, orAs] : [type])]), true, name);
      }
    });
  }
});
