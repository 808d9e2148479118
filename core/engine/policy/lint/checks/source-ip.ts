import { parseIp } from "../../ip.js";
import type { LintCheck } from "../context.js";

/**
 * Address ranges that never reach AWS as a request's source: private (RFC 1918, RFC 4193), loopback
 * and link-local. aws:SourceIp holds the public address a request comes from; calls through a VPC
 * endpoint carry aws:VpcSourceIp instead
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceip).
 */
export const PRIVATE_RANGES = [
  "10.0.0.0/8",
  "172.16.0.0/12",
  "192.168.0.0/16",
  "127.0.0.0/8",
  "169.254.0.0/16",
  "fc00::/7",
  "fe80::/10",
  "::1/128",
] as const;

/**
 * aws:SourceIp on private ranges only never matches (IpAddress) or always does (NotIpAddress); mixed
 * with public ranges, the private ones do nothing. A CIDR with bits set after its mask reads as
 * narrower than it is (`10.1.2.3/8` is all of 10/8).
 */
export const sourceIp: LintCheck = {
  name: "aws:SourceIp ranges",
  check(ctx) {
    for (const statement of ctx.statements) {
      for (const clause of statement.conditions) {
        if (clause.base !== "IpAddress" && clause.base !== "NotIpAddress") continue;
        const path = ctx.conditionPath(statement, clause);
        const report = (code: Parameters<typeof ctx.report>[0]["code"], message: string) =>
          ctx.report({ code, statementIndex: statement.index, path, message });
        const ranges = clause.values.map(range).filter((r) => r !== undefined);
        for (const r of ranges) {
          if (r.hostBits)
            report("ip-host-bits", `"${r.text}" has bits set after its /${r.bits} mask: write ${r.network}`);
        }
        if (clause.key.toLowerCase() !== "aws:sourceip" || ranges.length === 0) continue;
        const privateOnes = ranges.filter(isPrivate);
        const not = clause.base === "NotIpAddress";
        if (privateOnes.length === ranges.length) {
          report(
            not ? "private-not-ip" : "private-ip",
            "aws:SourceIp is never a private address: use aws:VpcSourceIp for traffic inside a VPC",
          );
        } else if (privateOnes.length > 0) {
          report(
            not ? "private-not-ip-subset" : "private-ip-subset",
            `${privateOnes.map((r) => r.text).join(", ")} never match aws:SourceIp: use aws:VpcSourceIp for them`,
          );
        }
      }
    }
  },
};

interface Range {
  text: string;
  family: 4 | 6;
  first: bigint;
  last: bigint;
  bits: number;
  hostBits: boolean;
  network: string;
}

function range(text: string): Range | undefined {
  const [address, bitsText, extra] = text.split("/");
  const ip = parseIp(address ?? "");
  if (!ip || extra !== undefined) return undefined;
  const width = ip.family === 4 ? 32 : 128;
  const bits = bitsText === undefined ? width : Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > width) return undefined;
  const size = 1n << BigInt(width - bits);
  const first = (ip.value / size) * size;
  const network = ip.family === 4 ? `${ipv4(first)}/${bits}` : text;
  return {
    text,
    family: ip.family,
    first,
    last: first + size - 1n,
    bits,
    hostBits: first !== ip.value,
    network,
  };
}

function ipv4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 255n)).join(".");
}

const PRIVATE = PRIVATE_RANGES.map((text) => range(text)!);

function isPrivate(r: Range): boolean {
  return PRIVATE.some((p) => p.family === r.family && p.first <= r.first && r.last <= p.last);
}
