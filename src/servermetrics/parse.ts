/**
 * Prometheus text exposition format (0.0.4, and the parts of OpenMetrics 1.0 a /metrics page
 * commonly carries) → flat samples. Histograms and summaries come out as their plain series
 * (`x_bucket{le="…"}`, `x_sum`, `x_count`); nothing is interpreted beyond one line at a time.
 *
 * Lenient on purpose: a malformed line is skipped and counted, never thrown, so one odd
 * exporter line cannot cost a whole scrape. Handles HELP/TYPE/other comments, `# EOF`,
 * CRLF, label values with escaped `\\`, `\"` and `\n`, trailing commas in label sets,
 * Prometheus 3 quoted (UTF-8) metric and label names, NaN/±Inf values, optional
 * timestamps and OpenMetrics exemplars (ignored).
 *
 * Kept behind {@link MetricsTextParser} so a library parser could replace it without touching
 * the mapping or the observer.
 */

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped' | 'unknown' | 'info' | 'stateset' | 'gaugehistogram';

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
  /** The sample's own timestamp as written (ms since epoch in 0.0.4), if it had one. */
  timestamp?: number;
}

export interface ParseOptions {
  /** Only keep samples whose metric name passes (checked before labels are parsed, so cheap). */
  accept?: (name: string) => boolean;
}

export interface ParseResult {
  samples: Sample[];
  /** `# TYPE` declarations by family name. */
  types: Map<string, MetricType>;
  /** Lines that could not be read (skipped). */
  malformed: number;
}

export interface MetricsTextParser {
  parse(text: string, opts?: ParseOptions): ParseResult;
}

const TYPES = new Set<string>(['counter', 'gauge', 'histogram', 'summary', 'untyped', 'unknown', 'info', 'stateset', 'gaugehistogram']);
const SUFFIXES = ['_bucket', '_sum', '_count', '_total', '_created', '_gsum', '_gcount', '_info'];

/** The declared type of a sample's family (`x_bucket` → the TYPE of `x`), if any. */
export function typeOf(types: Map<string, MetricType>, name: string): MetricType | undefined {
  const t = types.get(name);
  if (t) return t;
  for (const s of SUFFIXES) if (name.endsWith(s)) return types.get(name.slice(0, -s.length));
  return undefined;
}

/** Parses a number as Prometheus writes it: floats, NaN, +Inf, -Inf (case-insensitive). */
export function parseValue(tok: string): number | undefined {
  switch (tok.toLowerCase()) {
    case 'nan':
      return NaN;
    case '+inf':
    case 'inf':
      return Infinity;
    case '-inf':
      return -Infinity;
  }
  if (tok === '' || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(tok)) return undefined;
  return Number(tok);
}

export function parsePrometheusText(text: string, opts: ParseOptions = {}): ParseResult {
  const out: ParseResult = { samples: [], types: new Map(), malformed: 0 };
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const i = skipWs(line, 0);
    if (i >= line.length) continue;
    if (line[i] === '#') {
      const m = /^#\s+TYPE\s+(\S+)\s+(\S+)\s*$/.exec(line.slice(i));
      if (m && TYPES.has(m[2]!.toLowerCase())) out.types.set(m[1]!, m[2]!.toLowerCase() as MetricType);
      continue; // HELP, EOF and free comments carry no samples
    }
    const r = parseSampleLine(line, i, opts.accept);
    if (r === 'skip') continue;
    if (r === undefined) out.malformed++;
    else out.samples.push(r);
  }
  return out;
}

export const prometheusTextParser: MetricsTextParser = { parse: parsePrometheusText };

const NAME_START = /[a-zA-Z_:]/;
const NAME_CHAR = /[a-zA-Z0-9_:]/;

function parseSampleLine(line: string, start: number, accept: ((n: string) => boolean) | undefined): Sample | undefined | 'skip' {
  let i = start;
  let name = '';
  if (NAME_START.test(line[i]!)) {
    while (i < line.length && NAME_CHAR.test(line[i]!)) i++;
    name = line.slice(start, i);
    if (accept && !accept(name)) return 'skip';
  } else if (line[i] !== '{') return undefined;
  const labels: Record<string, string> = {};
  if (name !== '' && line[skipWs(line, i)] === '{') i = skipWs(line, i);
  if (line[i] === '{') {
    i++;
    for (;;) {
      i = skipWs(line, i);
      if (line[i] === '}') {
        i++;
        break;
      }
      let key: string;
      if (line[i] === '"') {
        const s = readQuoted(line, i);
        if (!s) return undefined;
        i = skipWs(line, s.end);
        if (line[i] !== '=') {
          // Prometheus 3: a lone quoted string inside the braces is the metric name.
          if (name !== '') return undefined;
          name = s.value;
          if (accept && !accept(name)) return 'skip';
          if (line[i] === ',') i++;
          continue;
        }
        key = s.value;
      } else {
        const k0 = i;
        if (!/[a-zA-Z_]/.test(line[i] ?? '')) return undefined;
        while (i < line.length && /[a-zA-Z0-9_]/.test(line[i]!)) i++;
        key = line.slice(k0, i);
        i = skipWs(line, i);
      }
      if (line[i] !== '=') return undefined;
      i = skipWs(line, i + 1);
      const v = readQuoted(line, i);
      if (!v) return undefined;
      labels[key] = v.value;
      i = skipWs(line, v.end);
      if (line[i] === ',') i++;
      else if (line[i] !== '}') return undefined;
    }
  }
  if (name === '') return undefined;
  if (Object.keys(labels).length === 0 && line[i - 1] !== '}' && line[i] !== ' ' && line[i] !== '\t') return undefined; // `name` must end at a space
  const rest = line
    .slice(i)
    .trim()
    .split(/[ \t]+/);
  const value = parseValue(rest[0] ?? '');
  if (value === undefined) return undefined;
  const sample: Sample = { name, labels, value };
  let next = 1;
  if (rest[next] !== undefined && rest[next] !== '#') {
    const ts = Number(rest[next]);
    if (rest[next] === '' || !Number.isFinite(ts)) return undefined;
    sample.timestamp = ts;
    next++;
  }
  // Anything further must be an OpenMetrics exemplar (`# {…} v [ts]`), which we ignore.
  if (rest[next] !== undefined && rest[next] !== '#') return undefined;
  return sample;
}

function skipWs(s: string, i: number): number {
  while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
  return i;
}

/** Reads a double-quoted string at `i` with \\, \" and \n escapes; other escapes stay literal. */
function readQuoted(s: string, i: number): { value: string; end: number } | undefined {
  if (s[i] !== '"') return undefined;
  let out = '';
  for (let j = i + 1; j < s.length; j++) {
    const c = s[j]!;
    if (c === '"') return { value: out, end: j + 1 };
    if (c === '\\' && j + 1 < s.length) {
      const n = s[++j]!;
      out += n === 'n' ? '\n' : n === '\\' || n === '"' ? n : '\\' + n;
    } else out += c;
  }
  return undefined; // unterminated
}
