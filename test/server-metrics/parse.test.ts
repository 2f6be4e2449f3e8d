/** Prometheus text format parser: edge cases of the exposition format. */
import { expect, test } from 'vitest';
import { parsePrometheusText, parseValue, typeOf } from '../../src/servermetrics/parse.js';

test('comments, HELP and TYPE carry no samples; TYPE is recorded per family', () => {
  const r = parsePrometheusText(['# HELP a_total A counter with a # in its help', '# TYPE a_total counter', '# just a comment', '#', 'a_total 3', '# EOF'].join('\n'));
  expect(r.samples).toEqual([{ name: 'a_total', labels: {}, value: 3 }]);
  expect(r.types.get('a_total')).toBe('counter');
  expect(r.malformed).toBe(0);
});

test('labels: escaped quotes, backslashes and newlines; commas and braces inside values; trailing comma; spacing', () => {
  const text = String.raw`m{path="C:\\dir\\x",msg="say \"hi\"\nbye",odd="a,b}c=d", trail="x",} 1.5` + '\n' + 'm { a = "1" , b="2" }\t2';
  const r = parsePrometheusText(text);
  expect(r.malformed).toBe(0);
  expect(r.samples[0]!.labels).toEqual({ path: 'C:\\dir\\x', msg: 'say "hi"\nbye', odd: 'a,b}c=d', trail: 'x' });
  expect(r.samples[0]!.value).toBe(1.5);
  expect(r.samples[1]).toEqual({ name: 'm', labels: { a: '1', b: '2' }, value: 2 });
});

test('special values, exponents and timestamps', () => {
  const r = parsePrometheusText(['a +Inf', 'b -Inf', 'c NaN', 'd 1.2e+06', 'e -0.5 1712345678901', 'f{x="y"} 7 -12', 'g .5', 'h 3.'].join('\r\n'));
  const v = Object.fromEntries(r.samples.map((s) => [s.name, s]));
  expect(v.a!.value).toBe(Infinity);
  expect(v.b!.value).toBe(-Infinity);
  expect(Number.isNaN(v.c!.value)).toBe(true);
  expect(v.d!.value).toBe(1_200_000);
  expect(v.e).toEqual({ name: 'e', labels: {}, value: -0.5, timestamp: 1712345678901 });
  expect(v.f!.timestamp).toBe(-12);
  expect(v.g!.value).toBe(0.5);
  expect(v.h!.value).toBe(3);
  expect(parseValue('inf')).toBe(Infinity);
  expect(parseValue('')).toBeUndefined();
  expect(parseValue('0x10')).toBeUndefined();
});

test('histograms and summaries come out as plain series; the family TYPE applies to its suffixes', () => {
  const text = [
    '# TYPE lat_seconds histogram',
    'lat_seconds_bucket{le="0.1"} 2',
    'lat_seconds_bucket{le="+Inf"} 5',
    'lat_seconds_sum 1.25',
    'lat_seconds_count 5',
    '# TYPE rpc summary',
    'rpc{quantile="0.99"} 0.3',
    'rpc_sum 9',
    'rpc_count 40',
  ].join('\n');
  const r = parsePrometheusText(text);
  expect(r.samples.map((s) => s.name)).toEqual(['lat_seconds_bucket', 'lat_seconds_bucket', 'lat_seconds_sum', 'lat_seconds_count', 'rpc', 'rpc_sum', 'rpc_count']);
  expect(r.samples[1]!.labels.le).toBe('+Inf');
  expect(typeOf(r.types, 'lat_seconds_bucket')).toBe('histogram');
  expect(typeOf(r.types, 'rpc_count')).toBe('summary');
  expect(typeOf(r.types, 'nope')).toBeUndefined();
});

test('OpenMetrics exemplars are ignored; Prometheus 3 quoted names are read', () => {
  const r = parsePrometheusText(
    ['foo_bucket{le="1"} 4 # {trace_id="abc"} 0.7 1712345678.1', '{"my.metric", "some.label"="v"} 2', 'vllm:num_requests_running{model_name="m"} 1'].join('\n'),
  );
  expect(r.malformed).toBe(0);
  expect(r.samples[0]).toEqual({ name: 'foo_bucket', labels: { le: '1' }, value: 4 });
  expect(r.samples[1]).toEqual({ name: 'my.metric', labels: { 'some.label': 'v' }, value: 2 });
  expect(r.samples[2]!.name).toBe('vllm:num_requests_running');
});

test('malformed lines are counted and skipped, the rest still parses', () => {
  const bad = ['no_value', 'x{a="unterminated} 1', 'y{a=1} 2', 'z 1 2 3', 'w abc', '9bad 1', 'v{="x"} 1', 'u+1 2', 'ok 1'];
  const r = parsePrometheusText(bad.join('\n'));
  expect(r.samples).toEqual([{ name: 'ok', labels: {}, value: 1 }]);
  expect(r.malformed).toBe(bad.length - 1);
});

test('accept filters by name before labels are read', () => {
  const r = parsePrometheusText('keep{a="1"} 1\ndrop{a="unterminated} 2\nkeep 3', { accept: (n) => n === 'keep' });
  expect(r.samples.map((s) => s.value)).toEqual([1, 3]);
  expect(r.malformed).toBe(0);
});

test('empty input and blank lines', () => {
  expect(parsePrometheusText('').samples).toEqual([]);
  expect(parsePrometheusText('\n\n   \n\t\n').malformed).toBe(0);
});
