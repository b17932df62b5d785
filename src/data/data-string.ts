import { existsSync } from 'node:fs';
import { InferbenchError } from '../errors.js';
import { describeReceived } from '../internal/messages.js';
import { looksLikeFileSpec, parseFileDataSpec, type FileDataSpec } from './file-spec.js';
import { KNOWN_EXTENSIONS, formatFromPath } from './files/file-format.js';
import { looksLikeHubDataset, parseHubDataSpec, type HubDataSpec } from './hub-spec.js';
import { looksLikeScenario, parseScenario } from './scenario.js';
import {
  parseSyntheticShorthand,
  parseSyntheticSpec,
  type SyntheticDataSpec,
} from './synthetic-spec.js';

/** Keys that may follow a scenario: the scenario already sets every length. */
const SCENARIO_EXTRAS = new Set([
  'prefix_tokens',
  'prefix_count',
  'samples',
  'prefixTokens',
  'prefixCount',
  'turns',
]);

/** A scenario, optionally followed by `,prefix_tokens=…,prefix_count=…,samples=…`. */
function parseScenarioWithExtras(text: string, field: string): SyntheticDataSpec {
  const close = text.lastIndexOf(')');
  const scenario = parseScenario(close < 0 ? text : text.slice(0, close + 1), field);
  const rest = close < 0 ? '' : text.slice(close + 1).trim();
  if (rest === '') return scenario;
  if (!rest.startsWith(',')) {
    throw new InferbenchError(
      'ERR_INVALID_ARGS',
      `${field}: expected a scenario optionally followed by ",prefix_tokens=…", received ${describeReceived(text)}`,
      { field },
    );
  }
  const extras: Record<string, string> = {};
  for (const part of rest.slice(1).split(',')) {
    const equals = part.indexOf('=');
    const key = part.slice(0, Math.max(0, equals)).trim();
    if (!SCENARIO_EXTRAS.has(key)) {
      throw new InferbenchError(
        'ERR_INVALID_ARGS',
        `${field}: after a scenario, expected only prefix_tokens, prefix_count, samples or turns, received ${describeReceived(part.trim())}`,
        { field },
      );
    }
    extras[key] = part.slice(equals + 1).trim();
  }
  return parseSyntheticSpec({ ...scenario, ...extras }, field);
}

/**
 * Parses a `data` string into a data spec. The kinds are told apart in this order:
 * 1. a genai-bench scenario (`D(100,100)`, optionally followed by `,prefix_tokens=…`);
 * 2. GuideLLM file data (`kind=json_file,path=…`, or JSON with `"kind": "…_file"` or
 *    `"type": "file"`), or Hub data as JSON (`{"type": "hub", …}`);
 * 3. GuideLLM-style synthetic shorthand: JSON, or a first part holding `=`
 *    (`prompt_tokens=256,output_tokens=128`);
 * 4. a Hugging Face dataset named outright: `hf://datasets/org/name` or `hf:org/name`;
 * 5. an existing file (optionally followed by data args: `prompts.csv,text_column=question`);
 * 6. a name with a data file extension that does not exist: a missing file;
 * 7. `org/name` or `org/name@revision` (one `/`, no leading `.`, `/` or `~`): a Hugging Face
 *    dataset id, optionally followed by data args (`openai/gsm8k,split=test,config=main`).
 * A local folder `org/name` therefore wins over the Hub dataset of that name; `hf:` forces the Hub.
 *
 * @throws InferbenchError `ERR_INVALID_ARGS` for a malformed spec, `ERR_DATA` for a missing file.
 */
export function parseDataString(
  text: string,
  field = 'data',
): SyntheticDataSpec | FileDataSpec | HubDataSpec {
  const trimmed = text.trim();
  if (looksLikeScenario(trimmed)) return parseScenarioWithExtras(trimmed, field);
  if (looksLikeFileSpec(trimmed)) return parseFileDataSpec(trimmed, field);
  if (trimmed.startsWith('{') && /"type"\s*:\s*"hub"/.test(trimmed)) {
    return parseHubDataSpec(trimmed, field);
  }
  const head = trimmed.split(',')[0]!.trim();
  if (trimmed.startsWith('{') || head.includes('=')) return parseSyntheticShorthand(trimmed, field);
  if (head.startsWith('hf:')) return parseHubDataSpec(trimmed, field);
  if (existsSync(head)) return parseFileDataSpec(trimmed, field);
  const named = formatFromPath(head) !== undefined;
  if (!named && looksLikeHubDataset(head)) return parseHubDataSpec(trimmed, field);
  const reason = named
    ? 'no such file'
    : `no such file, not a data file name (${KNOWN_EXTENSIONS.join(', ')}, optionally .gz), and not a Hugging Face dataset id (org/name)`;
  throw new InferbenchError(
    'ERR_DATA',
    `${field}: expected a synthetic spec such as "prompt_tokens=256,output_tokens=128", a scenario such as "D(100,100)", a data file or a Hugging Face dataset id such as "openai/gsm8k", received ${describeReceived(text)} (${reason})`,
    { field },
  );
}
