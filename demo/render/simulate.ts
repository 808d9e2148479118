import { NOW, SEED, WINDOW_DAYS, WINDOW_START } from "../model/account.js";
import type { Plan } from "../model/plan.js";
import { accessKeyId, hash, Rng } from "../model/rng.js";
import type { Directory } from "./directory.js";
import { userIdentity } from "./identity.js";
import { apiRecord, assumeRoleWithWebIdentity, type CloudTrailRecord, consoleLogin } from "./records.js";

/** One simulated record, with what the GAAD and credential report need to know about it. */
export interface SimulatedEvent {
  time: Date;
  region: string;
  record: CloudTrailRecord;
  /** The principal whose credentials signed it (the role, for sessions). */
  principalArn: string;
  keySlot?: 1 | 2;
  consoleLogin?: boolean;
  service: string;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;

/**
 * Runs every plan over the window. Each plan has its own generator seeded from its position and
 * principal, so editing one plan leaves the other plans' records unchanged.
 */
export function simulate(plans: readonly Plan[], directory: Directory): SimulatedEvent[] {
  const events: SimulatedEvent[] = [];
  plans.forEach((plan, index) => {
    const name = "user" in plan.who ? plan.who.user : plan.who.role;
    const rng = new Rng(SEED ^ hash(`${index}:${name}:${plan.auth}:${plan.keySlot ?? 0}:${plan.region}`));
    for (let day = 0; day < WINDOW_DAYS; day++) events.push(...simulateDay(plan, directory, rng, day));
  });
  return events.sort((a, b) => a.time.getTime() - b.time.getTime());
}

function simulateDay(plan: Plan, directory: Directory, rng: Rng, day: number): SimulatedEvent[] {
  const start = Date.parse(WINDOW_START) + day * DAY;
  const weekday = new Date(start).getUTCDay();
  // Every roll happens whether or not the day is active, so one plan's dates never shift its rng.
  const active = rng.next() < (plan.days.chance ?? 1);
  const count = rng.int(plan.perDay[0], plan.perDay[1]);
  if (!active || (plan.days.weekdays && (weekday === 0 || weekday === 6))) return [];
  const from = Math.max(start + plan.hours[0] * HOUR, plan.days.from ? Date.parse(plan.days.from) : 0);
  const to = Math.min(
    start + plan.hours[1] * HOUR,
    plan.days.until ? Date.parse(plan.days.until) : Infinity,
    Date.parse(NOW),
  );
  if (to - from < 60_000) return [];
  const who = directory.principal(plan.who);
  const ip = () => (typeof plan.ip === "string" ? plan.ip : plan.ip(rng));
  const sessionStart = new Date(from + rng.int(0, 10) * 60_000);
  const session = {
    name: plan.session?.({ rng, time: sessionStart }) ?? who.name,
    created: `${sessionStart.toISOString().slice(0, 19)}Z`,
    mfa: plan.auth === "console" ? directory.hasMfa(who.name) : false,
  };
  const keyId =
    plan.auth === "key" ? directory.accessKey(who.name, plan.keySlot ?? 1) : accessKeyId("ASIA", rng);
  const out: SimulatedEvent[] = [];
  const base = { principalArn: who.arn, ...(plan.auth === "key" ? { keySlot: plan.keySlot ?? 1 } : {}) };
  if (plan.auth === "console") {
    const record = consoleLogin(who, { time: sessionStart, ip: ip() }, session.mfa, rng);
    out.push({
      ...base,
      time: sessionStart,
      region: "us-east-1",
      record,
      consoleLogin: true,
      service: "signin",
    });
  }
  if (plan.agent.includes("github-actions")) {
    const time = new Date(sessionStart.getTime() - 2_000);
    const record = assumeRoleWithWebIdentity(
      who,
      directory.githubSubject(who.name),
      { time, ip: ip(), agent: plan.agent },
      rng,
    );
    out.push({ time, region: "us-east-1", record, principalArn: "web-identity", service: "sts" });
  }
  const span = to - sessionStart.getTime();
  const times = Array.from({ length: count }, () => sessionStart.getTime() + Math.floor(rng.next() * span))
    .sort((a, b) => a - b)
    .map((t) => new Date(Math.floor(t / 1000) * 1000));
  for (const time of times) {
    if (time.getTime() >= Date.parse(NOW)) continue;
    const call = rng.weighted(plan.calls);
    const region = globalRegion(call.source) ?? call.region ?? plan.region;
    const invokedBy = call.invokedBy ?? plan.invokedBy;
    const identity = userIdentity(plan, who, keyId, session, invokedBy);
    const sourceIp = call.invokedBy ?? ip();
    const agent = call.invokedBy ?? plan.agent;
    const record = apiRecord(call, { time, region, ip: sourceIp, agent }, identity, rng);
    out.push({ ...base, time, region, record, service: call.source.split(".")[0]! });
  }
  return out;
}

/** IAM, STS (global endpoint) and CloudFront record their calls in us-east-1. */
function globalRegion(source: string): string | undefined {
  return ["iam.amazonaws.com", "sts.amazonaws.com", "cloudfront.amazonaws.com"].includes(source)
    ? "us-east-1"
    : undefined;
}
