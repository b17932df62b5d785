import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SampleFeeder } from '../../src/core/sample-feeder.js';
import { InferbenchError } from '../../src/errors.js';
import type { DataSource, RequestSample } from '../../src/spec/data-source.js';

/** A source of `count` samples that then throws `failure` (or ends), noting when it is closed. */
function source(count: number, failure?: Error): DataSource & { closed: boolean; read: number } {
  const state = { closed: false, read: 0 };
  return Object.assign(state, {
    name: 'test',
    prepare: async () => undefined,
    samples(): AsyncIterableIterator<RequestSample> {
      return (async function* () {
        try {
          for (let i = 0; i < count; i++) {
            state.read++;
            yield { prompt: `prompt ${i}` };
          }
          if (failure !== undefined) throw failure;
        } finally {
          state.closed = true;
        }
      })();
    },
  });
}

async function drain(feeder: SampleFeeder): Promise<{ samples: number; error: unknown }> {
  let samples = 0;
  for (;;) {
    try {
      const sample = await feeder.next();
      if (sample === undefined) return { samples, error: undefined };
      samples++;
    } catch (error) {
      return { samples, error };
    }
  }
}

describe('SampleFeeder', () => {
  const unhandled: unknown[] = [];
  const record = (reason: unknown): void => {
    unhandled.push(reason);
  };
  beforeEach(() => {
    unhandled.length = 0;
    process.on('unhandledRejection', record);
  });
  afterEach(() => {
    process.off('unhandledRejection', record);
  });

  it('fails at the next sample once the source throws mid-read, never as an unhandled rejection', async () => {
    const feeder = new SampleFeeder(source(40, new Error('disk gone')), 8);
    await feeder.fill();
    const { samples, error } = await drain(feeder);
    // The background refills read ahead; the failure stops the feeder before the buffer is spent.
    expect(samples).toBeGreaterThan(0);
    expect(samples).toBeLessThanOrEqual(40);
    expect(error).toBeInstanceOf(InferbenchError);
    expect(error).toMatchObject({
      code: 'ERR_DATA',
      field: 'data',
      message: 'data: the data source failed while the run read it: disk gone',
    });
    expect((error as InferbenchError).cause).toBeInstanceOf(Error);
    // It stays failed: a later call does not read on as if the data had ended.
    await expect(feeder.next()).rejects.toBe(error);
    await feeder.close();
    // Let any stray rejection reach the process before looking.
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(unhandled).toEqual([]);
  });

  it("passes the source's own InferbenchError through unchanged", async () => {
    const own = new InferbenchError('ERR_DATA', 'data: row 12 of "x.jsonl" is cut short', {
      field: 'data',
    });
    const feeder = new SampleFeeder(source(3, own), 8);
    await expect(feeder.fill()).rejects.toBe(own);
    await expect(feeder.next()).rejects.toBe(own);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(unhandled).toEqual([]);
  });

  it("ends the source's iterator when closed, so what it holds open is closed", async () => {
    const data = source(1000);
    const feeder = new SampleFeeder(data, 8);
    await feeder.fill();
    await feeder.next();
    expect(data.closed).toBe(false);
    await feeder.close();
    expect(data.closed).toBe(true);
    // Nothing is read past the close, and a second close does nothing.
    const read = data.read;
    await feeder.close();
    expect(data.read).toBe(read);
    expect(read).toBeLessThan(1000);
  });

  it('ends with undefined when the source ends, and closing then is harmless', async () => {
    const data = source(5);
    const feeder = new SampleFeeder(data, 8);
    await feeder.fill();
    expect(await drain(feeder)).toEqual({ samples: 5, error: undefined });
    expect(feeder.done).toBe(true);
    await feeder.close();
    expect(data.closed).toBe(true);
  });
});
