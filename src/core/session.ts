import { InferbenchError } from '../errors.js';
import type { ChatMessage } from '../spec/backend.js';
import type { ConversationTurn, RequestSample } from '../spec/data-source.js';

/**
 * One conversation in progress: its turns, the turn to send next, and the history so far (the
 * messages sent, each followed by the answer the server really streamed). It lives from its
 * first turn's dispatch to its last turn's end, so memory grows with live sessions × turns.
 */
export interface Session {
  readonly turns: readonly ConversationTurn[];
  /** The turn in flight or about to be sent, from 0. */
  turn: number;
  /** Messages of the turns sent so far, each user message followed by the real answer. */
  readonly history: ChatMessage[];
}

/** True when a sample is a conversation of two turns or more, to be sent as a session. */
export function isConversation(sample: RequestSample): boolean {
  return sample.turns !== undefined && sample.turns.length > 1;
}

/**
 * The error of a conversation met by a run whose requests go through worker threads: a turn's
 * history is the previous answer, which a worker would have to hand back before the next turn
 * could leave, so conversations are sent from the main thread only. Synthetic `turns=N` is
 * refused before the run; rows of a file or dataset are known to be conversations only once
 * read, so the run fails at the first one, before sending it.
 */
export function conversationOnWorkersError(sample: RequestSample): InferbenchError {
  return new InferbenchError(
    'ERR_INVALID_ARGS',
    `workers: conversations (here a sample of ${sample.turns?.length ?? 0} turns, such as a data row with several user messages) are sent from the main thread only, expected workers: 1, received workers above 1`,
    { field: 'workers' },
  );
}

/** Opens the session of a conversation sample whose turn 0 (the sample itself) is being sent. */
export function openSession(sample: RequestSample): Session {
  const opening = sample.messages ?? [{ role: 'user', content: sample.prompt }];
  return { turns: sample.turns ?? [], turn: 0, history: [...opening] };
}

/**
 * Records the answer to the turn just ended and moves to the next turn. Returns that turn's
 * sample (the history so far, then its user message), or `undefined` when the conversation has
 * no turn left. The answer is the output text as streamed (reasoning left out); text completions
 * get the same contents joined by spaces as their prompt.
 */
export function nextTurn(session: Session, answer: string): RequestSample | undefined {
  const turn = session.turns[session.turn + 1];
  if (turn === undefined) return undefined;
  session.turn++;
  session.history.push({ role: 'assistant', content: answer });
  session.history.push({ role: 'user', content: turn.content });
  const sample: RequestSample = {
    prompt: session.history.map((message) => message.content).join(' '),
    messages: session.history.slice(),
  };
  if (turn.outputTokens !== undefined) sample.outputTokens = turn.outputTokens;
  return sample;
}

/**
 * The turn of `session` now sent, as the data decided it: its user message and budget, without
 * the history (which holds the server's answers), so a digest of what was sent depends on the
 * data alone.
 */
export function turnAsData(session: Session): RequestSample {
  const turn = session.turns[session.turn];
  const sample: RequestSample = { prompt: turn?.content ?? '' };
  if (turn?.outputTokens !== undefined) sample.outputTokens = turn.outputTokens;
  return sample;
}
