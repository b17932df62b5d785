import type { ConversationTurn, RequestSample } from '../spec/data-source.js';

/** A single-request sample's user message: its last user message, else its prompt. */
function userMessage(sample: RequestSample): string {
  const messages = sample.messages;
  if (messages !== undefined) {
    for (let i = messages.length - 1; i >= 0; i--) {
      const message = messages[i]!;
      if (message.role === 'user') return message.content;
    }
  }
  return sample.prompt;
}

/** The turn a single-request sample describes: its user message and its budgets. */
function toTurn(sample: RequestSample, promptTokens: number | undefined): ConversationTurn {
  const turn: ConversationTurn = { content: userMessage(sample) };
  if (promptTokens !== undefined) turn.promptTokens = promptTokens;
  if (sample.outputTokens !== undefined) turn.outputTokens = sample.outputTokens;
  return turn;
}

/**
 * Joins single-request samples into one conversation: the first is turn 0 as it is (with its
 * shared prefix, if any, as the opening system message); each later one gives its user message
 * (without its prefix) and output budget as the next turn. `turns[k].promptTokens` counts the
 * user message alone: `promptTokens` minus the prefix's length when the prefix's is known.
 */
export function joinTurns(samples: readonly RequestSample[], prefixTokens?: number): RequestSample {
  const [first] = samples;
  if (first === undefined) throw new RangeError('joinTurns expected at least one sample');
  const own = (sample: RequestSample): number | undefined =>
    sample.promptTokens === undefined
      ? undefined
      : sample.prefix === undefined
        ? sample.promptTokens
        : prefixTokens === undefined
          ? undefined
          : sample.promptTokens - prefixTokens;
  return { ...first, turns: samples.map((sample) => toTurn(sample, own(sample))) };
}
