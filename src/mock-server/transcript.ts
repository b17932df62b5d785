import type { ServerResponse } from 'node:http';
import { InferbenchError } from '../errors.js';
import { readJsonFile } from '../internal/json-file.js';
import { describeReceived } from '../internal/messages.js';
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

function invalid(field: string, expected: string, value: unknown): never {
  throw new InferbenchError(
    'ERR_INVALID_ARGS',
    `${field}: expected ${expected}, received ${describeReceived(value)}`,
    { field },
  );
}

/** Checks a transcript and encodes its frames; throws `ERR_INVALID_ARGS` naming the field. */
export function resolveTranscript(value: unknown, field = 'transcript'): ResolvedTranscript {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    invalid(field, 'an object with frames', value);
  }
  const transcript = value as Record<string, unknown>;
  const status = transcript['status'] ?? 200;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) {
    invalid(`${field}.status`, 'an HTTP status between 100 and 599', status);
  }
  const headers = transcript['headers'] ?? { 'content-type': 'text/event-stream' };
  if (
    typeof headers !== 'object' ||
    headers === null ||
    Object.values(headers).some((header) => typeof header !== 'string')
  ) {
    invalid(`${field}.headers`, 'an object of string values', headers);
  }
  const frames = transcript['frames'];
  if (!Array.isArray(frames)) invalid(`${field}.frames`, 'an array of frames', frames);
  return {
    status,
    headers: { ...(headers as Record<string, string>) },
    frames: (frames as unknown[]).map((frame, index) => {
      const where = `${field}.frames[${index}]`;
      if (typeof frame !== 'object' || frame === null) invalid(where, 'a frame object', frame);
      const { delayMs, data, base64 } = frame as Record<string, unknown>;
      if (typeof delayMs !== 'number' || !Number.isFinite(delayMs) || delayMs < 0) {
        invalid(`${where}.delayMs`, 'a number >= 0', delayMs);
      }
      if ((typeof data === 'string') === (typeof base64 === 'string')) {
        invalid(where, 'exactly one of data (text) or base64', frame);
      }
      const bytes =
        typeof data === 'string'
          ? Buffer.from(data, 'utf8')
          : Buffer.from(base64 as string, 'base64');
      return { delayMs, bytes };
    }),
  };
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
