import { z } from "zod";
import { planSchema } from "../report/schema.js";
import { driftFrom, iamStateSchema } from "./state.js";

/**
 * The backup `whittle apply` writes before touching IAM, and `whittle rollback` reads: the plan,
 * what it reads and creates, and IAM as it was (every policy version, attachment and inline
 * document of that scope). `formatVersion` versions the file; S3 object versions keep its history.
 */
export const changeRecordSchema = z.strictObject({
  formatVersion: z.literal(1),
  changeId: z.string(),
  planId: z.string(),
  createdAt: z.string(),
  status: z.enum(["backed-up", "applied", "rolled-back"]),
  plan: planSchema,
  scope: z.strictObject({
    principals: z.array(z.strictObject({ type: z.enum(["user", "role", "group"]), name: z.string() })),
    policies: z.array(z.string()),
  }),
  before: iamStateSchema,
  /** ARNs of the customer managed policies the change creates (none of them existed before). */
  creates: z.array(z.string()),
  /**
   * Held while an apply or rollback works on the change, taken and given back with conditional
   * writes: another run of the change, or of its plan, is refused until it ends or `expiresAt`
   * passes. Absent in records written before leases, and once a run has ended.
   */
  lease: z
    .strictObject({
      action: z.enum(["apply", "rollback"]),
      /** Who runs it, as a person reads it: the caller, host and process. */
      by: z.string(),
      /** Unique to the run: conditional writes compare it. */
      token: z.string(),
      /** The host and process, so that a run on the same host can tell the run has ended. */
      host: z.string(),
      pid: z.number().int(),
      /**
       * The kernel boot and process namespace the pid is of (Linux): a container on the host's
       * network, or another function instance, may share the host's name but not its processes.
       */
      machine: z.string().optional(),
      since: z.string(),
      expiresAt: z.string(),
    })
    .optional(),
});

export type ChangeRecord = z.infer<typeof changeRecordSchema>;
export type ChangeLease = NonNullable<ChangeRecord["lease"]>;

/** What a conditional write expects the record held to be: its status, and the token of its lease (none: undefined). */
export interface HeldAs {
  status: ChangeRecord["status"];
  lease: string | undefined;
}

/** Whether the record held is as a conditional write expects it. */
export function isHeldAs(held: ChangeRecord, from: HeldAs): boolean {
  return held.status === from.status && held.lease?.token === from.lease;
}

/** How the record held differs from what a conditional write expected, in a few words. */
export function heldDescription(held: ChangeRecord): string {
  return held.lease
    ? `${held.status}, with a lease of ${held.lease.by} (${held.lease.action} since ${held.lease.since})`
    : held.status;
}

/** The record without its lease (a run has ended). */
export function released(record: ChangeRecord): ChangeRecord {
  const { lease: _, ...rest } = record;
  return rest;
}

/** A change's id: its plan and the second it was applied (`plan-1a2b-20261122T030000`). */
export function changeIdFor(planId: string, now: Date): string {
  return `${planId}-${now.toISOString().replace(/[-:]/g, "").replace(/\..*/, "")}`;
}

/** Where change records are kept: a local directory, or an S3 prefix. */
export interface BackupStore {
  readonly description: string;
  /**
   * Writes a change's first record, only where none of that id exists: BackupExistsError, the
   * existing record left as it was, when one does (it may be the only exact undo of a change).
   */
  create(record: ChangeRecord): Promise<void>;
  /**
   * Writes a later record of a change (leased, applied, rolled back) over its earlier one; with
   * `from`, only while the record held is of that status and lease, compared and written as one
   * step: BackupChangedError, nothing written, where another (a rollback run beside the apply)
   * wrote it since.
   */
  write(record: ChangeRecord, from?: HeldAs): Promise<void>;
  read(changeId: string): Promise<ChangeRecord>;
  /** The ids of the records it holds of a plan's changes (`changeIdFor(planId, ...)`), any order. */
  changesOf(planId: string): Promise<string[]>;
}

/** No backup under that change id (or not an id at all): the user's input, not a failure. */
export class BackupNotFoundError extends Error {
  override readonly name = "BackupNotFoundError";
}

/** A record of that change id exists already: another apply of the plan began in the same second. */
export class BackupExistsError extends Error {
  override readonly name = "BackupExistsError";
}

/** The change's record is no longer of the status a conditional write expected: another wrote it. */
export class BackupChangedError extends Error {
  override readonly name = "BackupChangedError";
  /** The status the record held, where it could be read. */
  readonly status: ChangeRecord["status"] | undefined;

  constructor(message: string, status: ChangeRecord["status"] | undefined, options?: ErrorOptions) {
    super(message, options);
    this.status = status;
  }
}

/** A backup that is no change record Whittle can read, or another change's: the user's input. */
export class BackupInvalidError extends Error {
  override readonly name = "BackupInvalidError";
}

/**
 * The change record `where` holds for `changeId`: refused, in one line, when it is not JSON, not a
 * record of this format, another change's (a file copied or renamed), which rollback would
 * otherwise restore in its place, or one whose IAM reading is not its plan's.
 */
export function parseChangeRecord(text: string, changeId: string, where: string): ChangeRecord {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new BackupInvalidError(`${where} is not JSON: ${(cause as Error).message}`, { cause });
  }
  const parsed = changeRecordSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BackupInvalidError(
      `${where} is not a change record Whittle can read: ${issue?.path.join(".") || "the record"}: ${issue?.message}`,
      { cause: parsed.error },
    );
  }
  if (parsed.data.changeId !== changeId)
    throw new BackupInvalidError(`${where} holds change ${parsed.data.changeId}, not ${changeId}`);
  // Apply backs up the very reading it found to match the audit's, which the plan records: a reading
  // that does not (a policy added to `before` by hand) would have rollback grant what was never held.
  const { principals, policies } = parsed.data.plan.before;
  const edited = driftFrom({ principals, policies }, parsed.data.before);
  if (edited.length > 0)
    throw new BackupInvalidError(
      `${where} holds a reading of IAM that differs from the one its plan records and apply checked it against (${edited.join("; ")}): it was edited since, and is not restored`,
    );
  return parsed.data;
}
