import { LiveEstimator } from './live-estimator.js';
import type { RequestRecord } from '../spec/request-record.js';

/** Live estimates for progress snapshots, fed once per finished request (never per chunk). */
export class LiveStats {
  readonly ttft = new LiveEstimator();
  readonly itl = new LiveEstimator();
  outputTokens = 0;

  add(record: RequestRecord): void {
    this.ttft.push(record.firstTokenAt - record.dispatchedAt);
    this.itl.pushMany(record.itlGapsMs);
    this.outputTokens += record.outputTokens;
  }
}
