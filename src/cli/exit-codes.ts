/** The CLI's exit codes; scripts and CI jobs may rely on them. */
export const EXIT = {
  /** The run completed. */
  ok: 0,
  /** The run could not be done (unreachable target, unknown model, internal error). */
  failed: 1,
  /** Bad usage: invalid flags or values. Printed without a stack trace. */
  usage: 2,
  /**
   * The run completed but its SLOs failed: a benchmark missed an objective of `--slo`, or a
   * capacity search found no rate at which every objective held. The reports were written.
   */
  sloFailed: 3,
  /** Interrupted by SIGINT/SIGTERM; the partial report was written. */
  interrupted: 130,
} as const;
