import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseColumnMapper } from '../../src/data/column-mapper.js';
import { resolveColumnMapping } from '../../src/data/column-mapping.js';
import { createRowConverter } from '../../src/data/row-to-sample.js';
import { InferbenchError } from '../../src/errors.js';
import { createDataDir, readAll, rejection, type DataDir } from '../helpers/data-files.js';

const SOURCE = { path: 'rows.jsonl', field: 'data' };

let dir: DataDir;
beforeAll(async () => {
  dir = await createDataDir();
});
afterAll(async () => {
  await dir.cleanup();
});

describe('column mapper spellings (GuideLLM --data-column-mapper)', () => {
  const expected = { text_column: 'article', output_tokens_count_column: 'expected_tokens' };
  it.each([
    ['flat object', { text_column: 'article', output_tokens_count_column: 'expected_tokens' }],
    ['flat JSON', '{"text_column": "article", "output_tokens_count_column": "expected_tokens"}'],
    [
      'registry object',
      {
        kind: 'generative_column_mapper',
        column_mappings: { text_column: 'article', output_tokens_count_column: 'expected_tokens' },
      },
    ],
    [
      'registry JSON',
      '{"kind":"generative_column_mapper","column_mappings":{"text_column":"article","output_tokens_count_column":"expected_tokens"}}',
    ],
    [
      'registry shorthand',
      'kind=generative_column_mapper,column_mappings.text_column=article,column_mappings.output_tokens_count_column=expected_tokens',
    ],
    ['plain shorthand', 'text_column=article,output_tokens_count_column=expected_tokens'],
  ])('parses the %s', (_, value) => {
    expect(parseColumnMapper(value)).toEqual(expected);
  });

  it('keeps candidate lists', () => {
    expect(parseColumnMapper({ text_column: ['a', 'b'] })).toEqual({ text_column: ['a', 'b'] });
  });

  it.each([
    [
      { image_column: 'img' },
      'columnMapper: unknown key "image_column" (not supported for text generation): expected one of text_column, messages_column, prefix_column, prompt_tokens_count_column, output_tokens_count_column',
    ],
    [
      { colour_column: 'x' },
      'columnMapper: unknown key "colour_column": expected one of text_column',
    ],
    [
      { text_column: 5 },
      'columnMapper.text_column: expected a column name or a list of them, received 5',
    ],
    [
      { text_column: [] },
      'columnMapper.text_column: expected a column name or a list of them, received an array of 0',
    ],
    [
      { kind: 'pooling_column_mapper' },
      'columnMapper.kind: expected "generative_column_mapper", received "pooling_column_mapper"',
    ],
    ['{"text_column": ', 'columnMapper: expected a JSON object'],
    [
      'text_column',
      'columnMapper: expected comma-separated key=value pairs such as text_column=question, received "text_column"',
    ],
    [7, 'columnMapper: expected an object of *_column keys, received 7'],
  ])('rejects %j', (value, message) => {
    const error = (() => {
      try {
        parseColumnMapper(value);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(InferbenchError);
    expect((error as InferbenchError).code).toBe('ERR_INVALID_ARGS');
    expect((error as Error).message.startsWith(message)).toBe(true);
  });
});

describe('resolving columns', () => {
  it('takes GuideLLM defaults in their priority order, by plural and case too', () => {
    expect(resolveColumnMapping(['id', 'text', 'Question', 'answer'], undefined, SOURCE)).toEqual({
      text: 'Question',
    });
    expect(
      resolveColumnMapping(
        ['Prompts', 'System', 'input_tokens_count', 'completion_tokens_count'],
        undefined,
        SOURCE,
      ),
    ).toEqual({
      text: 'Prompts',
      prefix: 'System',
      promptTokensCount: 'input_tokens_count',
      outputTokensCount: 'completion_tokens_count',
    });
    expect(resolveColumnMapping(['query'], undefined, SOURCE)).toEqual({ text: 'query' });
    expect(resolveColumnMapping(['messages', 'prompt'], undefined, SOURCE)).toEqual({
      text: 'prompt',
      messages: 'messages',
    });
  });

  it('uses the named column, and turns off the other prompt key defaults', () => {
    expect(
      resolveColumnMapping(['prompt', 'messages', 'article'], { text_column: 'article' }, SOURCE),
    ).toEqual({ text: 'article' });
    expect(resolveColumnMapping(['a', 'b'], { text_column: ['x', 'b'] }, SOURCE)).toEqual({
      text: 'b',
    });
  });

  it('names the key, the file and the columns found when a named column is missing', () => {
    expect(() =>
      resolveColumnMapping(['id', 'question', 'answer'], { text_column: 'article' }, SOURCE),
    ).toThrow(
      'data.columnMapper.text_column: expected a column named "article" in "rows.jsonl", found columns: id, question, answer',
    );
    expect(() =>
      resolveColumnMapping(['question'], { output_tokens_count_column: ['n', 'len'] }, SOURCE),
    ).toThrow(
      'data.columnMapper.output_tokens_count_column: expected a column named one of "n", "len" in "rows.jsonl", found columns: question',
    );
  });

  it('lists the columns found when no prompt column exists', () => {
    let error: unknown;
    try {
      resolveColumnMapping(['id', 'body', 'label'], undefined, SOURCE);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InferbenchError);
    expect((error as InferbenchError).code).toBe('ERR_DATA');
    expect((error as Error).message).toBe(
      'data: expected a prompt column in "rows.jsonl" (one of prompt, instruction, question, input, context, content, text, query, or messages or conversations; name another with the column mapper\'s text_column), found columns: id, body, label',
    );
  });

  it('says per-turn columns describe multi-turn conversations', () => {
    expect(() => resolveColumnMapping(['prompt_0', 'prompt_1'], undefined, SOURCE)).toThrow(
      /found columns: prompt_0, prompt_1 \(per-turn columns such as prompt_0, prompt_1 describe multi-turn conversations/,
    );
  });
});

describe('rows to samples', () => {
  it('sends one user message as chat, drops trailing answers and joins text for completions', () => {
    const convert = createRowConverter({ messages: 'messages', outputTokensCount: 'n' });
    expect(
      convert({
        messages: [
          { role: 'system', content: 'Be brief.' },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Hi' },
              { type: 'text', text: 'there' },
            ],
          },
          { role: 'assistant', content: 'A recorded answer' },
        ],
        n: 64n,
      }),
    ).toEqual({
      prompt: 'Be brief. Hi\nthere',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi\nthere' },
      ],
      outputTokens: 64,
    });
  });

  it('makes messages with several user messages a conversation without the recorded answers', () => {
    const convert = createRowConverter({
      messages: 'messages',
      prefix: 'sys',
      promptTokensCount: 'p',
      outputTokensCount: 'n',
    });
    const messages = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Recorded 1' },
      { role: 'user', content: 'Tell me a joke.' },
      { role: 'assistant', content: 'Recorded 2' },
      { role: 'user', content: 'Another.' },
    ];
    expect(convert({ messages, sys: 'Shared.', p: 99, n: '8' })).toEqual({
      prompt: 'Shared. Be brief. Hi',
      prefix: 'Shared.',
      messages: [
        { role: 'system', content: 'Shared.' },
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ],
      outputTokens: 8,
      turns: [
        { content: 'Hi', outputTokens: 8 },
        { content: 'Tell me a joke.', outputTokens: 8 },
        { content: 'Another.', outputTokens: 8 },
      ],
    });
    // Without an output count the turns have no budget: the recorded answers' lengths are not used.
    expect(convert({ messages: messages.slice(1, 4) })).toEqual({
      prompt: 'Hi',
      messages: [{ role: 'user', content: 'Hi' }],
      turns: [{ content: 'Hi' }, { content: 'Tell me a joke.' }],
    });
    expect(
      convert({
        messages: [
          { role: 'user', content: 'Hi' },
          { role: 'system', content: 'Now be long.' },
          { role: 'user', content: 'Again' },
        ],
      }),
    ).toEqual({
      skip: 'column "messages", message 1: expected no system message after the first user message of a conversation, received one',
    });
  });

  it('reads messages held as a JSON string (CSV) and prefers the text column for completions', () => {
    const convert = createRowConverter({ messages: 'messages', text: 'prompt' });
    expect(convert({ prompt: 'plain', messages: '[{"role":"user","content":"chat"}]' })).toEqual({
      prompt: 'plain',
      messages: [{ role: 'user', content: 'chat' }],
    });
  });

  it('puts a prefix in front as the system message and the start of the prompt', () => {
    const convert = createRowConverter({
      text: 'q',
      prefix: 'system_prompt',
      promptTokensCount: 'p',
    });
    expect(convert({ q: 'What is 2+2?', system_prompt: 'You are a calculator.', p: '9' })).toEqual({
      prompt: 'You are a calculator. What is 2+2?',
      prefix: 'You are a calculator.',
      messages: [
        { role: 'system', content: 'You are a calculator.' },
        { role: 'user', content: 'What is 2+2?' },
      ],
      promptTokens: 9,
    });
    expect(convert({ q: 'No system here', system_prompt: null })).toEqual({
      prompt: 'No system here',
    });
  });

  it("reads ShareGPT's conversations column of { from, value } messages", () => {
    const mapping = resolveColumnMapping(['id', 'conversations'], undefined, SOURCE);
    expect(mapping).toEqual({ messages: 'conversations' });
    const convert = createRowConverter(mapping);
    expect(
      convert({
        id: 'x',
        conversations: [
          { from: 'system', value: 'Be kind.' },
          { from: 'human', value: 'Hello' },
          { from: 'gpt', value: 'Recorded' },
          { from: 'human', value: 'Bye' },
        ],
      }),
    ).toEqual({
      prompt: 'Be kind. Hello',
      messages: [
        { role: 'system', content: 'Be kind.' },
        { role: 'user', content: 'Hello' },
      ],
      turns: [{ content: 'Hello' }, { content: 'Bye' }],
    });
    expect(
      convert({
        conversations: [
          { from: 'human', value: 'Only one' },
          { from: 'gpt', value: 'Recorded' },
        ],
      }),
    ).toEqual({ prompt: 'Only one', messages: [{ role: 'user', content: 'Only one' }] });
  });

  it('says why a row cannot be sent', () => {
    const convert = createRowConverter({ messages: 'm' });
    expect(convert({ m: [{ role: 'tool', content: 'x' }] })).toEqual({
      skip: 'column "m", message 0: expected { role: system|user|assistant, content: text } or { from: system|human|gpt, value: text }, received an object with role "tool"',
    });
    expect(convert({ m: [{ role: 'assistant', content: 'only an answer' }] })).toEqual({
      skip: 'column "m": expected at least one user message',
    });
    expect(convert({ m: '[not json' })).toEqual({
      skip: 'column "m": expected a JSON list of messages, received "[not json"',
    });
    expect(convert({ m: [{ role: 'user', content: [{ type: 'image_url' }] }] })).toHaveProperty(
      'skip',
    );
  });
});

describe('column mapping on files', () => {
  it('maps named columns of a CSV file and errors in prepare with the columns found', async () => {
    const path = await dir.write('articles.csv', 'id,article,expected_tokens\n1,Read this,40\n');
    const { samples } = await readAll({
      path,
      columnMapper: { text_column: 'article', output_tokens_count_column: 'expected_tokens' },
    });
    expect(samples).toEqual([{ prompt: 'Read this', outputTokens: 40 }]);

    const error = await rejection(readAll({ path, columnMapper: { text_column: 'body' } }));
    expect(error).toBeInstanceOf(InferbenchError);
    expect((error as InferbenchError).code).toBe('ERR_DATA');
    expect(error.message).toBe(
      `data.columnMapper.text_column: expected a column named "body" in ${JSON.stringify(path)}, found columns: id, article, expected_tokens`,
    );
  });

  it('maps the keys of the first rows together, since JSON rows need not share them', async () => {
    const path = await dir.write(
      'ragged.jsonl',
      [
        { prompt: 'plain' },
        { prompt: 'with system', system: 'Be kind.' },
        { messages: [{ role: 'user', content: 'chat only' }] },
      ]
        .map((row) => JSON.stringify(row))
        .join('\n'),
    );
    const { samples, source } = await readAll({ path });
    expect(source.mapping).toEqual({ text: 'prompt', messages: 'messages', prefix: 'system' });
    expect(samples.map((sample) => sample.messages)).toEqual([
      undefined,
      [
        { role: 'system', content: 'Be kind.' },
        { role: 'user', content: 'with system' },
      ],
      [{ role: 'user', content: 'chat only' }],
    ]);
  });

  it('errors in prepare when a JSONL file has no prompt column, listing its keys', async () => {
    const path = await dir.write('unmapped.jsonl', '{"uid": 1, "body": "x"}\n');
    const error = await rejection(readAll({ path }));
    expect(error.message).toMatch(/found columns: uid, body$/);
  });
});
