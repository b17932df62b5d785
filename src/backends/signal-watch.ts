/** Something in flight that an abort must reach. */
export interface Abortable {
  abort(reason: unknown): void;
}

/**
 * The requests in flight under one `AbortSignal`, aborted together by one listener. The core
 * hands every request of a benchmark the same signal; a listener per request would cost more
 * than the request's other work at 64 in flight, as Node's `EventTarget` walks its listeners
 * on every add and remove. The listener is removed whenever nothing is in flight.
 */
export class SignalWatch {
  private readonly active = new Set<Abortable>();
  private listening = false;
  private readonly onAbort = (): void => {
    const reason: unknown = this.signal.reason;
    for (const request of [...this.active]) request.abort(reason);
    this.active.clear();
    this.stopListening();
  };

  constructor(readonly signal: AbortSignal) {}

  add(request: Abortable): void {
    if (this.signal.aborted) {
      request.abort(this.signal.reason);
      return;
    }
    this.active.add(request);
    if (!this.listening) {
      this.listening = true;
      this.signal.addEventListener('abort', this.onAbort);
    }
  }

  delete(request: Abortable): void {
    if (this.active.delete(request) && this.active.size === 0) this.stopListening();
  }

  private stopListening(): void {
    if (!this.listening) return;
    this.listening = false;
    this.signal.removeEventListener('abort', this.onAbort);
  }
}

/** One watch per signal, kept as long as its signal lives. */
export class SignalWatches {
  private readonly watches = new WeakMap<AbortSignal, SignalWatch>();
  /** The last signal's watch: a benchmark sends every request with the same signal. */
  private last: SignalWatch | undefined;

  for(signal: AbortSignal): SignalWatch {
    const last = this.last;
    if (last !== undefined && last.signal === signal) return last;
    let watch = this.watches.get(signal);
    if (watch === undefined) {
      watch = new SignalWatch(signal);
      this.watches.set(signal, watch);
    }
    this.last = watch;
    return watch;
  }
}
