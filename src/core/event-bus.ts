import { EventEmitter } from 'eventemitter3';
import type { RunEvent, RunEventMap, WarningEvent } from '../spec/events.js';
import type { Progress } from '../spec/progress.js';

const HOOKS = {
  'run-start': 'onRunStart',
  'benchmark-start': 'onBenchmarkStart',
  'request-end': 'onRequestEnd',
  snapshot: 'onSnapshot',
  'benchmark-end': 'onBenchmarkEnd',
  'run-end': 'onRunEnd',
  warning: 'onWarning',
  'download-progress': 'onDownloadProgress',
} as const satisfies Record<RunEvent['type'], keyof Progress>;

/**
 * Delivers run events to progress sinks and EventEmitter listeners. A hook that throws is
 * isolated: it is reported once as a warning and never reaches the scheduler.
 */
export class EventBus extends EventEmitter<RunEventMap> {
  private readonly sinks: Progress[];
  private readonly failedHooks = new Set<string>();

  constructor(sinks: readonly Progress[]) {
    super();
    this.sinks = [...sinks];
  }

  /** True when someone listens for per-request events; they cost a little per request. */
  get wantsRequestEvents(): boolean {
    return (
      this.listenerCount('request-end') > 0 ||
      this.sinks.some((sink) => sink.onRequestEnd !== undefined)
    );
  }

  publish(event: RunEvent): void {
    const hook = HOOKS[event.type];
    for (const sink of this.sinks) {
      const handler = sink[hook] as ((event: RunEvent) => void) | undefined;
      if (handler === undefined) continue;
      try {
        handler.call(sink, event);
      } catch (error) {
        this.reportHookFailure(hook, error);
      }
    }
    try {
      (this.emit as (type: string, event: RunEvent) => boolean)(event.type, event);
    } catch (error) {
      this.reportHookFailure(`listener of ${event.type}`, error);
    }
  }

  private reportHookFailure(hook: string, error: unknown): void {
    if (this.failedHooks.has(hook) || hook === 'onWarning') return;
    this.failedHooks.add(hook);
    const message = error instanceof Error ? error.message : String(error);
    const warning: WarningEvent = {
      type: 'warning',
      code: 'PROGRESS_HOOK_FAILED',
      message: `a progress hook (${hook}) threw and was isolated: ${message}`,
    };
    this.publish(warning);
  }
}
