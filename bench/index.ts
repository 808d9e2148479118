/**
 * `npm run bench`: prints speed and memory figures for each part of the engine. Goals are checked
 * by reading these figures, never by a timed test. `npm run bench -- NAME` runs one part.
 */
const benches: Record<string, () => Promise<unknown>> = {
  startup: () => import("./startup.js"),
  policy: () => import("./policy.js"),
  activity: () => import("./activity.js"),
  ingest: () => import("./ingest.js"),
  "iam-vulnerable": () => import("./iam-vulnerable.js"),
  generate: () => import("./generate.js"),
  audit: () => import("./audit.js"),
  "large-account": () => import("./large-account.js"),
};

const only = process.argv.slice(2);
for (const [name, load] of Object.entries(benches)) {
  if (only.length > 0 && !only.includes(name)) continue;
  console.log(`\n== ${name} ==`);
  const module = (await load()) as { run: () => Promise<void> };
  await module.run();
}
