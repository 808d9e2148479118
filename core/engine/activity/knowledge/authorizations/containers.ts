import { runAJob } from "./run-a-job.js";
import { type ServiceAuthorizations, taggedOnCreate } from "./types.js";

const ECR =
  "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerregistry.html";
const ECS = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/supported-iam-actions-tagging.html";
const ECR_API = (op: string) => `https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_${op}.html`;

/** ECS calls that create resources and may tag them as they do. */
const ECS_CREATING = [
  "CreateCapacityProvider",
  "CreateCluster",
  "CreateService",
  "CreateTaskSet",
  "RegisterContainerInstance",
  "RegisterTaskDefinition",
  "RunTask",
  "StartTask",
];

/**
 * Calls that start tasks from a task definition: the caller passes the task role and the task
 * execution role the definition names, which the record does not show (it names the definition).
 */
const STARTS_TASKS = ["RunTask", "StartTask"];
const TASK_ROLES = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/CWE_IAM_role.html";

export const ECS_AUTHORIZATIONS: ServiceAuthorizations = {
  service: "ecs",
  events: ECS_CREATING.map((event) =>
    STARTS_TASKS.includes(event)
      ? {
          event,
          actions: [{ action: `ecs:${event}` }, { action: "iam:PassRole", inferred: true as const }],
          rules: [
            taggedOnCreate("ecs:TagResource", ECS),
            // RunTask.sync: the task's id is known only once it runs, so the page grants both on `*`.
            ...(event === "RunTask"
              ? [runAJob("ecs", [{ action: "ecs:StopTask" }, { action: "ecs:DescribeTasks" }])]
              : []),
          ],
          why: "starts tasks, passing the roles their task definition names, and may tag them",
          source: TASK_ROLES,
        }
      : {
          event,
          rules: [taggedOnCreate("ecs:TagResource", ECS)],
          why: "creates a resource it may tag",
          source: ECS,
        },
  ),
};

export const ECR_AUTHORIZATIONS: ServiceAuthorizations = {
  service: "ecr",
  events: [
    {
      event: "CreateRepository",
      rules: [taggedOnCreate("ecr:TagResource", ECR)],
      why: "a new repository, tagged or not",
      source: ECR,
    },
    {
      // "When an image is pulled, the GetDownloadUrlForLayer API is called once per image layer
      // that is not already cached": a host holding the image's layers records the manifest read
      // alone, and the next image version's new layers need the download URL.
      event: "BatchGetImage",
      actions: [{ action: "ecr:BatchGetImage" }, { action: "ecr:GetDownloadUrlForLayer", inferred: true }],
      why: "a pull reads the manifest, then the layers the puller lacks, which the record cannot name",
      source: ECR_API("GetDownloadUrlForLayer"),
    },
    {
      // A push uploads only the layers BatchCheckLayerAvailability finds missing: a push of an
      // image whose layers the repository holds (a retag) records PutImage alone.
      event: "PutImage",
      actions: [
        { action: "ecr:PutImage" },
        { action: "ecr:InitiateLayerUpload", inferred: true },
        { action: "ecr:UploadLayerPart", inferred: true },
        { action: "ecr:CompleteLayerUpload", inferred: true },
      ],
      why: "a push writes the manifest after uploading the layers the repository lacks, which the record cannot name",
      source: ECR_API("InitiateLayerUpload"),
    },
  ],
};
