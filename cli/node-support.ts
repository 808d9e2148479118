/**
 * End of life of each Node.js release line (nodejs/Release, schedule.json): no security fixes
 * after that date, and AWS Lambda deprecates the matching runtime.
 */
export const NODE_END_OF_LIFE: Readonly<Record<number, string>> = {
  18: "2025-04-30",
  19: "2023-06-01",
  20: "2026-04-30",
  21: "2024-06-01",
  22: "2027-04-30",
  23: "2025-06-01",
  24: "2028-04-30",
  25: "2026-06-01",
};

/**
 * One line recommending a supported Node when `version` (as process.version prints it) has reached
 * its end of life on `today`, else undefined. Lines older than the table are past theirs too.
 */
export function nodeSupportNotice(version: string, today: Date): string | undefined {
  const major = Number(version.replace(/^v/, "").split(".")[0]);
  const oldest = Math.min(...Object.keys(NODE_END_OF_LIFE).map(Number));
  const end = NODE_END_OF_LIFE[major];
  const ended = end ? Date.parse(end) <= today.getTime() : major < oldest;
  if (!ended) return undefined;
  const supported = Object.entries(NODE_END_OF_LIFE)
    .filter(([m, date]) => Number(m) % 2 === 0 && Date.parse(date) > today.getTime())
    .map(([m]) => m);
  const since = end ? ` on ${end}` : "";
  const use = supported.length > 0 ? `use Node ${supported.join(" or ")}` : "use a supported Node release";
  return `whittle: warning: Node ${version} reached its end of life${since} and gets no security fixes; ${use}.`;
}
