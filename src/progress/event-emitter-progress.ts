import { EventEmitter } from 'eventemitter3';
import type { RunEventMap } from '../spec/events.js';
import type { Progress } from '../spec/progress.js';

/** What {@link createEventEmitterProgress} returns: a sink for the run and an emitter for a UI. */
export interface EventEmitterProgress {
  /** Pass this in `runBenchmark`'s `progress`. */
  progress: Progress;
  /** Subscribe here: `snapshot`, `benchmark-end`, and every other run event by its type. */
  emitter: EventEmitter<RunEventMap>;
}

/**
 * Adapts a run's progress to an EventEmitter, for UIs that subscribe to events rather than
 * implement a {@link Progress} sink. Every run event is emitted under its type (`run-start`,
 * `benchmark-start`, `snapshot`, `benchmark-end`, `run-end`, `warning`; `request-end` only when
 * someone listens for it, since it costs a little per request). A listener that throws is isolated
 * like any progress hook.
 *
 * @example
 * ```ts
 * const { progress, emitter } = createEventEmitterProgress();
 * emitter.on('snapshot', (event) => ui.update(event.requestsPerSecond, event.ttftMsP50));
 * emitter.on('benchmark-end', ({ benchmark }) => ui.addRow(benchmark));
 * const report = await runBenchmark({ target, profile: 'constant', rate: 10, maxSeconds: 30, progress });
 * ```
 */
export function createEventEmitterProgress(): EventEmitterProgress {
  const emitter = new EventEmitter<RunEventMap>();
  const progress: Progress = {
    onRunStart: (event) => emitter.emit('run-start', event),
    onBenchmarkStart: (event) => emitter.emit('benchmark-start', event),
    onSnapshot: (event) => emitter.emit('snapshot', event),
    onBenchmarkEnd: (event) => emitter.emit('benchmark-end', event),
    onRunEnd: (event) => emitter.emit('run-end', event),
    onWarning: (event) => emitter.emit('warning', event),
    onDownloadProgress: (event) => emitter.emit('download-progress', event),
  };
  // Per-request events cost the run a little, so the sink asks for them only while listened to.
  Object.defineProperty(progress, 'onRequestEnd', {
    enumerable: true,
    get: () =>
      emitter.listenerCount('request-end') > 0
        ? (event: RunEventMap['request-end'][0]) => emitter.emit('request-end', event)
        : undefined,
  });
  return { progress, emitter };
}
