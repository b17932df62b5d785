import { expect } from 'vitest';
import { InferbenchError } from '../../src/errors.js';

/** The InferbenchError `promise` rejects with; fails the test when it resolves or throws another. */
export async function rejection(promise: Promise<unknown>): Promise<InferbenchError> {
  const caught = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(caught).toBeInstanceOf(InferbenchError);
  return caught as InferbenchError;
}
