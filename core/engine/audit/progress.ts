/** Progress of a long audit, for a CLI progress line or a Lambda log; never needed for the result. */
export type AuditPhase = "snapshot" | "activity" | "findings" | "recommendations" | "report";

export interface AuditProgress {
  phase: AuditPhase;
  message: string;
  /** Work done and, when known, the total (events read, principals processed). */
  done?: number;
  total?: number;
}

export type ProgressListener = (progress: AuditProgress) => void;
