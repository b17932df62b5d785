import type { ChatMessage } from '../spec/backend.js';
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

/** What {@link conversationFromMessages} needs besides the messages. */
export interface ChatRowContext {
  /** The messages column, for the reason a row is skipped. */
  column: string;
  /** The row's prefix (system prompt) column's text, sent first as a system message. */
  prefix?: string | undefined;
  /** The row's output token count, the budget of every turn. */
  outputTokens?: number | undefined;
}

/**
 * A recorded chat (system?, user, assistant, user, assistant, …) as a conversation to replay
 * live: turn 0 is the messages up to the first user message (a system prompt, the row's prefix
 * in front), and each later user message is a turn of its own. The recorded assistant messages
 * are not sent: each turn's history carries the answers the server really gives. Their length
 * is not used either: a turn's budget is the row's output count when it has one (the same for
 * every turn), else none. A system message after the first user message has no place in a
 * turn, so the row is skipped with that reason.
 */
export function conversationFromMessages(
  messages: readonly ChatMessage[],
  context: ChatRowContext,
): RequestSample | { skip: string } {
  const first = messages.findIndex((message) => message.role === 'user');
  const opening: ChatMessage[] = messages.slice(0, first + 1);
  if (context.prefix !== undefined) opening.unshift({ role: 'system', content: context.prefix });
  const turns: ConversationTurn[] = [];
  for (let index = first; index < messages.length; index++) {
    const message = messages[index]!;
    if (message.role === 'system') {
      return {
        skip: `column ${JSON.stringify(context.column)}, message ${index}: expected no system message after the first user message of a conversation, received one`,
      };
    }
    if (message.role !== 'user') continue;
    const turn: ConversationTurn = { content: message.content };
    if (context.outputTokens !== undefined) turn.outputTokens = context.outputTokens;
    turns.push(turn);
  }
  const sample: RequestSample = {
    prompt: opening.map((message) => message.content).join(' '),
    messages: opening,
    turns,
  };
  if (context.prefix !== undefined) sample.prefix = context.prefix;
  if (context.outputTokens !== undefined) sample.outputTokens = context.outputTokens;
  return sample;
}
