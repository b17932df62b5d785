/** A metric family's type, as its `# TYPE` line declares it (`untyped` when none does). */
export type PrometheusMetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

/** One sample line: the full sample name (with any `_bucket`, `_sum`, … suffix), labels, value. */
export interface PrometheusSample {
  name: string;
  labels: Readonly<Record<string, string>>;
  /** May be `NaN`, `Infinity` or `-Infinity`, as the format allows. */
  value: number;
  /** The sample's own timestamp in ms since the epoch, when the exposition gives one. */
  timestampMs?: number;
}

/** The samples of one metric family with its declared type and help text. */
export interface PrometheusMetricFamily {
  name: string;
  type: PrometheusMetricType;
  help: string | undefined;
  samples: PrometheusSample[];
}

/** A parsed exposition: its families in order, and how many lines could not be read. */
export interface PrometheusExposition {
  families: PrometheusMetricFamily[];
  /** Lines that are neither comments nor valid samples; they are skipped, never fatal. */
  invalidLines: number;
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;

/** Suffixes a sample may add to its family's name, by the family's type. */
const SUFFIXES: Record<PrometheusMetricType, readonly string[]> = {
  counter: ['_total', '_created'],
  gauge: [],
  histogram: ['_bucket', '_count', '_sum', '_created'],
  summary: ['_count', '_sum', '_created'],
  untyped: [],
};

/** OpenMetrics types read as their nearest Prometheus type. */
const TYPE_NAMES: Record<string, PrometheusMetricType> = {
  counter: 'counter',
  gauge: 'gauge',
  histogram: 'histogram',
  summary: 'summary',
  untyped: 'untyped',
  unknown: 'untyped',
  gaugehistogram: 'histogram',
  info: 'gauge',
  stateset: 'gauge',
};

function unescape(text: string, quotes: boolean): string {
  if (!text.includes('\\')) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char !== '\\' || i + 1 === text.length) {
      out += char;
      continue;
    }
    const next = text[++i]!;
    if (next === 'n') out += '\n';
    else if (next === '\\') out += '\\';
    else if (next === '"' && quotes) out += '"';
    else out += `\\${next}`;
  }
  return out;
}

function parseValue(text: string): number | undefined {
  switch (text) {
    case 'NaN':
      return NaN;
    case '+Inf':
    case 'Inf':
      return Infinity;
    case '-Inf':
      return -Infinity;
  }
  // Number('') is 0 and Number('0x1') is 1: accept decimal notation only.
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return undefined;
  return Number(text);
}

/** Reads `{name="value",…}` at `start`; returns the labels and the index after `}`. */
function parseLabels(
  line: string,
  start: number,
): { labels: Record<string, string>; end: number } | undefined {
  const labels: Record<string, string> = {};
  let i = start + 1;
  for (;;) {
    while (line[i] === ' ' || line[i] === '\t') i++;
    if (line[i] === '}') return { labels, end: i + 1 };
    const name = LABEL_NAME.exec(line.slice(i));
    if (name === null) return undefined;
    i += name[0].length;
    while (line[i] === ' ' || line[i] === '\t') i++;
    if (line[i++] !== '=') return undefined;
    while (line[i] === ' ' || line[i] === '\t') i++;
    if (line[i++] !== '"') return undefined;
    let value = '';
    let closed = false;
    for (; i < line.length; i++) {
      const char = line[i]!;
      if (char === '\\' && i + 1 < line.length) {
        value += char + line[++i]!;
      } else if (char === '"') {
        closed = true;
        i++;
        break;
      } else value += char;
    }
    if (!closed) return undefined;
    labels[name[0]] = unescape(value, true);
    while (line[i] === ' ' || line[i] === '\t') i++;
    if (line[i] === ',') i++;
    else if (line[i] !== '}') return undefined;
  }
}

function parseSample(line: string): PrometheusSample | undefined {
  const name = METRIC_NAME.exec(line);
  if (name === null) return undefined;
  let i = name[0].length;
  while (line[i] === ' ' || line[i] === '\t') i++;
  let labels: Record<string, string> = {};
  if (line[i] === '{') {
    const parsed = parseLabels(line, i);
    if (parsed === undefined) return undefined;
    labels = parsed.labels;
    i = parsed.end;
  }
  // An OpenMetrics exemplar (` # {…} value`) follows the sample; it is not part of it.
  let rest = line.slice(i);
  const exemplar = rest.indexOf('#');
  if (exemplar !== -1) rest = rest.slice(0, exemplar);
  const fields = rest.trim().split(/[ \t]+/);
  if (fields.length < 1 || fields.length > 2 || fields[0] === '') return undefined;
  const value = parseValue(fields[0]!);
  if (value === undefined) return undefined;
  const sample: PrometheusSample = { name: name[0], labels, value };
  if (fields.length === 2) {
    const timestamp = Number(fields[1]);
    if (!Number.isFinite(timestamp)) return undefined;
    // OpenMetrics timestamps are seconds (with a fraction); Prometheus text ones are integer ms.
    sample.timestampMs = fields[1]!.includes('.') ? timestamp * 1000 : timestamp;
  }
  return sample;
}

/**
 * Parses the Prometheus text exposition format (version 0.0.4, as vLLM, SGLang, TGI, llama.cpp
 * and the DCGM exporter serve it) and reads the OpenMetrics text that some servers send in its
 * place: `# EOF`, `# UNIT`, exemplars and `_created` samples are accepted. Samples are grouped
 * into the family their `# TYPE` line declares (a histogram's `_bucket`, `_sum` and `_count`
 * go to the histogram); a sample no family claims forms an `untyped` family of its own. Lines
 * that cannot be read are counted and skipped, so one odd line never loses a scrape.
 *
 * @example
 * ```ts
 * const { families } = parsePrometheusText('# TYPE up gauge\nup{job="vllm"} 1\n');
 * families[0]; // { name: 'up', type: 'gauge', help: undefined, samples: [{ name: 'up', labels: { job: 'vllm' }, value: 1 }] }
 * ```
 */
export function parsePrometheusText(text: string): PrometheusExposition {
  const families: PrometheusMetricFamily[] = [];
  const byName = new Map<string, PrometheusMetricFamily>();
  let invalidLines = 0;

  function family(name: string): PrometheusMetricFamily {
    let found = byName.get(name);
    if (found === undefined) {
      found = { name, type: 'untyped', help: undefined, samples: [] };
      byName.set(name, found);
      families.push(found);
    }
    return found;
  }

  function owner(sampleName: string): PrometheusMetricFamily {
    const exact = byName.get(sampleName);
    if (exact !== undefined) return exact;
    for (const suffix of ['_bucket', '_count', '_sum', '_total', '_created']) {
      if (!sampleName.endsWith(suffix)) continue;
      const candidate = byName.get(sampleName.slice(0, -suffix.length));
      if (candidate !== undefined && SUFFIXES[candidate.type].includes(suffix)) return candidate;
    }
    return family(sampleName);
  }

  for (const rawLine of text.split('\n')) {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (line.trim() === '') continue;
    if (line.startsWith('#')) {
      const meta = /^#[ \t]+(HELP|TYPE)[ \t]+([a-zA-Z_:][a-zA-Z0-9_:]*)(?:[ \t]+(.*))?$/.exec(line);
      if (meta === null) continue;
      const [, keyword, name, rest = ''] = meta;
      const target = family(name!);
      if (keyword === 'HELP') target.help = unescape(rest, false);
      else {
        const type = TYPE_NAMES[rest.trim().toLowerCase()];
        if (type === undefined) invalidLines++;
        else target.type = type;
      }
      continue;
    }
    const sample = parseSample(line.trim());
    if (sample === undefined) {
      invalidLines++;
      continue;
    }
    owner(sample.name).samples.push(sample);
  }
  // A family that only had metadata, or only `_created` samples, says nothing about a value.
  return {
    families: families.filter((item) => item.samples.length > 0),
    invalidLines,
  };
}
