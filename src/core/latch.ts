/** A promise that can be resolved from outside, plus whether it has been. */
export interface Latch {
  promise: Promise<void>;
  done: boolean;
  open(): void;
}

/** Creates a {@link Latch}. */
export function createLatch(): Latch {
  let resolve!: () => void;
  const latch: Latch = {
    promise: new Promise<void>((r) => {
      resolve = r;
    }),
    done: false,
    open() {
      if (latch.done) return;
      latch.done = true;
      resolve();
    },
  };
  return latch;
}
