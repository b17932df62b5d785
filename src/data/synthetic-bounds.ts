import type { SyntheticDataSpec } from './synthetic-spec.js';

/** The numeric keys of a synthetic spec. */
export type NumericKey = Exclude<keyof SyntheticDataSpec, 'type'>;

/** One problem found in a spec: the key it is about (as the user spelled it) and what is wrong. */
export interface SpecIssue {
  key: string;
  message: string;
}

/**
 * The bounds a length is drawn within, following GuideLLM's sampler: with a stdev the default
 * bounds are five deviations either side (never below 1); without one a missing bound is the mean.
 */
export function lengthBounds(
  mean: number,
  stdev: number | undefined,
  min: number | undefined,
  max: number | undefined,
): { min: number; max: number } {
  if (stdev === undefined) return { min: min ?? mean, max: max ?? mean };
  return {
    min: min ?? Math.max(1, Math.round(mean - 5 * stdev)),
    max: max ?? Math.max(1, Math.round(mean + 5 * stdev)),
  };
}

/** Cross-key checks shared by the shorthand parser and {@link SyntheticDataSpecSchema}. */
export function boundIssues(
  spec: SyntheticDataSpec,
  keyName: (key: NumericKey) => string,
): SpecIssue[] {
  const issues: SpecIssue[] = [];
  for (const prefix of ['prompt', 'output'] as const) {
    const meanKey = `${prefix}Tokens` as const;
    const minKey = `${prefix}TokensMin` as const;
    const maxKey = `${prefix}TokensMax` as const;
    const mean = spec[meanKey];
    const stdev = spec[`${prefix}TokensStdev`];
    const min = spec[minKey];
    const max = spec[maxKey];
    if (mean === undefined) {
      for (const key of [`${prefix}TokensStdev`, minKey, maxKey] as const) {
        if (spec[key] !== undefined) {
          issues.push({
            key: keyName(key),
            message: `expected only together with ${keyName(meanKey)}, received ${spec[key]}`,
          });
        }
      }
      continue;
    }
    if (min !== undefined && max !== undefined) {
      if (min > max) {
        issues.push({
          key: keyName(minKey),
          message: `expected at most ${keyName(maxKey)} (${max}), received ${min}`,
        });
      }
      continue;
    }
    const bounds = lengthBounds(mean, stdev, min, max);
    const defaultBound = stdev === undefined ? 'the mean' : 'the mean ± 5 stdev';
    // One bound was given and lies beyond the other, defaulted, bound.
    if (min !== undefined && min > bounds.max) {
      issues.push({
        key: keyName(minKey),
        message: `expected at most ${bounds.max} (${keyName(maxKey)} is not set, so the upper bound is ${defaultBound}), received ${min}`,
      });
    } else if (max !== undefined && max < bounds.min) {
      issues.push({
        key: keyName(maxKey),
        message: `expected at least ${bounds.min} (${keyName(minKey)} is not set, so the lower bound is ${defaultBound}), received ${max}`,
      });
    }
  }
  if (spec.prefixCount !== undefined && spec.prefixTokens === undefined) {
    issues.push({
      key: keyName('prefixCount'),
      message: `expected only together with ${keyName('prefixTokens')}, received ${spec.prefixCount}`,
    });
  }
  return issues;
}
