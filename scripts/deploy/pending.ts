/**
 * Flags and commands that the deploy files already use but the CLI does not have yet (none now:
 * the sharded run's `--shard`, `--start-at`, `inferbench merge` and `--workers` have landed).
 * The deploy check accepts exactly these as unknown,
 * and fails on any other unknown flag or command. Once the CLI has one of them, the check fails
 * until it is removed from this list, so the list empties as the features land.
 */
export interface PendingSurface {
  /** Commands not in the CLI yet; their flags cannot be checked until they exist. */
  readonly commands: readonly string[];
  /** Flags not in the CLI yet, by command path (`benchmark`, `benchmark run`). */
  readonly flags: Readonly<Record<string, readonly string[]>>;
}

/** What the deploy files may use before the CLI has it. */
export const PENDING: PendingSurface = {
  commands: [],
  flags: {
    benchmark: [],
  },
};
