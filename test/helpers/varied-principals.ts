import { recommend } from "../../core/engine/generate/recommend.js";
import type { ObservedAction, Recommendation } from "../../core/engine/generate/types.js";
import { type PolicyInput, PrincipalPermissions } from "../../core/engine/policy/principal-permissions.js";
import type { Policy } from "../../core/engine/policy/types.js";
import { catalog, managedPolicies } from "./catalog.js";
import { doc, input } from "./policies.js";

/** Deterministic pseudo-random numbers: the same principals on every run. */
function seeded(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const extras = [
  input("deny", doc({ Effect: "Deny", Action: ["s3:Delete*", "iam:*"], Resource: "*" })),
  input(
    "cond",
    doc({
      Effect: "Allow",
      Action: ["s3:*", "dynamodb:*", "sqs:*"],
      Resource: ["arn:aws:s3:::r0*", "arn:aws:dynamodb:us-east-1:123456789012:table/r1", "*"],
      Condition: {
        StringEquals: { "aws:RequestedRegion": ["us-east-1"] },
        "ForAnyValue:StringLikeIfExists": { "aws:TagKeys": ["team*"] },
      },
    }),
  ),
  input(
    "ip",
    doc(
      {
        Effect: "Allow",
        Action: ["ec2:*", "lambda:*", "logs:*", "iam:PassRole"],
        Resource: "*",
        Condition: { IpAddress: { "aws:SourceIp": ["10.0.0.0/8"] } },
      },
      { Effect: "Allow", Action: "sqs:*", Resource: "arn:aws:sqs:us-east-1:123456789012:${aws:username}-*" },
    ),
  ),
  input(
    "region-deny",
    doc(
      {
        Effect: "Deny",
        NotAction: ["s3:*", "ec2:*"],
        Resource: "*",
        Condition: { StringNotEquals: { "aws:RequestedRegion": ["us-east-1", "eu-west-1"] } },
      },
      { Effect: "Deny", Action: "ec2:TerminateInstances", NotResource: "arn:aws:ec2:*:*:instance/r2" },
    ),
  ),
  input("admin", doc({ Effect: "Allow", Action: "*", Resource: "*" })),
];

/** Resource names CloudTrail can record that JSON escapes or IAM's size count skips. */
const ODD_NAMES = ["r0", "r1", "r 2", 'r"3', "r\\4", "r\u00e95", "r${x}6", "r%{y}7", "r\t8", "r\u20289"];

const fill = (format: string, name: string) =>
  format
    .replace("${Partition}", "aws")
    .replace("${Region}", "us-east-1")
    .replace("${Account}", "123456789012")
    .replace(/\$\{[^}]+\}/g, () => name);

export interface VariedCase {
  current: PrincipalPermissions;
  policies: Recommendation["policies"];
}

/**
 * Recommendations for varied principals: AWS managed policies mixed with conditional grants,
 * Denies (NotAction, NotResource), boundaries and SCPs, many or odd resources, with options varied.
 */
export function variedRecommendations(count: number, seed = 7): VariedCase[] {
  const random = seeded(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const managed = managedPolicies();
  const names = Object.keys(managed).sort();
  const parsed = new Map<string, PolicyInput>();
  const managedInput = (name: string) => {
    if (!parsed.has(name)) parsed.set(name, input(name, managed[name]!.PolicyVersion.Document));
    return parsed.get(name)!;
  };
  const out: VariedCase[] = [];
  for (let p = 0; out.length < count; p++) {
    const identity: PolicyInput[] = [];
    for (let i = 0, n = 1 + Math.floor(random() * 3); i < n; i++) identity.push(managedInput(pick(names)));
    for (const e of extras) if (random() < 0.3) identity.push(e);
    const boundary: Policy | undefined = random() < 0.2 ? extras[4]!.policy : undefined;
    const current = new PrincipalPermissions(catalog, {
      identity,
      ...(boundary ? { boundary: { source: "boundary", policy: boundary } } : {}),
      ...(random() < 0.15 ? { scps: [[extras[4]!, extras[3]!]] } : {}),
    });
    const possible = [...current.effective().possible.ids()];
    const observed: ObservedAction[] = [];
    for (let i = 0, n = 5 + Math.floor(random() * 120); i < n; i++) {
      const action =
        catalog.actions[
          random() < 0.8 && possible.length ? pick(possible) : pick([...catalog.actions.keys()])
        ]!;
      const format = action.resourceTypes[0]?.arnFormat;
      const resources =
        action.wildcardOnly || !format
          ? []
          : Array.from({ length: Math.floor(random() * 14) }, (_, r) =>
              fill(format, r < 2 ? pick(ODD_NAMES) : `r${r}`),
            );
      observed.push({
        action: action.key,
        count: 1 + Math.floor(random() * 50),
        resources,
        unscopedCalls: resources.length && random() < 0.7 ? 0 : 1,
      });
    }
    const result = recommend(
      {
        catalog,
        principalArn: `arn:aws:iam::123456789012:role/p${p}`,
        principalName: `p${p}`,
        principalType: "role",
        current,
        observed,
        observable: catalog.fullSet(),
      },
      {
        compress: random() < 0.3,
        maxResourcesPerAction: random() < 0.3 ? 3 : 10,
        maxPolicySize: pick([6144, 2048]),
      },
    );
    if ("recommendation" in result) out.push({ current, policies: result.recommendation.policies });
  }
  return out;
}
