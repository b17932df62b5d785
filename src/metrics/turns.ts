import { STATUS_CODES, type RecordStore } from '../core/record-store.js';
import { METRIC_CATALOGUE } from './catalogue.js';
import { computeDistribution } from './distribution.js';
import type { Distribution } from './distribution-types.js';
import { isInWindow, type MeasuredWindow } from './measured-window.js';
import { requestValues } from './request-values.js';

/** The requests of one conversation turn and their time to first token. */
export interface TurnStats {
  /** The turn, from 0. */
  turnIndex: number;
  /** Requests of this turn dispatched in the measured window, whatever their status. */
  requests: number;
  /** Of those, the successful ones. */
  successful: number;
  /** TTFT (ms) of this turn's successful requests, as the `ttftMs` metric defines it. */
  ttftMs: Distribution;
}

/**
 * TTFT by conversation turn over the measured window (requests selected by dispatch time, as
 * latency metrics are), one entry per turn index seen, in turn order; `undefined` when no
 * request was a conversation's turn. A later turn carries a longer history, so its TTFT shows
 * what a server's prefix cache saves (or not).
 */
export function computeTurnStats(
  records: RecordStore,
  window: MeasuredWindow,
): TurnStats[] | undefined {
  const turns = records.turnIndices();
  if (turns === undefined) return undefined;
  const ttft = requestValues(METRIC_CATALOGUE.ttftMs.reads, records);
  const dispatchedAt = records.column('dispatchedAt');
  const statuses = records.statusCodes();
  const byTurn = new Map<number, { requests: number; ttft: number[] }>();
  for (let row = 0; row < turns.length; row++) {
    if (!isInWindow(dispatchedAt[row] as number, window)) continue;
    const turn = turns[row] as number;
    let entry = byTurn.get(turn);
    if (entry === undefined) byTurn.set(turn, (entry = { requests: 0, ttft: [] }));
    entry.requests++;
    if (statuses[row] === STATUS_CODES.successful) entry.ttft.push(ttft[row] as number);
  }
  return [...byTurn.entries()]
    .sort(([a], [b]) => a - b)
    .map(([turnIndex, entry]) => ({
      turnIndex,
      requests: entry.requests,
      successful: entry.ttft.length,
      ttftMs: computeDistribution(entry.ttft),
    }));
}
