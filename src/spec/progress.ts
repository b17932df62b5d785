import type {
  BenchmarkEndEvent,
  BenchmarkStartEvent,
  DownloadProgressEvent,
  RequestEndEvent,
  RunEndEvent,
  RunStartEvent,
  SnapshotEvent,
  WarningEvent,
} from './events.js';

/**
 * A progress sink: each hook is the camelCase twin of an event type. Hooks run off the
 * measurement path; one that throws is isolated and reported as a warning, never allowed to
 * disturb the run.
 */
export interface Progress {
  onRunStart?(event: RunStartEvent): void;
  onBenchmarkStart?(event: BenchmarkStartEvent): void;
  onRequestEnd?(event: RequestEndEvent): void;
  onSnapshot?(event: SnapshotEvent): void;
  onBenchmarkEnd?(event: BenchmarkEndEvent): void;
  onRunEnd?(event: RunEndEvent): void;
  onWarning?(event: WarningEvent): void;
  onDownloadProgress?(event: DownloadProgressEvent): void;
}
