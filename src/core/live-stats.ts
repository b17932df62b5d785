import { LiveEstimator } from './live-estimator.js';
import type { RequestRecord } from '../spec/request-record.js';

/** ITL gaps of one request fed to the live digest at most; the rest are weighted in. */
const LIVE_GAP_SAMPLES = 8;

/**
 * Live estimates for progress snapshots, fed once per finished request (never per chunk) into
 * mergeable sketches (DDSketch); the report's distributions are exact, from the record store.
 */
export class LiveStats {
  readonly ttft = new LiveEstimator();
  readonly itl = new LiveEstimator();
  outputTokens = 0;

  add(record: RequestRecord): void {
    this.ttft.push(record.firstTokenAt - record.dispatchedAt);
    this.itl.pushSampled(record.itlGapsMs, LIVE_GAP_SAMPLES);
    this.outputTokens += record.outputTokens;
  }
}
