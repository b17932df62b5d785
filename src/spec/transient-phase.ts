/**
 * A warmup or cooldown, normalised: a fraction of the benchmark's duration, a number of seconds,
 * or a number of requests. Args accept friendlier forms (`0.1`, `5s`, `20req`) and normalise
 * them to this.
 */
export type TransientPhase = { fraction: number } | { seconds: number } | { requests: number };
