import type { ServiceAuthorizations } from "./types.js";

const SAR = "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonroute53.html";

/**
 * The calls that tie a private hosted zone to a VPC: the Service Authorization Reference lists
 * ec2:DescribeVpcs among the dependent actions of each, checked inside the call, and a trail shows
 * no DescribeVpcs of the caller's for it, so a deploy creating a private zone each run would lose
 * it and its next run be refused. CreateHostedZone checks it for a private zone only, which the
 * record may not say: inferred on every one, so kept only where granted today.
 */
const TIES_A_VPC = [
  "CreateHostedZone",
  "AssociateVPCWithHostedZone",
  "DisassociateVPCFromHostedZone",
  "ListHostedZonesByVPC",
];

export const ROUTE53_AUTHORIZATIONS: ServiceAuthorizations = {
  service: "route53",
  events: TIES_A_VPC.map((event) => ({
    event,
    actions: [{ action: `route53:${event}` }, { action: "ec2:DescribeVpcs", inferred: true as const }],
    why: "a private hosted zone's VPC is described with the caller's permissions",
    source: SAR,
  })),
};
