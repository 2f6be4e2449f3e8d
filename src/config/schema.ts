/**
 * The JSON Schema of loadgate.yml. One schema serves twice: the parser validates with it (so the
 * published file can never drift from what is accepted) and editors autocomplete from the copy in
 * schema/loadgate.schema.json (a test keeps the two equal).
 */

import { WORKLOAD_SCHEMA } from '../workload/schema.js';

/** Durations: 500ms, 30s, 5m, 1h (or a bare number of seconds). */
export const DURATION_PATTERN = '^\\s*\\d+(\\.\\d+)?\\s*(ms|s|m|h)?\\s*$';
const duration = { type: 'string', pattern: DURATION_PATTERN, description: 'A duration: 500ms, 30s, 5m, 1h.' } as const;
const positive = { type: 'number', exclusiveMinimum: 0 } as const;
const posInt = { type: 'integer', minimum: 1 } as const;
const fraction = { type: 'number', exclusiveMinimum: 0, maximum: 1 } as const;

/** SLA rule keys: <metric>_<stat>_ms for latencies, plus error_rate and goodput_ratio. */
export const SLA_KEY_PATTERN = '^(ttft|ttfc|itl|tpot|e2e)_(p50|p90|p95|p99|max|mean)_ms$';

/** A chaos fault or restore: exactly one of command, http, sim. */
const chaosAction = {
  type: 'object',
  additionalProperties: false,
  properties: {
    command: {
      description: 'Run without a shell, like deploy-command: a command line ("kubectl delete pod x") or an argv list. Gets no API key and no INPUT_* variables.',
      anyOf: [
        { type: 'string', minLength: 1 },
        { type: 'array', items: { type: 'string' }, minItems: 1 },
      ],
    },
    http: {
      type: 'object',
      additionalProperties: false,
      required: ['url'],
      description: "An HTTP call, e.g. the simulator's POST /admin/faults.",
      properties: {
        method: { enum: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] },
        url: { type: 'string', pattern: '^https?://' },
        body: { description: 'A string, or any JSON value (sent as application/json).' },
        headers: { type: 'object', additionalProperties: { type: 'string' } },
      },
    },
    sim: {
      type: 'object',
      description:
        "The built-in simulator's faults (crashes: [{replica, atMs, recoverAfterMs, detectionMs}], errorRate, latencyMs, resetRate…): in process, or POSTed to <target>/admin/faults.",
    },
  },
} as const;

export const CONFIG_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://github.com/llm-loadgate/llm-loadgate/schema/loadgate.schema.json',
  title: 'llm-loadgate configuration (loadgate.yml)',
  type: 'object',
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, pattern: '^[A-Za-z0-9._-]+$', description: 'Gate name: names the baseline file and the PR comment.' },
    mode: {
      enum: ['saturation', 'capacity-at-sla'],
      description: 'saturation: find the breaking point then validate the SLA at an operating point. capacity-at-sla: the highest load whose SLA holds.',
    },
    target: {
      type: 'object',
      additionalProperties: false,
      properties: {
        url: { type: 'string', pattern: '^https?://', description: 'Base URL, with or without /v1.' },
        model: { type: 'string', minLength: 1 },
        endpoint: { enum: ['chat', 'completions'] },
        stream: { type: 'boolean' },
        api_key_env: { type: 'string', minLength: 1, description: 'Name of the environment variable holding the API key (never the key itself).' },
        label: { type: 'string', description: 'A label for the target (e.g. staging-h100), part of the baseline fingerprint.' },
        hardware: { type: 'string', description: 'A hardware note (e.g. 1x H100 80GB), part of the baseline fingerprint.' },
        headers: { type: 'object', additionalProperties: { type: 'string' } },
        timeouts: {
          type: 'object',
          additionalProperties: false,
          properties: { connect: duration, first_byte: duration, idle: duration, total: duration },
        },
      },
    },
    workload: WORKLOAD_SCHEMA,
    warmup: {
      type: 'object',
      additionalProperties: false,
      properties: { requests: { type: 'integer', minimum: 0 }, concurrency: posInt, timeout: duration },
    },
    baseline: {
      type: 'object',
      additionalProperties: false,
      properties: { rate: positive, concurrency: posInt, duration },
    },
    saturation: {
      type: 'object',
      additionalProperties: false,
      properties: {
        strategy: { enum: ['search', 'steps'] },
        load: { enum: ['rate', 'concurrency'], description: 'rate: open loop (req/s). concurrency: closed loop (users).' },
        arrival: { enum: ['constant', 'poisson'] },
        levels: { type: 'array', items: positive, minItems: 1, description: 'steps strategy: the levels to run, ascending.' },
        stop_at_first_saturated: { type: 'boolean' },
        start: {
          ...positive,
          description: "search: first level. Default (open loop): 1 / the baseline's median E2E, the rate one request at a time sustains; 1 user in closed loop.",
        },
        max: positive,
        precision: { ...fraction, description: 'search strategy: stop when (first saturated − last good) / last good ≤ this.' },
        level_duration: { ...duration, description: 'Duration of each steps level, of the SLA-validation reference, and of a level in a ramp you compare with (default 20s).' },
        probe_duration: {
          ...duration,
          description:
            'Shortest duration of each search level (default: level_duration / 3, at least 2s, and at least min_latencies × the unloaded median E2E): a search level only has to say saturated or not.',
        },
        min_requests: {
          ...posInt,
          description:
            'Requests a level must measure to decide (default 50). A level keeps sending past its duration until it has them (up to max_level_duration); one that still has fewer is undecided, not judged.',
        },
        min_latencies: {
          ...positive,
          description: 'A search level lasts at least this many unloaded median E2E latencies (default 5): shorter, it measures the batch filling up, not a sustained rate.',
        },
        max_level_duration: { ...duration, description: 'Longest a level may send while gathering min_requests (default 60s, never below level_duration / probe_duration).' },
        think_time: { ...duration, description: "Closed loop (load: concurrency): pause between a user's response and its next request, e.g. a chat user reading (default 0s)." },
        max_levels: posInt,
        criteria: {
          type: 'object',
          additionalProperties: false,
          properties: {
            ttft_p99_factor: { type: 'number', exclusiveMinimum: 1, description: 'Saturated when P99 TTFT exceeds this × the baseline P99.' },
            ttft_min_increase_ms: {
              type: 'number',
              minimum: 0,
              description: 'Noise floor: the P99 TTFT rule also needs the P99 to rise by at least this much over the baseline (default 25 ms).',
            },
            max_error_rate: { type: 'number', minimum: 0, maximum: 1 },
            min_achieved_ratio: fraction,
            sla: { type: 'boolean', description: 'A level that breaks an SLA rule is saturated.' },
          },
        },
      },
    },
    sla_validation: {
      type: 'object',
      additionalProperties: false,
      properties: {
        enabled: { type: 'boolean' },
        operating_point: { ...fraction, description: 'Fraction of the saturation load to hold (default 0.7).' },
        rate: positive,
        concurrency: posInt,
        duration,
      },
    },
    sla: {
      type: 'object',
      additionalProperties: false,
      patternProperties: { [SLA_KEY_PATTERN]: positive },
      properties: {
        error_rate: { type: 'number', minimum: 0, maximum: 1 },
        goodput_ratio: { ...fraction, description: 'Minimum share of requests meeting the TTFT and TPOT goodput limits.' },
        goodput_ttft_ms: positive,
        goodput_tpot_ms: positive,
        recovery_s: { type: 'number', minimum: 0, description: 'Chaos phase: the endpoint recovers within this many seconds of the injection.' },
        lost_requests: { type: 'integer', minimum: 0, description: 'Chaos phase: at most this many requests started and never completed (streams cut, drained).' },
        error_burst: { type: 'integer', minimum: 0, description: 'Chaos phase: at most this many failed requests between the injection and the recovery.' },
      },
    },
    chaos: {
      type: 'object',
      additionalProperties: false,
      required: ['fault'],
      description: 'Failure injection under load: hold a load, inject a fault, measure detection, error burst, lost requests and recovery. Runs only with enabled: true.',
      properties: {
        enabled: { type: 'boolean', description: 'Must be true for the phase to run: it injects a real fault into the target.' },
        rate: { ...positive, description: "Load to hold (req/s, open loop); default the gate's operating point." },
        concurrency: { ...posInt, description: 'Load to hold (users, closed loop).' },
        pre_fault: { ...duration, description: 'Steady load before the injection, the reference window (default 10s).' },
        fault: chaosAction,
        restore: chaosAction,
        restore_after: { ...duration, description: 'Run restore this long after the injection, under load (default: when the phase ends).' },
        max_duration: { ...duration, description: 'Longest the load is held after the injection (default 60s); not recovered by then = not recovered.' },
        action_timeout: { ...duration, description: 'Longest a fault or restore command / HTTP call may take (default 60s); a hang is killed and reported.' },
        recovery_seconds: { ...posInt, description: 'Recovered at the first of this many consecutive seconds within tolerance (default 3).' },
        tolerance: {
          type: 'object',
          additionalProperties: false,
          properties: {
            throughput: { ...fraction, description: 'Relative throughput drop still counted as recovered (default 0.1).' },
            ttft_p99: { type: 'number', exclusiveMinimum: 0, description: 'Relative P99 TTFT rise still counted as recovered (default 0.5).' },
            error_rate: { type: 'number', minimum: 0, maximum: 1, description: 'Absolute error-rate rise still counted as recovered (default 0.01).' },
          },
        },
      },
    },
    server_metrics: {
      type: 'object',
      additionalProperties: false,
      description: "Scrape the serving engine's Prometheus metrics during every level (KV cache, prefix-cache hit rate, running/waiting requests, GPU utilisation).",
      properties: {
        target: { type: 'boolean', description: 'Scrape <target root>/metrics (vLLM, SGLang, TGI, llama.cpp and the simulator serve it on the API port).' },
        sources: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['url'],
            properties: {
              url: { type: 'string', pattern: '^https?://' },
              kind: { enum: ['metrics', 'prometheus'], description: 'metrics: a /metrics page; prometheus: a Prometheus server (instant queries via /api/v1/query).' },
              query: {
                type: 'object',
                additionalProperties: { type: 'string' },
                description: 'prometheus: PromQL per field (kv_cache_usage, prefix_cache_hit_rate, requests_running, requests_waiting, gpu_utilization, …).',
              },
            },
          },
        },
        interval: duration,
      },
    },
    tolerances: {
      type: 'object',
      additionalProperties: false,
      description: 'How much worse than the baseline a figure may get before it is a regression (it must also exceed the measured noise).',
      properties: {
        saturation_rps: { ...fraction, description: 'Relative drop allowed (default 0.05 = −5 %).' },
        ttft_p99_ms: { ...fraction, description: 'Relative rise allowed (default 0.10).' },
        itl_p99_ms: { ...fraction, description: 'Relative rise allowed (default 0.10).' },
        cost_per_million_tokens: { ...fraction, description: 'Relative rise allowed (default 0.05).' },
        error_rate: { ...fraction, description: 'Absolute rise allowed, as a fraction (default 0.005 = 0.5 points).' },
      },
    },
    cost: {
      type: 'object',
      additionalProperties: false,
      properties: { gpus: posInt, gpu_hour_usd: positive },
    },
    run: {
      type: 'object',
      additionalProperties: false,
      properties: {
        max_in_flight: posInt,
        seed: { type: 'integer', minimum: 0 },
        requests_log: { type: 'boolean' },
        out: { type: 'string', minLength: 1 },
        max_send_lag_ms: { ...positive, description: 'A level whose P99 send lag exceeds this is invalid (the client, not the endpoint, was the bottleneck).' },
        drain: {
          ...duration,
          description: 'After a level stops sending, how long requests still open may take to end (default 30s); what is still open then is cut and counted as incomplete.',
        },
      },
    },
  },
} as const;
