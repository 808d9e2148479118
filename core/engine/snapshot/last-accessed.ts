import { z } from "zod";
import { toIsoDate } from "./dates.js";
import { formatPath, SnapshotInputError } from "./errors.js";
import type { PrincipalLastAccessed, ServiceLastAccessed } from "./model.js";

/**
 * GetServiceLastAccessedDetails output, as the AWS CLI prints it or SDK v3 returns it
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetServiceLastAccessedDetails.html).
 * Absent dates mean "not accessed in the tracking period", which is evidence, not missing data.
 */
const date = z.union([z.string(), z.date(), z.number()]).transform((value, ctx) => {
  const iso = toIsoDate(value);
  if (iso === undefined) ctx.addIssue({ code: "custom", message: `not a date: ${JSON.stringify(value)}` });
  return iso ?? "";
});

const responseSchema = z.object({
  JobStatus: z.enum(["IN_PROGRESS", "COMPLETED", "FAILED"]),
  JobType: z.string().optional(),
  JobCreationDate: date.optional(),
  JobCompletionDate: date.optional(),
  ServicesLastAccessed: z.array(
    z.object({
      ServiceName: z.string().optional(),
      ServiceNamespace: z.string(),
      LastAuthenticated: date.optional(),
      LastAuthenticatedEntity: z.string().optional(),
      LastAuthenticatedRegion: z.string().optional(),
      TotalAuthenticatedEntities: z.number().int().optional(),
      TrackedActionsLastAccessed: z
        .array(
          z.object({
            ActionName: z.string(),
            LastAccessedEntity: z.string().optional(),
            LastAccessedRegion: z.string().optional(),
            LastAccessedTime: date.optional(),
          }),
        )
        .optional(),
    }),
  ),
  Error: z.object({ Message: z.string().optional(), Code: z.string().optional() }).optional(),
});

const some = <K extends string, V>(key: K, value: V | undefined) =>
  (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;

/** One completed job's response for one principal. */
export function readServiceLastAccessed(
  value: unknown,
  where: { file?: string; path?: string } = {},
): PrincipalLastAccessed {
  const parsed = responseSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = [where.path, formatPath(issue.path)].filter(Boolean).join(".");
    throw new SnapshotInputError(`not a GetServiceLastAccessedDetails response: ${issue.message}`, {
      ...where,
      path,
    });
  }
  const job = parsed.data;
  if (job.JobStatus !== "COMPLETED") {
    throw new SnapshotInputError(`the last-accessed job is ${job.JobStatus}, not COMPLETED`, where);
  }
  refuseRepeats(job.ServicesLastAccessed, where);
  const services: ServiceLastAccessed[] = job.ServicesLastAccessed.map((s) => ({
    namespace: s.ServiceNamespace,
    ...some("name", s.ServiceName),
    ...some("lastAuthenticated", s.LastAuthenticated),
    ...some("lastAuthenticatedEntity", s.LastAuthenticatedEntity),
    ...some("lastAuthenticatedRegion", s.LastAuthenticatedRegion),
    ...some("totalAuthenticatedEntities", s.TotalAuthenticatedEntities),
    ...some(
      "actions",
      s.TrackedActionsLastAccessed?.map((a) => ({
        action: a.ActionName,
        ...some("lastAccessed", a.LastAccessedTime),
        ...some("region", a.LastAccessedRegion),
        ...some("entity", a.LastAccessedEntity),
      })),
    ),
  }));
  return { ...some("jobCompleted", job.JobCompletionDate), services };
}

/**
 * A service, or a service's action, named twice (case aside, as they are looked up): read by name,
 * one entry hides the other, and an undated one hid a use the other dates (a false unused). AWS
 * names each once.
 */
function refuseRepeats(
  services: readonly {
    ServiceNamespace: string;
    TrackedActionsLastAccessed?: readonly { ActionName: string }[];
  }[],
  where: { file?: string; path?: string },
): void {
  const twice = (names: readonly string[]) => names.find((n, i) => names.indexOf(n) !== i);
  const lower = services.map((s) => s.ServiceNamespace.toLowerCase());
  const service = twice(lower);
  if (service !== undefined)
    throw new SnapshotInputError(`the response names the service ${service} twice`, where);
  for (const [i, s] of services.entries()) {
    const actions = (s.TrackedActionsLastAccessed ?? []).map((a) => a.ActionName.toLowerCase());
    const repeated = twice(actions);
    if (repeated === undefined) continue;
    const spelled = s.TrackedActionsLastAccessed!.find((a) => a.ActionName.toLowerCase() === repeated)!;
    throw new SnapshotInputError(
      `the response names the action ${lower[i]}:${spelled.ActionName} twice`,
      where,
    );
  }
}

/**
 * The offline last-accessed file: an object mapping each principal ARN to its
 * GetServiceLastAccessedDetails response (the API does not name the principal in its answer).
 */
export function readLastAccessedFile(value: unknown, file?: string): Record<string, PrincipalLastAccessed> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new SnapshotInputError(
      "expected an object mapping principal ARNs to GetServiceLastAccessedDetails responses",
      { ...(file ? { file } : {}), path: "(top level)" },
    );
  }
  const out: Record<string, PrincipalLastAccessed> = {};
  for (const [arn, response] of Object.entries(value)) {
    // A key of its own: assigned, `__proto__` became the object's prototype and was not kept.
    Object.defineProperty(out, arn, {
      value: readServiceLastAccessed(response, { ...(file ? { file } : {}), path: JSON.stringify(arn) }),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}
