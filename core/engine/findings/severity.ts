/** Finding severities, most severe first. A module without zod, so the CLI can list them in its help cheaply. */
export const SEVERITIES = ["critical", "high", "medium", "low", "info"] as const;
export type Severity = (typeof SEVERITIES)[number];
