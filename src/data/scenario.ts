import { InferbenchError } from '../errors.js';
import { describeReceived } from '../internal/messages.js';
import type { SyntheticDataSpec } from './synthetic-spec.js';

const PAIR = String.raw`\(\s*(\d+)\s*,\s*(\d+)\s*\)`;
const SCENARIO = new RegExp(String.raw`^\s*([DNU])\s*${PAIR}(?:\s*/\s*${PAIR})?\s*$`);

/** True when a `data` string starts like a genai-bench traffic scenario: `D(`, `N(` or `U(`. */
export function looksLikeScenario(text: string): boolean {
  return /^\s*[DNU]\s*\(/.test(text);
}

function invalid(field: string, text: string, expected: string): InferbenchError {
  return new InferbenchError(
    'ERR_INVALID_ARGS',
    `${field}: expected ${expected}, received ${describeReceived(text)}`,
    { field },
  );
}

/**
 * Parses a genai-bench traffic scenario into a synthetic spec, with genai-bench's meaning
 * (input is the prompt, output the output budget):
 *
 * - `D(in,out)`: exactly `in` prompt tokens and `out` output tokens.
 * - `N(inMean,inStdev)/(outMean,outStdev)`: normal lengths; the first pair is the prompt's mean
 *   and standard deviation, the second the output's. As in genai-bench, prompts are at least 1
 *   token and outputs at least 2; the upper bound is the mean plus 5 deviations.
 * - `U(inMin,inMax)/(outMin,outMax)`: uniform integer lengths within each range; `U(inMax,outMax)`
 *   draws from 1 (prompt) and 2 (output) up to the maxima. Outputs are at least 2 tokens.
 *
 * @example
 * ```ts
 * parseScenario('N(480,240)/(300,150)');
 * // { type: 'synthetic', promptTokens: 480, promptTokensStdev: 240, promptTokensMin: 1,
 * //   outputTokens: 300, outputTokensStdev: 150, outputTokensMin: 2 }
 * ```
 * @throws InferbenchError `ERR_INVALID_ARGS` naming `field` and the expected grammar.
 */
export function parseScenario(text: string, field = 'data'): SyntheticDataSpec {
  const match = SCENARIO.exec(text);
  // Name the grammar of the kind the user meant even when the rest does not parse.
  const kind = match?.[1] ?? /^\s*([DNU])\s*\(/.exec(text)?.[1];
  const numbers = (match?.slice(2) ?? []).filter((part) => part !== undefined).map(Number);
  if (kind === 'D') {
    const [input, output] = numbers;
    if (numbers.length !== 2 || input! < 1 || output! < 1) {
      throw invalid(
        field,
        text,
        'D(prompt_tokens,output_tokens) with integers >= 1, e.g. "D(100,100)"',
      );
    }
    return { type: 'synthetic', promptTokens: input!, outputTokens: output! };
  }
  if (kind === 'N') {
    const [inMean, inStdev, outMean, outStdev] = numbers;
    if (numbers.length !== 4 || inMean! < 1 || outMean! < 2) {
      throw invalid(
        field,
        text,
        'N(prompt_mean,prompt_stdev)/(output_mean,output_stdev) with means >= 1 (prompt) and >= 2 (output), e.g. "N(480,240)/(300,150)"',
      );
    }
    const spec: SyntheticDataSpec = {
      type: 'synthetic',
      promptTokens: inMean!,
      outputTokens: outMean!,
    };
    if (inStdev! > 0) Object.assign(spec, { promptTokensStdev: inStdev!, promptTokensMin: 1 });
    if (outStdev! > 0) Object.assign(spec, { outputTokensStdev: outStdev!, outputTokensMin: 2 });
    return spec;
  }
  if (kind === 'U') {
    const [inMin, inMax, outMin, outMax] =
      numbers.length === 2 ? [1, numbers[0]!, 2, numbers[1]!] : numbers;
    const ok =
      (numbers.length === 2 || numbers.length === 4) &&
      inMin! >= 1 &&
      inMax! >= inMin! &&
      outMax! >= Math.max(2, outMin!);
    if (!ok) {
      throw invalid(
        field,
        text,
        'U(prompt_min,prompt_max)/(output_min,output_max) or U(prompt_max,output_max) with 1 <= min <= max and output_max >= 2, e.g. "U(50,100)/(50,150)"',
      );
    }
    const outLow = Math.max(2, outMin!);
    return {
      type: 'synthetic',
      promptTokens: Math.round((inMin! + inMax!) / 2),
      promptTokensMin: inMin!,
      promptTokensMax: inMax!,
      outputTokens: Math.round((outLow + outMax!) / 2),
      outputTokensMin: outLow,
      outputTokensMax: outMax!,
    };
  }
  throw invalid(
    field,
    text,
    'a traffic scenario such as "D(100,100)", "N(480,240)/(300,150)" or "U(50,100)/(50,150)"',
  );
}
