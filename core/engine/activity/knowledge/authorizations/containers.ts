import { type ServiceAuthorizations, taggedOnCreate } from "./types.js";

const ECR =
  "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerregistry.html";
const ECS = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/supported-iam-actions-tagging.html";

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

export const ECS_AUTHORIZATIONS: ServiceAuthorizations = {
  service: "ecs",
  events: ECS_CREATING.map((event) => ({
    event,
    rules: [taggedOnCreate("ecs:TagResource", ECS)],
    why: "creates a resource it may tag",
    source: ECS,
  })),
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
  ],
};
