import { EventBus } from '../../src/core/event-bus.js';
import { SampleFeeder } from '../../src/core/sample-feeder.js';
import type { Backend, BackendRequest, BackendSendOptions } from '../../src/spec/backend.js';
import type { Clock } from '../../src/spec/clock.js';
import type { Constraint } from '../../src/spec/constraint.js';
import type { DataSource, RequestSample } from '../../src/spec/data-source.js';
import { createConcurrentStrategy } from '../../src/strategies/closed-loop.js';

/**
 * A benchmark whose every timestamp is scripted, so two implementations of the record path can
 * be compared number for number: the backend moves a manual clock as it emits each part, and
 * the mix covers what the report distinguishes (server usage or none, a usage count one off the
 * text's, reasoning parts, HTTP and mid-stream errors, requests cancelled in flight).
 */
export interface ScriptedRun {
  clock: Clock & { t: number };
  backend: Backend;
  data: DataSource;
  /** Cancels what is in flight once `requests` have settled. */
  stop: Constraint;
  strategy: ReturnType<typeof createConcurrentStrategy>;
  bus: EventBus;
  feeder(): Promise<SampleFeeder>;
}

/** Non-integer, deterministic gaps (ms) between parts. */
function gap(i: number, k: number): number {
  return 5 + ((i * 31 + k * 17) % 97) / 13;
}

/** Builds the scripted benchmark: `requests` settle, 4 in flight, three hang until cancelled. */
export function scriptedRun(requests: number): ScriptedRun {
  const clock = {
    t: 1000,
    now(): number {
      return this.t;
    },
  };
  let sent = 0;
  let hung = 0;
  const backend: Backend = {
    name: 'scripted',
    prepare: async () => ({ model: 'm', url: 'test://' }),
    close: async () => undefined,
    async send(request: BackendRequest, { signal, onPart }: BackendSendOptions): Promise<void> {
      const i = sent++;
      clock.t += 0.25 + (i % 3) * 0.1;
      if (i % 11 === 5) {
        onPart({ type: 'headers', httpStatus: 503 });
        clock.t += 1;
        onPart({ type: 'error', code: 'HTTP_ERROR', httpStatus: 503, message: 'HTTP 503: busy' });
        return;
      }
      onPart({ type: 'headers', httpStatus: 200 });
      clock.t += 20 + (i % 29) / 7;
      const n = request.outputTokens ?? 8;
      for (let k = 0; k < n; k++) {
        if (i % 17 === 3 && k < 2) onPart({ type: 'reasoning', text: `think${k} ` });
        else onPart({ type: 'text', text: `word${k} ` });
        clock.t += gap(i, k);
        if (i % 7 === 2 && k === 2) {
          onPart({ type: 'error', code: 'STREAM_ERROR', message: 'the server sent an error' });
          return;
        }
        if (i % 13 === 6 && k === 1 && hung < 3) {
          hung++;
          await new Promise<void>((resolve) => {
            if (signal.aborted) resolve();
            else signal.addEventListener('abort', () => resolve());
          });
          clock.t += 0.5;
          return;
        }
      }
      if (i % 3 !== 0) {
        onPart({
          type: 'usage',
          promptTokens: request.promptTokens ?? 0,
          outputTokens: n + (i % 5 === 0 ? 1 : 0),
        });
      }
      clock.t += 0.3;
    },
  };
  const data: DataSource = {
    name: 'scripted',
    prepare: async () => undefined,
    *samples(): Iterator<RequestSample> {
      for (let i = 0; ; i++) {
        yield { prompt: `prompt ${i}`, promptTokens: 16 + (i % 5), outputTokens: 4 + (i % 9) };
      }
    },
  };
  const stop: Constraint = {
    name: 'scripted-stop',
    start: () => ({
      afterRequest: (_status, state) =>
        state.successful + state.errored >= requests
          ? { reason: 'max-requests', mode: 'cancel', detail: 'scripted stop' }
          : undefined,
    }),
  };
  return {
    clock,
    backend,
    data,
    stop,
    strategy: createConcurrentStrategy(4),
    bus: new EventBus([]),
    async feeder() {
      const feeder = new SampleFeeder(data);
      await feeder.fill();
      return feeder;
    },
  };
}
