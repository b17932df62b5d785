import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import { InferbenchError } from '../errors.js';
import { readJsonFile } from '../internal/json-file.js';
import { describeReceived } from '../internal/messages.js';
import { parseOrThrow } from '../internal/zod-issues.js';
import type { Scheduler, ScheduledJob } from './scheduler.js';

/**
 * Transcript mode: the mock server answers every generation request by replaying a recorded
 * response, byte for byte and with its timing, so that clients meet the exact stream shapes
 * real servers send.
 */

/** One network write of a recorded response. */
export interface TranscriptFrame {
  /** Wait before this write, counted from the previous write (or from the request's arrival). */
  delayMs: number;
  /** The bytes as UTF-8 text. */
  data?: string;
  /** The bytes as base64, for writes that are not valid UTF-8 on their own (a split character). */
  base64?: string;
}

/** A recorded response: its status, headers and timed writes. */
export interface Transcript {
  /** What the transcript shows, e.g. `vLLM 0.8 chat stream with usage`. */
  description?: string;
  /** Where its shape comes from (the server's source or docs). */
  source?: string;
  /** @default 200 */
  status?: number;
  /** @default { 'content-type': 'text/event-stream' } */
  headers?: Readonly<Record<string, string>>;
  frames: readonly TranscriptFrame[];
}

/** A checked transcript with its writes encoded. */
export interface ResolvedTranscript {
  status: number;
  headers: Record<string, string>;
  frames: { delayMs: number; bytes: Buffer }[];
}

/** One recorded write: its delay and its bytes, given as exactly one of `data` or `base64`. */
const FrameSchema = z
  .strictObject({
    delayMs: z.number().min(0),
    data: z.string().optional(),
    base64: z.string().optional(),
  })
  .refine((frame) => (frame.data === undefined) !== (frame.base64 === undefined), {
    error: (issue) =>
      `expected exactly one of data (text) or base64, received ${describeReceived(issue.input)}`,
  })
  .transform((frame) => ({
    delayMs: frame.delayMs,
    bytes:
      frame.data === undefined
        ? Buffer.from(frame.base64 ?? '', 'base64')
        : Buffer.from(frame.data, 'utf8'),
  }));

/** A transcript as fixtures hold it: every key checked, unknown keys named, defaults applied. */
const TranscriptSchema = z.strictObject({
  description: z.string().optional(),
  source: z.string().optional(),
  status: z
    .number()
    .refine((status) => Number.isInteger(status) && status >= 100 && status <= 599, {
      error: (issue) =>
        `expected an HTTP status between 100 and 599, received ${describeReceived(issue.input)}`,
    })
    .default(200),
  headers: z.record(z.string(), z.string()).default({ 'content-type': 'text/event-stream' }),
  frames: z.array(FrameSchema),
});

/** Checks a transcript and encodes its frames; throws `ERR_INVALID_ARGS` naming every bad field. */
export function resolveTranscript(value: unknown, field = 'transcript'): ResolvedTranscript {
  const { status, headers, frames } = parseOrThrow(TranscriptSchema, value, field);
  return { status, headers: { ...headers }, frames };
}

/**
 * Reads a transcript fixture (JSON) from a file.
 *
 * @throws InferbenchError `ERR_INVALID_ARGS` (field `transcript`) when it cannot be read or used.
 */
export async function loadTranscript(path: string): Promise<Transcript> {
  const value = await readJsonFile(
    path,
    (problem) =>
      new InferbenchError(
        'ERR_INVALID_ARGS',
        problem.kind === 'unreadable'
          ? `transcript: expected a readable JSON transcript file, received ${JSON.stringify(path)} (${problem.code ?? 'unreadable'})`
          : `transcript: expected a JSON transcript file, received ${JSON.stringify(path)} that is not JSON`,
        { field: 'transcript', cause: problem.cause },
      ),
  );
  resolveTranscript(value);
  return value as Transcript;
}

/**
 * Replays `transcript` as the response: headers at once, then each frame at its absolute due
 * time counted from `startMs`, each frame as one socket write. Stops when the client leaves.
 */
export function replayTranscript(
  scheduler: Scheduler,
  transcript: ResolvedTranscript,
  response: ServerResponse,
  startMs: number,
): void {
  let job: ScheduledJob | undefined;
  response.once('close', () => job?.cancel());
  response.writeHead(transcript.status, transcript.headers);
  response.flushHeaders();
  let dueMs = startMs;
  let index = 0;
  const step = (): void => {
    job = undefined;
    const frame = transcript.frames[index++];
    if (frame === undefined) {
      response.end();
      return;
    }
    response.write(frame.bytes);
    const following = transcript.frames[index];
    if (following === undefined) {
      response.end();
      return;
    }
    dueMs += following.delayMs;
    job = scheduler.schedule(dueMs, step);
  };
  const first = transcript.frames[0];
  if (first === undefined) {
    response.end();
    return;
  }
  dueMs += first.delayMs;
  job = scheduler.schedule(dueMs, step);
}
