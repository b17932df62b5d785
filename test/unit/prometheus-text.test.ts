import { describe, expect, it } from 'vitest';
import { parsePrometheusText } from '../../src/server-metrics/prometheus-text.js';

// The shape Python's prometheus_client gives vLLM's metrics: `_total` on counter families,
// a `_created` gauge beside each counter and histogram, labels in declaration order, floats.
const VLLM_TEXT = `# HELP vllm:num_requests_running Number of requests in model execution batches.
# TYPE vllm:num_requests_running gauge
vllm:num_requests_running{engine="0",model_name="Qwen/Qwen2.5-0.5B-Instruct"} 3.0
# HELP vllm:num_preemptions_total Cumulative number of preemption from the engine.
# TYPE vllm:num_preemptions_total counter
vllm:num_preemptions_total{engine="0",model_name="Qwen/Qwen2.5-0.5B-Instruct"} 2.0
# HELP vllm:num_preemptions_created Cumulative number of preemption from the engine.
# TYPE vllm:num_preemptions_created gauge
vllm:num_preemptions_created{engine="0",model_name="Qwen/Qwen2.5-0.5B-Instruct"} 1.7491e+09
# HELP vllm:time_to_first_token_seconds Histogram of time to first token in seconds.
# TYPE vllm:time_to_first_token_seconds histogram
vllm:time_to_first_token_seconds_bucket{engine="0",le="0.02",model_name="Qwen/Qwen2.5-0.5B-Instruct"} 1.0
vllm:time_to_first_token_seconds_bucket{engine="0",le="0.04",model_name="Qwen/Qwen2.5-0.5B-Instruct"} 3.0
vllm:time_to_first_token_seconds_bucket{engine="0",le="+Inf",model_name="Qwen/Qwen2.5-0.5B-Instruct"} 4.0
vllm:time_to_first_token_seconds_count{engine="0",model_name="Qwen/Qwen2.5-0.5B-Instruct"} 4.0
vllm:time_to_first_token_seconds_sum{engine="0",model_name="Qwen/Qwen2.5-0.5B-Instruct"} 0.125
vllm:time_to_first_token_seconds_bucket{engine="1",le="0.02",model_name="Qwen/Qwen2.5-0.5B-Instruct"} 0.0
vllm:time_to_first_token_seconds_bucket{engine="1",le="0.04",model_name="Qwen/Qwen2.5-0.5B-Instruct"} 0.0
vllm:time_to_first_token_seconds_bucket{engine="1",le="+Inf",model_name="Qwen/Qwen2.5-0.5B-Instruct"} 1.0
vllm:time_to_first_token_seconds_count{engine="1",model_name="Qwen/Qwen2.5-0.5B-Instruct"} 1.0
vllm:time_to_first_token_seconds_sum{engine="1",model_name="Qwen/Qwen2.5-0.5B-Instruct"} 0.5
`;

describe('parsePrometheusText', () => {
  it('groups the samples of a vLLM exposition into typed families', () => {
    const { families, invalidLines } = parsePrometheusText(VLLM_TEXT);
    expect(invalidLines).toBe(0);
    expect(families.map((family) => [family.name, family.type])).toEqual([
      ['vllm:num_requests_running', 'gauge'],
      ['vllm:num_preemptions_total', 'counter'],
      ['vllm:num_preemptions_created', 'gauge'],
      ['vllm:time_to_first_token_seconds', 'histogram'],
    ]);
    const running = families[0]!;
    expect(running.help).toBe('Number of requests in model execution batches.');
    expect(running.samples).toEqual([
      {
        name: 'vllm:num_requests_running',
        labels: { engine: '0', model_name: 'Qwen/Qwen2.5-0.5B-Instruct' },
        value: 3,
      },
    ]);
    const ttft = families[3]!;
    expect(ttft.samples).toHaveLength(10);
    expect(ttft.samples[2]).toMatchObject({
      name: 'vllm:time_to_first_token_seconds_bucket',
      labels: { le: '+Inf', engine: '0' },
      value: 4,
    });
    expect(families[2]!.samples[0]!.value).toBe(1.7491e9);
  });

  it('reads escapes, special values, timestamps and untyped samples', () => {
    const text = [
      '# HELP odd A help with a \\\\ backslash\\nand a new line.',
      '# TYPE odd gauge',
      'odd{path="C:\\\\dir",quote="say \\"hi\\"",multi="a\\nb",comma="x,y",} NaN',
      'odd{path="inf"} +Inf 1700000000000',
      'odd{path="neg"}   -Inf',
      'plain_metric 42',
      'spaced { a = "1" } 7',
    ].join('\n');
    const { families, invalidLines } = parsePrometheusText(text);
    expect(invalidLines).toBe(0);
    const odd = families.find((family) => family.name === 'odd')!;
    expect(odd.help).toBe('A help with a \\ backslash\nand a new line.');
    expect(odd.samples[0]!.labels).toEqual({
      path: 'C:\\dir',
      quote: 'say "hi"',
      multi: 'a\nb',
      comma: 'x,y',
    });
    expect(odd.samples[0]!.value).toBeNaN();
    expect(odd.samples[1]).toMatchObject({ value: Infinity, timestampMs: 1_700_000_000_000 });
    expect(odd.samples[2]!.value).toBe(-Infinity);
    expect(families.find((family) => family.name === 'plain_metric')).toMatchObject({
      type: 'untyped',
      samples: [{ value: 42 }],
    });
    expect(families.find((family) => family.name === 'spaced')!.samples[0]!.labels).toEqual({
      a: '1',
    });
  });

  it('reads OpenMetrics text: counter families without _total, exemplars, UNIT and EOF', () => {
    const text = [
      '# TYPE requests counter',
      '# UNIT requests requests',
      '# HELP requests Requests served.',
      'requests_total{code="200"} 10 # {trace_id="abc"} 1.0 1700000000.5',
      'requests_created{code="200"} 1700000000.25',
      '# TYPE info_metric info',
      'info_metric_info{version="1"} 1',
      '# EOF',
    ].join('\n');
    const { families, invalidLines } = parsePrometheusText(text);
    expect(invalidLines).toBe(0);
    const requests = families.find((family) => family.name === 'requests')!;
    expect(requests.type).toBe('counter');
    expect(requests.samples.map((sample) => [sample.name, sample.value])).toEqual([
      ['requests_total', 10],
      ['requests_created', 1_700_000_000.25],
    ]);
  });

  it('skips and counts lines it cannot read, keeping the rest of the scrape', () => {
    const text = [
      'good 1',
      'bad{unterminated="x} 2',
      'bad_value abc',
      'too many fields 1 2 3',
      '# TYPE strange_type wibble',
      'good_too{a="b"} 0x10',
      'last 3',
    ].join('\n');
    const { families, invalidLines } = parsePrometheusText(text);
    expect(invalidLines).toBe(5);
    expect(families.map((family) => family.name)).toEqual(['good', 'last']);
  });
});
