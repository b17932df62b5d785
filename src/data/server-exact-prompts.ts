import type { ServerTokenizer, ServerTokens } from '../spec/tokenizer.js';
import { SYNTHETIC_CORPUS } from './corpus.js';
import type { ExactPrompt } from './exact-prompts.js';

/** One prompt to build: its length, its serial number (the marker) and where it starts. */
export interface PromptRequest {
  tokens: number;
  serial: number;
  /** In [0, 1): picks where in the corpus the prompt's text starts. */
  startSeed: number;
  /**
   * Goes in front of the serial in the marker (`"prefix 3:"`), so that prompts of another kind
   * never share a marker with these.
   */
  label?: string;
}

/** Builds token-exact prompts with a server's tokenizer; see {@link createServerExactPromptBuilder}. */
export interface ServerExactPromptBuilder {
  /** Prompts for every request, in order, each verified by the server's own count. */
  buildMany(requests: readonly PromptRequest[], signal?: AbortSignal): Promise<ExactPrompt[]>;
  /** Round trips spent so far (a batch of concurrent requests counts once). */
  readonly rounds: number;
}

/** Re-encode rounds per corpus start before moving to the next start (as the local builder). */
const ATTEMPTS_PER_START = 6;
/** Corpus starts tried before settling for the closest prompt. */
const MAX_STARTS = 8;
/** Corpus starts a prompt shorter than its marker tries to find a window not used yet. */
const MAX_SHORT_STARTS = 64;

/** A prompt being built: where it is in its search, and the best it found. */
interface Job {
  request: PromptRequest;
  marker: string;
  body: number;
  shift: number;
  attempt: number;
  tried: Set<number>;
  closest: ExactPrompt | undefined;
  done: ExactPrompt | undefined;
}

/** The corpus in the server's tokens: ids, where words start, and how to render a window. */
interface ServerCorpus {
  ids: number[];
  starts: number[];
  render(
    windows: ReadonlyArray<{ start: number; count: number }>,
    signal?: AbortSignal,
  ): Promise<string[]>;
  /** Whether `render` works here, without asking the server. */
  local: boolean;
}

function windowIds(ids: readonly number[], start: number, count: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(ids[(start + i) % ids.length]!);
  return out;
}

async function loadCorpus(
  server: ServerTokenizer,
  count: () => void,
  signal?: AbortSignal,
): Promise<ServerCorpus> {
  // The leading space makes every wrap-around join read "... end. The start" like the rest.
  const text = ` ${SYNTHETIC_CORPUS}`;
  count();
  const [corpus] = await server.tokenize([text], signal);
  const { ids, offsets } = corpus as ServerTokens;
  const { detokenize } = server;
  if (offsets !== undefined && offsets.length === ids.length) {
    // The server told where each token sits in the text (TGI): windows are slices of the corpus.
    const starts = offsets.flatMap(([from], i) => (text[from] === ' ' ? [i] : []));
    return {
      ids,
      starts: starts.length > 0 ? starts : ids.map((_, i) => i),
      render: async (windows) =>
        windows.map(({ start, count: length }) => {
          let rendered = '';
          for (let i = 0; i < length; i++) {
            const [from, to] = offsets[(start + i) % ids.length]!;
            rendered += text.slice(from, to);
          }
          return rendered;
        }),
      local: true,
    };
  }
  if (detokenize === undefined) {
    throw new Error(`${server.name} can neither detokenize nor give token offsets`);
  }
  // Word starts, as the local builder finds them: tokens whose own text begins with a space.
  const distinct = [...new Set(ids)];
  count();
  // The whole corpus rides along, to learn whether decoding is concatenation (below).
  const decoded = await detokenize.call(server, [ids, ...distinct.map((id) => [id])], signal);
  const pieceOf = new Map(distinct.map((id, i) => [id, decoded[i + 1]!]));
  const starts = ids.flatMap((id, i) => (pieceOf.get(id)!.startsWith(' ') ? [i] : []));
  // Byte-level BPE (Llama 3, Qwen, GPT) decodes a sequence as the concatenation of its tokens'
  // texts: windows can then be rendered here, saving a round trip per step. SentencePiece
  // tokenizers drop a token's leading space when it stands alone, and fail this check.
  const concatenates = ids.map((id) => pieceOf.get(id)!).join('') === decoded[0];
  return {
    ids,
    starts: starts.length > 0 ? starts : ids.map((_, i) => i),
    render: concatenates
      ? async (windows) =>
          windows.map(({ start, count: length }) =>
            windowIds(ids, start, length)
              .map((id) => pieceOf.get(id)!)
              .join(''),
          )
      : (windows, renderSignal) =>
          detokenize.call(
            server,
            windows.map(({ start, count: length }) => windowIds(ids, start, length)),
            renderSignal,
          ),
    local: concatenates,
  };
}

/**
 * Creates a builder of token-exact prompts for a tokenizer that lives on the server: the corpus
 * is tokenized by the server once (and, to find where words start, each distinct token
 * detokenized once), then every prompt is a numeric marker plus a decoded window of corpus
 * tokens, checked by the server's count and widened or narrowed by the drift, exactly as the
 * local builder does; but all prompts of a call advance together, one batched round trip per
 * step (a detokenize round and a tokenize round), so a thousand prompts take a handful of rounds.
 * Everything happens before a benchmark starts; nothing here runs at dispatch time.
 */
export async function createServerExactPromptBuilder(
  server: ServerTokenizer,
  signal?: AbortSignal,
): Promise<ServerExactPromptBuilder> {
  let rounds = 0;
  const countRound = (): void => {
    rounds++;
  };
  const corpus = await loadCorpus(server, countRound, signal);
  const { starts } = corpus;
  const markerTokens = new Map<string, number>();
  const usedShort = new Set<string>();

  const startAt = (seed: number, shift: number): number =>
    starts[(Math.floor(seed * starts.length) + shift) % starts.length]!;

  /** A marker's shape: its label and digit count, which decide its length in tokens. */
  const shapeOf = (request: PromptRequest): string =>
    `${request.label ?? ''}${'1'.repeat(String(request.serial).length)}:`;

  /** Marker lengths by shape: one tokenize per distinct label and width. */
  async function markerCounts(requests: readonly PromptRequest[]): Promise<void> {
    const shapes = [...new Set(requests.map(shapeOf))].filter((shape) => !markerTokens.has(shape));
    if (shapes.length === 0) return;
    countRound();
    const counted = await server.tokenize(shapes, signal);
    shapes.forEach((shape, i) => markerTokens.set(shape, counted[i]!.ids.length));
  }

  async function buildMany(
    requests: readonly PromptRequest[],
    callSignal = signal,
  ): Promise<ExactPrompt[]> {
    await markerCounts(requests);
    const jobs: Job[] = requests.map((request) => {
      const marker = `${request.label ?? ''}${request.serial}:`;
      const estimate = markerTokens.get(shapeOf(request)) ?? marker.length;
      // Prompts shorter than their marker are bare corpus windows, as in the local builder.
      const bare = request.tokens <= estimate;
      return {
        request,
        marker: bare ? '' : marker,
        body: bare ? request.tokens : request.tokens - estimate,
        shift: 0,
        attempt: 0,
        tried: new Set<number>(),
        closest: undefined,
        done: request.tokens === 0 ? { prompt: '', promptTokens: 0 } : undefined,
      };
    });
    for (;;) {
      const pending = jobs.filter((job) => job.done === undefined);
      if (pending.length === 0) break;
      if (!corpus.local) countRound();
      const texts = await corpus.render(
        pending.map((job) => ({
          start: startAt(job.request.startSeed, job.shift),
          count: job.body,
        })),
        callSignal,
      );
      const prompts = pending.map((job, i) => job.marker + texts[i]!);
      countRound();
      const counted = await server.tokenize(prompts, callSignal);
      pending.forEach((job, i) => advance(job, prompts[i]!, counted[i]!.ids.length));
    }
    return jobs.map((job) => job.done!);
  }

  /** Moves one job a step: accept, widen or narrow by the drift, or try the next start. */
  function advance(job: Job, prompt: string, count: number): void {
    const target = job.request.tokens;
    if (count === target && (job.marker !== '' || !usedShort.has(prompt))) {
      if (job.marker === '') usedShort.add(prompt);
      job.done = { prompt, promptTokens: target };
      return;
    }
    if (
      job.closest === undefined ||
      Math.abs(count - target) < Math.abs(job.closest.promptTokens - target)
    ) {
      job.closest = { prompt, promptTokens: count };
    }
    job.tried.add(job.body);
    job.attempt++;
    const next = job.body + (target - count);
    const exhausted =
      job.attempt >= ATTEMPTS_PER_START || next < 1 || job.tried.has(next) || count === target;
    if (!exhausted) {
      job.body = next;
      return;
    }
    job.shift++;
    // Short prompts look further for a window not used yet; a repeat is their last resort.
    const maxShifts = job.marker === '' ? Math.min(starts.length, MAX_SHORT_STARTS) : MAX_STARTS;
    if (job.shift >= maxShifts) {
      // Never seen in practice for marked prompts; report the true count, not a wished-for one.
      job.done = job.closest;
      return;
    }
    job.attempt = 0;
    job.tried.clear();
    job.body = job.marker === '' ? target : Math.max(1, job.body + (target - count));
  }

  return {
    buildMany,
    get rounds() {
      return rounds;
    },
  };
}
