import { type ServiceAuthorizations, taggedOnCreate } from "./types.js";

const SAR =
  "https://docs.aws.amazon.com/service-authorization/latest/reference/list_awselasticloadbalancingv2.html";

/** The creating calls the Service Authorization Reference lists elasticloadbalancing:AddTags for. */
const CREATING = ["CreateLoadBalancer", "CreateTargetGroup", "CreateListener", "CreateRule"];

export const ELB_AUTHORIZATIONS: ServiceAuthorizations = {
  service: "elasticloadbalancing",
  events: CREATING.map((event) => ({
    event,
    rules: [taggedOnCreate("elasticloadbalancing:AddTags", SAR)],
    why: "creates a resource it may tag",
    source: SAR,
  })),
};
