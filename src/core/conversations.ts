import type { RequestSample } from '../spec/data-source.js';
import type { RequestStatus } from '../spec/request-record.js';
import { createLatch, type Latch } from './latch.js';
import { isConversation, nextTurn, openSession, type Session } from './session.js';
import type { StopController } from './stop-controller.js';

/** What {@link Conversations} asks of the benchmark that sends the turns. */
export interface ConversationHooks {
  /** The benchmark's stop: once it drains, no new turn leaves. */
  stop: StopController;
  /** The clock's now, in its own ms. */
  now(): number;
  /** Whether a request may leave now (the constraints agree); false also stops the benchmark. */
  mayDispatch(): boolean;
  /** Sends a turn of `session`, scheduled at `dueAbs` on the clock (`undefined`: now). */
  send(sample: RequestSample, dueAbs: number | undefined, session: Session): void;
}

/**
 * The benchmark's conversations: those started and not ended, and those waiting out a turn's
 * think time. Each holds a slot from its first turn's dispatch to its last turn's end, so a
 * closed loop counts a conversation as one user for its whole life; a stop sends no new turn.
 */
export class Conversations {
  readonly #hooks: ConversationHooks;
  #live = 0;
  readonly #waiting = new Map<Session, NodeJS.Timeout>();
  #ended: Latch | undefined;

  constructor(hooks: ConversationHooks) {
    this.#hooks = hooks;
  }

  /** Conversations waiting out a think time: each holds a slot though nothing is in flight. */
  get waiting(): number {
    return this.#waiting.size;
  }

  /** The session of a sample that opens a conversation, or `undefined` for a single request. */
  open(sample: RequestSample): Session | undefined {
    if (!isConversation(sample)) return undefined;
    this.#live++;
    return openSession(sample);
  }

  /** After a turn of `session` ended: its next turn is sent (or waits its think time), or it ends. */
  afterTurn(session: Session, status: RequestStatus, answer: string): void {
    const { stop } = this.#hooks;
    const sample =
      status === 'successful' && !stop.draining ? nextTurn(session, answer) : undefined;
    if (sample === undefined) return this.#end();
    const delayMs = session.turns[session.turn]?.delayMs ?? 0;
    if (delayMs <= 0) return this.#sendOrEnd(sample, undefined, session);
    const dueAbs = this.#hooks.now() + delayMs;
    this.#waiting.set(
      session,
      setTimeout(() => {
        this.#waiting.delete(session);
        this.#sendOrEnd(sample, dueAbs, session);
      }, delayMs),
    );
  }

  /** On the benchmark's stop: the conversations waiting for a turn end here. */
  stopWaiting(): void {
    for (const [session, timer] of this.#waiting) {
      clearTimeout(timer);
      this.#waiting.delete(session);
      this.#end();
    }
  }

  /** Once the data or the schedule has ended, the conversations started may still finish. */
  async untilEnded(): Promise<void> {
    const { stop } = this.#hooks;
    if (this.#live === 0 || stop.draining) return;
    this.#ended = createLatch();
    stop.onStop(() => this.#ended?.open());
    await this.#ended.promise;
  }

  #sendOrEnd(sample: RequestSample, dueAbs: number | undefined, session: Session): void {
    if (this.#hooks.mayDispatch()) this.#hooks.send(sample, dueAbs, session);
    else this.#end();
  }

  #end(): void {
    this.#live--;
    if (this.#live === 0) this.#ended?.open();
  }
}
