import { createHash, type Hash } from 'node:crypto';
import type { RequestSample } from '../spec/data-source.js';

/** What a run sent, summarised: how many requests, a hash of their content, distinct prefixes. */
export interface SentDataSummary {
  /** Requests recorded. */
  requests: number;
  /**
   * `sha256:` and the hex SHA-256 of the requests' content in the order they were sent: the
   * prompt, the chat messages (role and content) and the output budget of each. The same seed
   * and data give the same hash; any change in what was sent changes it.
   */
  contentHash: string;
  /** Distinct shared prefixes (system prompts) among the requests. */
  distinctPrefixes: number;
}

/** Accumulates a {@link SentDataSummary} one request at a time. */
export interface SentDataDigest {
  /** Records one request as it is sent. Cost: one hash update over its text. */
  record(sample: RequestSample): void;
  /** The summary so far; recording can go on afterwards. */
  summary(): SentDataSummary;
}

const FIELD_PROMPT = 0x01;
const FIELD_MESSAGE = 0x02;
const FIELD_OUTPUT = 0x03;
const FIELD_NO_OUTPUT = 0x04;
const END_OF_REQUEST = 0xff;

/**
 * Creates an incremental digest of the requests a run sends, for the report's reproducibility
 * fields. Each request is encoded unambiguously (a tag and the UTF-8 byte length before every
 * string) into one running SHA-256, so no concatenation of two requests can equal another, and
 * nothing of the text is kept. Prefixes are counted by a 64-bit digest of their text, so the
 * memory of the count grows with the number of distinct prefixes, not with their length.
 *
 * @example
 * ```ts
 * const digest = createSentDataDigest();
 * digest.record({ prompt: 'Hello', outputTokens: 16 });
 * digest.summary(); // { requests: 1, contentHash: 'sha256:…', distinctPrefixes: 0 }
 * ```
 */
export function createSentDataDigest(): SentDataDigest {
  const hash: Hash = createHash('sha256');
  const prefixes = new Set<string>();
  const header = Buffer.alloc(5);
  let requests = 0;

  function writeString(tag: number, text: string): void {
    header[0] = tag;
    header.writeUInt32BE(Buffer.byteLength(text, 'utf8'), 1);
    hash.update(header);
    hash.update(text, 'utf8');
  }

  return {
    record(sample) {
      requests++;
      writeString(FIELD_PROMPT, sample.prompt);
      if (sample.messages !== undefined) {
        for (const message of sample.messages) {
          writeString(FIELD_MESSAGE, message.role);
          writeString(FIELD_MESSAGE, message.content);
        }
      }
      if (sample.outputTokens === undefined) hash.update(Uint8Array.of(FIELD_NO_OUTPUT));
      else {
        header[0] = FIELD_OUTPUT;
        header.writeUInt32BE(sample.outputTokens, 1);
        hash.update(header);
      }
      hash.update(Uint8Array.of(END_OF_REQUEST));
      if (sample.prefix !== undefined) {
        prefixes.add(createHash('sha256').update(sample.prefix, 'utf8').digest('hex').slice(0, 16));
      }
    },
    summary() {
      return {
        requests,
        contentHash: `sha256:${hash.copy().digest('hex')}`,
        distinctPrefixes: prefixes.size,
      };
    },
  };
}
