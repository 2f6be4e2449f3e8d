export const id = 845;
export const ids = [845];
export const modules = {

/***/ 91845:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  parseSimArgs: () => (/* binding */ parseSimArgs),
  simCommand: () => (/* binding */ simCommand)
});

// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(57975);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(38815);
;// CONCATENATED MODULE: ./lib/sim/profiles.js
const DEFAULT_PROFILE = 'llama-8b-h100';
const natural = { median: 180, sigma: 0.7 };
const PROFILES = {
    'llama-8b-h100': {
        name: 'llama-8b-h100',
        description: 'Llama-3.1-8B bf16 on one H100 80GB (vLLM defaults, 0.9 memory utilisation)',
        servedModelName: 'meta-llama/Llama-3.1-8B-Instruct',
        maxNumSeqs: 256,
        maxBatchedTokens: 8192,
        kvBlocks: 26000,
        blockSize: 16,
        maxModelLen: 131072,
        stepOverheadMs: 6,
        prefillMsPerToken: 0.06,
        decodeMsPerSeq: 0.08,
        maxWaiting: 256,
        rejectStatus: 503,
        naturalOutput: natural,
        defaultMaxTokens: 1024,
    },
    'llama-70b-2xh100-tp2': {
        name: 'llama-70b-2xh100-tp2',
        description: 'Llama-3.1-70B bf16, tensor-parallel over two H100 80GB; little room left for KV cache',
        servedModelName: 'meta-llama/Llama-3.1-70B-Instruct',
        maxNumSeqs: 256,
        maxBatchedTokens: 8192,
        kvBlocks: 820,
        blockSize: 16,
        maxModelLen: 8192,
        stepOverheadMs: 25,
        prefillMsPerToken: 0.25,
        decodeMsPerSeq: 0.3,
        maxWaiting: 128,
        rejectStatus: 503,
        naturalOutput: natural,
        defaultMaxTokens: 1024,
    },
    tiny: {
        name: 'tiny',
        description: 'Toy engine for fast tests: 8 slots, 128 KV blocks, millisecond steps',
        servedModelName: 'tiny',
        maxNumSeqs: 8,
        maxBatchedTokens: 256,
        kvBlocks: 128,
        blockSize: 16,
        // The default workload's longest prompt (768 o200k tokens ≈ 1,011 at 4 characters per token)
        // plus max_tokens 128 must fit; a request that long still fits the 128 × 16 KV blocks.
        maxModelLen: 2048,
        stepOverheadMs: 2,
        prefillMsPerToken: 0.02,
        decodeMsPerSeq: 0.25,
        maxWaiting: 16,
        rejectStatus: 503,
        naturalOutput: { median: 16, sigma: 0.5 },
        defaultMaxTokens: 32,
    },
};
/** Resolves a profile name or override object; throws a one-line Error naming the problem. */
function resolveProfile(input) {
    if (input === undefined)
        return { ...PROFILES[DEFAULT_PROFILE] };
    if (typeof input === 'string') {
        const p = PROFILES[input];
        if (!p)
            throw new Error(`unknown profile "${input}"; known profiles: ${Object.keys(PROFILES).join(', ')}`);
        return { ...p };
    }
    const { base, ...over } = input;
    const merged = { ...resolveProfile(base ?? DEFAULT_PROFILE), ...over };
    if (over.name === undefined)
        merged.name = base ? `${base}+custom` : 'custom';
    validateProfile(merged);
    return merged;
}
function validateProfile(p) {
    const positive = ['maxNumSeqs', 'maxBatchedTokens', 'kvBlocks', 'blockSize', 'maxModelLen', 'defaultMaxTokens'];
    for (const k of positive) {
        const v = p[k];
        if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0)
            throw new Error(`profile field ${k} must be a positive integer, got ${JSON.stringify(v)}`);
    }
    for (const k of ['stepOverheadMs', 'prefillMsPerToken', 'decodeMsPerSeq', 'maxWaiting']) {
        if (typeof p[k] !== 'number' || !(p[k] >= 0))
            throw new Error(`profile field ${k} must be a number >= 0, got ${JSON.stringify(p[k])}`);
    }
    if (p.stepOverheadMs + p.decodeMsPerSeq <= 0)
        throw new Error('profile needs stepOverheadMs or decodeMsPerSeq > 0');
}
/**
 * The model's own prediction of saturation throughput (at speedup 1; multiply by
 * speedup otherwise) for a steady stream of identical requests, so gate tests can
 * check that the knee lands where it should.
 *
 * B = min(maxNumSeqs, floor(kvBlocks / ceil((P·(1−h) + O) / blockSize))) sequences fit;
 * at saturation every step emits B tokens, so steps/s = X·O/B and the busy-time
 * balance 1 s = X·(O·overhead/B + prefill·P·(1−h) + decode·O) gives
 * X = 1 / (O·overhead/B + prefill·P·(1−h) + decode·O). If the per-step token budget
 * cannot carry the prefill that needs (P·(1−h)·B/O + B > budget), X is capped by it.
 */
function estimateCapacity(profile, workload, replicas = 1) {
    const p = typeof profile === 'string' ? resolveProfile(profile) : profile;
    const P = workload.promptTokens;
    const O = Math.max(1, workload.outputTokens);
    const h = Math.min(1, Math.max(0, workload.prefixHitRate ?? 0));
    const prefill = Math.max(1, P * (1 - h));
    const blocksPerReq = Math.ceil((prefill + O) / p.blockSize);
    const B = Math.max(1, Math.min(p.maxNumSeqs, Math.floor(p.kvBlocks / blocksPerReq)));
    const secondsPerReq = (O * p.stepOverheadMs) / B + p.prefillMsPerToken * prefill + p.decodeMsPerSeq * O;
    let rps = 1000 / secondsPerReq;
    const prefillPerStep = (prefill * B) / O;
    if (prefillPerStep + B > p.maxBatchedTokens) {
        const room = Math.max(1, p.maxBatchedTokens - B);
        const stepMs = p.stepOverheadMs + p.prefillMsPerToken * room + p.decodeMsPerSeq * B;
        rps = Math.min(rps, ((1000 / stepMs) * room) / prefill);
    }
    rps *= replicas;
    return {
        rps,
        outputTokensPerS: rps * O,
        totalTokensPerS: rps * (P + O),
        concurrencyAtSaturation: B * replicas,
    };
}

;// CONCATENATED MODULE: ./lib/sim/faults.js
function defaultFaults() {
    return {
        errorRate: 0,
        errorStatuses: [500],
        latencyMs: 0,
        resetRate: 0,
        resetAfterChunks: 3,
        stallRate: 0,
        stallMs: 2000,
        malformedRate: 0,
        missingDoneRate: 0,
        missingUsageRate: 0,
        reasoningTokens: 0,
        tokensPerChunk: 1,
        crashes: [],
    };
}
const RATES = ['errorRate', 'resetRate', 'stallRate', 'malformedRate', 'missingDoneRate', 'missingUsageRate'];
const NON_NEGATIVE = ['latencyMs', 'resetAfterChunks', 'stallMs', 'reasoningTokens'];
/**
 * Checks a partial fault update (from options, YAML or the admin endpoint) and
 * returns it typed; throws a one-line Error naming the bad field and what is allowed.
 */
function validateFaults(input, where = 'faults') {
    if (input === null || typeof input !== 'object' || Array.isArray(input))
        throw new Error(`${where} must be an object`);
    const f = input;
    const known = new Set(Object.keys(defaultFaults()));
    for (const k of Object.keys(f))
        if (!known.has(k))
            throw new Error(`${where}.${k} is not a fault; known: ${[...known].join(', ')}`);
    for (const k of RATES) {
        const v = f[k];
        if (v !== undefined && (typeof v !== 'number' || !(v >= 0 && v <= 1)))
            throw new Error(`${where}.${k} must be a probability between 0 and 1, got ${JSON.stringify(v)}`);
    }
    for (const k of NON_NEGATIVE) {
        const v = f[k];
        if (v !== undefined && (typeof v !== 'number' || !(v >= 0)))
            throw new Error(`${where}.${k} must be a number >= 0, got ${JSON.stringify(v)}`);
    }
    if (f.tokensPerChunk !== undefined && (!Number.isInteger(f.tokensPerChunk) || f.tokensPerChunk < 1)) {
        throw new Error(`${where}.tokensPerChunk must be an integer >= 1, got ${JSON.stringify(f.tokensPerChunk)}`);
    }
    if (f.errorStatuses !== undefined) {
        const s = f.errorStatuses;
        if (!Array.isArray(s) || s.length === 0 || !s.every((c) => Number.isInteger(c) && c >= 400 && c <= 599)) {
            throw new Error(`${where}.errorStatuses must be a non-empty list of HTTP status codes 400-599, got ${JSON.stringify(s)}`);
        }
    }
    if (f.crashes !== undefined) {
        if (!Array.isArray(f.crashes))
            throw new Error(`${where}.crashes must be a list`);
        f.crashes.forEach((c, i) => {
            const cr = c;
            if (!cr || typeof cr !== 'object')
                throw new Error(`${where}.crashes[${i}] must be an object`);
            if (!Number.isInteger(cr.replica) || cr.replica < 0)
                throw new Error(`${where}.crashes[${i}].replica must be a replica index >= 0`);
            for (const k of ['atMs', 'recoverAfterMs', 'detectionMs']) {
                const v = cr[k];
                if ((k === 'atMs' || v !== undefined) && (typeof v !== 'number' || !(v >= 0)))
                    throw new Error(`${where}.crashes[${i}].${k} must be a number >= 0`);
            }
            if (cr.model !== undefined && typeof cr.model !== 'string')
                throw new Error(`${where}.crashes[${i}].model must be a string`);
        });
    }
    return f;
}
/** Draws a request's faults; always consumes the same number of random values. */
function drawFaults(f, rand) {
    const err = rand() < f.errorRate;
    const pick = rand();
    return {
        errorStatus: err ? (f.errorStatuses[Math.floor(pick * f.errorStatuses.length)] ?? 500) : null,
        resetAfterChunks: rand() < f.resetRate ? f.resetAfterChunks : null,
        stall: rand() < f.stallRate,
        malformed: rand() < f.malformedRate,
        missingDone: rand() < f.missingDoneRate,
        missingUsage: rand() < f.missingUsageRate,
    };
}

;// CONCATENATED MODULE: ./lib/sim/types.js
/**
 * Public types of the endpoint simulator. All durations in options are *simulated*
 * milliseconds: real time = simulated time / speedup.
 */
const ROUTINGS = ['round-robin', 'random', 'least-loaded', 'kv-aware'];

;// CONCATENATED MODULE: ./lib/sim/options.js
/**
 * Validation and defaults for SimOptions, shared by startSim, YAML configs and the CLI.
 * Errors are one-line Error messages naming the field and what is allowed.
 */



const DEFAULT_OPTIONS = {
    host: '127.0.0.1',
    port: 0,
    profile: 'llama-8b-h100',
    replicas: 1,
    routing: 'round-robin',
    speedup: 1,
    seed: 1,
    models: [],
    faults: {},
    startupDelayMs: 0,
    modelsReadyBeforeCompletions: false,
};
const KEYS = new Set(Object.keys(DEFAULT_OPTIONS));
/** Checks a partial options object (e.g. parsed YAML); throws on the first bad field. */
function validateOptions(o, where = 'options') {
    for (const k of Object.keys(o))
        if (!KEYS.has(k))
            throw new Error(`${where}.${k} is not an option; known: ${[...KEYS].join(', ')}`);
    if (o.host !== undefined && typeof o.host !== 'string')
        throw new Error(`${where}.host must be a string`);
    if (o.port !== undefined && !(Number.isInteger(o.port) && o.port >= 0 && o.port <= 65535))
        throw new Error(`${where}.port must be an integer 0-65535`);
    if (o.replicas !== undefined)
        positiveInt(o.replicas, `${where}.replicas`);
    if (o.routing !== undefined)
        routing(o.routing, `${where}.routing`);
    if (o.speedup !== undefined && !(typeof o.speedup === 'number' && o.speedup > 0 && Number.isFinite(o.speedup)))
        throw new Error(`${where}.speedup must be a number > 0`);
    if (o.seed !== undefined && !Number.isInteger(o.seed))
        throw new Error(`${where}.seed must be an integer`);
    if (o.startupDelayMs !== undefined && !(typeof o.startupDelayMs === 'number' && o.startupDelayMs >= 0))
        throw new Error(`${where}.startupDelayMs must be a number >= 0`);
    if (o.modelsReadyBeforeCompletions !== undefined && typeof o.modelsReadyBeforeCompletions !== 'boolean')
        throw new Error(`${where}.modelsReadyBeforeCompletions must be true or false`);
    if (o.profile !== undefined)
        profileOf(o.profile, `${where}.profile`);
    if (o.faults !== undefined)
        validateFaults(o.faults, `${where}.faults`);
    if (o.models !== undefined) {
        if (!Array.isArray(o.models))
            throw new Error(`${where}.models must be a list`);
        o.models.forEach((m, i) => validateModel(m, `${where}.models[${i}]`));
    }
    return o;
}
function validateModel(m, where) {
    if (!m || typeof m !== 'object')
        throw new Error(`${where} must be an object with a name`);
    const r = m;
    for (const k of Object.keys(r))
        if (!['name', 'profile', 'replicas', 'routing'].includes(k))
            throw new Error(`${where}.${k} is not a model field; known: name, profile, replicas, routing`);
    if (typeof r.name !== 'string' || r.name === '')
        throw new Error(`${where}.name must be a non-empty string`);
    if (r.replicas !== undefined)
        positiveInt(r.replicas, `${where}.replicas`);
    if (r.routing !== undefined)
        routing(r.routing, `${where}.routing`);
    if (r.profile !== undefined)
        profileOf(r.profile, `${where}.profile`);
}
function positiveInt(v, where) {
    if (!Number.isInteger(v) || v < 1)
        throw new Error(`${where} must be a positive integer, got ${JSON.stringify(v)}`);
}
function routing(v, where) {
    if (!ROUTINGS.includes(v))
        throw new Error(`${where} must be one of ${ROUTINGS.join(', ')}, got ${JSON.stringify(v)}`);
}
function profileOf(v, where) {
    if (typeof v !== 'string' && (!v || typeof v !== 'object'))
        throw new Error(`${where} must be a profile name or an object`);
    try {
        return resolveProfile(v);
    }
    catch (e) {
        throw new Error(`${where}: ${e.message}`);
    }
}
/** Applies defaults and resolves models; throws on invalid input. */
function resolveOptions(partial = {}) {
    validateOptions(partial);
    const options = { ...DEFAULT_OPTIONS, ...stripUndefined(partial) };
    const base = resolveProfile(options.profile);
    const specs = options.models.length > 0 ? options.models : [{ name: base.servedModelName }];
    const models = specs.map((s) => ({
        name: s.name,
        profile: s.profile !== undefined ? resolveProfile(s.profile) : base,
        replicas: s.replicas ?? options.replicas,
        routing: s.routing ?? options.routing,
    }));
    const names = new Set();
    for (const m of models) {
        if (names.has(m.name))
            throw new Error(`models: "${m.name}" is listed twice`);
        names.add(m.name);
    }
    return { options, models };
}
function stripUndefined(o) {
    return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

;// CONCATENATED MODULE: ./lib/sim/config.js
/** YAML config files for the simulator: same shape as SimOptions (camelCase keys). */



/**
 * Reads and validates a YAML (or JSON) config file. Throws a one-line Error that
 * names the file and the offending field.
 */
async function loadSimConfig(path) {
    let text;
    try {
        text = await (0,promises_.readFile)(path, 'utf8');
    }
    catch (e) {
        throw new Error(`cannot read sim config ${path}: ${e.code ?? e.message}`);
    }
    let doc;
    try {
        doc = (0,dist/* parse */.qg)(text);
    }
    catch (e) {
        throw new Error(`${path}: invalid YAML: ${e.message.split('\n')[0]}`);
    }
    if (doc === null || doc === undefined)
        return {};
    if (typeof doc !== 'object' || Array.isArray(doc))
        throw new Error(`${path}: top level must be a mapping of options`);
    try {
        return validateOptions(doc, 'config');
    }
    catch (e) {
        throw new Error(`${path}: ${e.message}`);
    }
}

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(37067);
// EXTERNAL MODULE: external "node:perf_hooks"
var external_node_perf_hooks_ = __webpack_require__(643);
;// CONCATENATED MODULE: ./lib/sim/clock.js
/**
 * The simulator's time source. A structural type of its own so src/sim imports nothing from the
 * rest of src/; the project's Clock (util/clock.ts, and the VirtualClock) satisfies it, so the
 * engine can run on virtual time in process (load/sim-sender.ts) as well as on the real clock
 * behind HTTP (index.ts).
 */

/**
 * The real clock. Delays of half a millisecond or less use setImmediate (a setTimeout would wait
 * a whole millisecond), so sub-millisecond engine steps at high speedups keep their pace.
 */
const realSimClock = {
    now: () => external_node_perf_hooks_.performance.now(),
    setTimer(fn, ms) {
        if (ms > 0.5) {
            const t = setTimeout(fn, ms);
            return { cancel: () => clearTimeout(t) };
        }
        const i = setImmediate(fn);
        return { cancel: () => clearImmediate(i) };
    },
};

;// CONCATENATED MODULE: ./lib/sim/metrics.js
/**
 * Prometheus text exposition with vLLM metric names, labelled by model_name.
 * Latency histograms record wall-clock seconds as the client sees them (i.e. already
 * divided by speedup), so they can be compared with client-side measurements.
 */
const TTFT_BUCKETS = [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 20, 40, 80, 160, 640, 2560];
const E2E_BUCKETS = [0.3, 0.5, 0.8, 1, 1.5, 2, 2.5, 5, 10, 15, 20, 30, 40, 50, 60, 120, 240, 480, 960, 1920, 7680];
class Histogram {
    buckets;
    counts;
    sum = 0;
    count = 0;
    constructor(buckets) {
        this.buckets = buckets;
        this.counts = new Array(buckets.length).fill(0);
    }
    observe(v) {
        this.sum += v;
        this.count++;
        for (let i = 0; i < this.buckets.length; i++)
            if (v <= this.buckets[i])
                this.counts[i]++;
    }
}
/** Counters and histograms for one model; gauges are read from the replicas at scrape time. */
class ModelMetrics {
    requests = 0;
    rejected = 0;
    failed = 0;
    promptTokens = 0;
    generationTokens = 0;
    success = new Map();
    ttft = new Histogram(TTFT_BUCKETS);
    e2e = new Histogram(E2E_BUCKETS);
    get completed() {
        let n = 0;
        for (const v of this.success.values())
            n += v;
        return n;
    }
    finished(reason, promptTokens, e2eSeconds) {
        this.success.set(reason, (this.success.get(reason) ?? 0) + 1);
        this.promptTokens += promptTokens;
        this.e2e.observe(e2eSeconds);
    }
}
/** Renders all models' metrics in Prometheus text format 0.0.4. */
function renderMetrics(models) {
    const out = [];
    const family = (name, type, help, lines) => {
        out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
        for (const m of models)
            out.push(...lines(m, `model_name=${JSON.stringify(m.name)}`));
    };
    const simple = (name, type, help, get) => family(name, type, help, (m, l) => [`${name}{${l}} ${get(m)}`]);
    simple('vllm:num_requests_running', 'gauge', 'Requests in the running batch.', (m) => m.gauges.running);
    simple('vllm:num_requests_waiting', 'gauge', 'Requests waiting to be scheduled.', (m) => m.gauges.waiting);
    simple('vllm:kv_cache_usage_perc', 'gauge', 'KV cache usage, 1 = full.', (m) => m.gauges.kvUsage);
    simple('vllm:prefix_cache_queries_total', 'counter', 'Prompt tokens looked up in the prefix cache.', (m) => m.gauges.prefixQueries);
    simple('vllm:prefix_cache_hits_total', 'counter', 'Prompt tokens found in the prefix cache.', (m) => m.gauges.prefixHits);
    simple('vllm:prompt_tokens_total', 'counter', 'Prefill tokens processed.', (m) => m.metrics.promptTokens);
    simple('vllm:generation_tokens_total', 'counter', 'Generation tokens processed.', (m) => m.metrics.generationTokens);
    family('vllm:request_success_total', 'counter', 'Successfully finished requests.', (m, l) => [...m.metrics.success].map(([reason, n]) => `vllm:request_success_total{${l},finished_reason="${reason}"} ${n}`));
    histogram(out, models, 'vllm:time_to_first_token_seconds', 'Time to first token in seconds.', (m) => m.metrics.ttft);
    histogram(out, models, 'vllm:e2e_request_latency_seconds', 'End-to-end request latency in seconds.', (m) => m.metrics.e2e);
    return out.join('\n') + '\n';
}
function histogram(out, models, name, help, get) {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} histogram`);
    for (const m of models) {
        const h = get(m);
        const l = `model_name=${JSON.stringify(m.name)}`;
        h.buckets.forEach((b, i) => out.push(`${name}_bucket{${l},le="${b}"} ${h.counts[i]}`));
        out.push(`${name}_bucket{${l},le="+Inf"} ${h.count}`, `${name}_sum{${l}} ${h.sum}`, `${name}_count{${l}} ${h.count}`);
    }
}

;// CONCATENATED MODULE: ./lib/sim/kvcache.js
/**
 * KV block accounting with a content-addressed prefix cache.
 *
 * Full prompt blocks are keyed by their chained hash and shared between requests
 * (reference counted). When a request ends its prompt blocks stay cached but idle;
 * idle blocks are evicted least-recently-released first when space is needed.
 * Other blocks (partial last prompt block, generated tokens) are private counts.
 * Simplification: a request's prompt blocks become hits for others as soon as it is
 * admitted, not when its prefill completes.
 */
class KvCache {
    /** hash -> reference count, for every cached block (in use or idle). */
    refs = new Map();
    /** Idle cached blocks in LRU order (oldest first, Map insertion order). */
    idle = new Map();
    privateBlocks = 0;
    totalBlocks;
    constructor(totalBlocks) {
        this.totalBlocks = totalBlocks;
    }
    /** Blocks occupied by running requests or cached content. */
    get usedBlocks() {
        return this.privateBlocks + this.refs.size;
    }
    /** Fraction of blocks held by running requests (idle cached blocks count as free, as in vLLM). */
    get usage() {
        return (this.usedBlocks - this.idle.size) / this.totalBlocks;
    }
    /** Number of leading hashes present in the cache (read-only; used by KV-aware routing). */
    matchPrefix(hashes) {
        let n = 0;
        while (n < hashes.length && this.refs.has(hashes[n]))
            n++;
        return n;
    }
    /**
     * Reserves `totalBlocks` for a request whose full prompt blocks are `hashes`.
     * Returns the number of leading blocks that were cache hits, or -1 (and changes
     * nothing) when the blocks cannot be found even after evicting idle ones.
     */
    admit(hashes, totalBlocks) {
        const hit = this.matchPrefix(hashes);
        let reusedIdle = 0;
        for (let i = 0; i < hit; i++)
            if (this.idle.has(hashes[i]))
                reusedIdle++;
        const fresh = totalBlocks - hit;
        const free = this.totalBlocks - this.usedBlocks + this.idle.size - reusedIdle;
        if (fresh > free)
            return -1;
        for (let i = 0; i < hit; i++)
            this.ref(hashes[i]);
        let need = fresh - (this.totalBlocks - this.usedBlocks);
        for (const h of this.idle.keys()) {
            if (need <= 0)
                break;
            this.idle.delete(h);
            this.refs.delete(h);
            need--;
        }
        for (let i = hit; i < hashes.length; i++)
            this.ref(hashes[i]);
        this.privateBlocks += totalBlocks - hashes.length;
        return hit;
    }
    /** Releases what `admit` reserved for the same arguments. */
    release(hashes, totalBlocks) {
        for (const h of hashes) {
            const r = (this.refs.get(h) ?? 1) - 1;
            if (r <= 0) {
                this.refs.set(h, 0);
                this.idle.delete(h);
                this.idle.set(h, true);
            }
            else
                this.refs.set(h, r);
        }
        this.privateBlocks -= totalBlocks - hashes.length;
    }
    /** Drops everything (replica crash). */
    clear() {
        this.refs.clear();
        this.idle.clear();
        this.privateBlocks = 0;
    }
    ref(h) {
        const r = this.refs.get(h);
        if (r === undefined)
            this.refs.set(h, 1);
        else {
            if (r === 0)
                this.idle.delete(h);
            this.refs.set(h, r + 1);
        }
    }
}

;// CONCATENATED MODULE: ./lib/sim/replica.js
/**
 * One simulated engine replica: continuous batching on a stepped clock.
 *
 * Each step the scheduler takes running decodes (1 token of budget each), continues
 * chunked prefills, then admits waiting requests FIFO while slots, step budget and KV
 * blocks allow. Step time = overhead + prefill·prefillTokens + decode·emitters, divided
 * by speedup. Every sequence whose prefill is complete emits one token at the step's end.
 *
 * Timing: one timer per replica, armed only while there is work. Steps sit on an
 * absolute timeline; a late timer runs every step already due in one go (so
 * sub-millisecond steps at high speedup still average right). If the process falls
 * more than MAX_LAG_MS behind (CPU-bound), the timeline resyncs and time is lost,
 * i.e. the simulator degrades to a slower engine instead of bursting.
 */


const MAX_LAG_MS = 25;
const MAX_CATCHUP_STEPS = 64;
class Replica {
    kv;
    up = true;
    downSince = 0;
    detectionMs = 0;
    steps = 0;
    prefixQueryTokens = 0;
    prefixHitTokens = 0;
    /** KV blocks that queued and running requests hold or will need (used by kv-aware routing). */
    activeBlocks = 0;
    /** Times this replica crashed. */
    crashes = 0;
    /** Requests queued or running when it crashed (their clients see the connection die mid-way). */
    lostInCrash = 0;
    /** Requests the router sent here while it was down (their connections die before any byte). */
    refusedDown = 0;
    waiting = [];
    running = [];
    plan = null;
    stepEndAt = 0;
    timer = null;
    index;
    profile;
    speedup;
    clock;
    constructor(index, profile, speedup, clock = realSimClock) {
        this.index = index;
        this.profile = profile;
        this.speedup = speedup;
        this.clock = clock;
        this.kv = new KvCache(profile.kvBlocks);
    }
    now() {
        return this.clock.now();
    }
    get numRunning() {
        return this.running.length;
    }
    get numWaiting() {
        return this.waiting.length;
    }
    get load() {
        return this.running.length + this.waiting.length;
    }
    /** Queues a request; refuses when the waiting queue is full or the replica is down. */
    submit(req) {
        if (!this.up) {
            this.refusedDown++;
            return { ok: false, reason: 'down' };
        }
        if (this.waiting.length >= this.profile.maxWaiting)
            return { ok: false, reason: 'full' };
        const blocks = Math.ceil((req.promptTokens + req.outputTokens) / this.profile.blockSize);
        const seq = { req, blocks, prefillLeft: req.promptTokens, emitted: 0, gone: false };
        this.waiting.push(seq);
        this.activeBlocks += blocks;
        this.kick();
        return { ok: true, cancel: () => this.cancel(seq) };
    }
    /** Crash: every queued and running request is aborted, cache lost, timer stopped. */
    crash() {
        if (!this.up)
            return;
        this.up = false;
        this.downSince = this.now();
        this.stopTimer();
        const all = [...this.running, ...this.waiting];
        this.crashes++;
        this.lostInCrash += all.length;
        this.running = [];
        this.waiting = [];
        this.plan = null;
        this.activeBlocks = 0;
        this.kv.clear();
        for (const s of all) {
            s.gone = true;
            s.req.onAbort();
        }
    }
    recover() {
        this.up = true;
    }
    /** Cancels a request (client went away); frees its slot and blocks. */
    cancel(seq) {
        if (seq.gone)
            return;
        seq.gone = true;
        this.activeBlocks -= seq.blocks;
        const w = this.waiting.indexOf(seq);
        if (w >= 0) {
            this.waiting.splice(w, 1);
            return;
        }
        const r = this.running.indexOf(seq);
        if (r >= 0) {
            this.running.splice(r, 1);
            this.kv.release(seq.req.hashes, seq.blocks);
        }
    }
    kick() {
        if (this.timer || this.plan || !this.up)
            return;
        this.stepEndAt = this.now();
        this.beginStep();
        if (this.plan)
            this.arm();
    }
    arm() {
        this.timer = this.clock.setTimer(this.onTimer, this.stepEndAt - this.now());
    }
    stopTimer() {
        if (!this.timer)
            return;
        this.timer.cancel();
        this.timer = null;
    }
    onTimer = () => {
        this.timer = null;
        for (let n = 0; n < MAX_CATCHUP_STEPS; n++) {
            this.finishStep();
            if (!this.up)
                return;
            const now = this.now();
            if (now - this.stepEndAt > MAX_LAG_MS)
                this.stepEndAt = now;
            this.beginStep();
            if (!this.plan || this.stepEndAt > now)
                break;
        }
        if (this.plan)
            this.arm();
    };
    /** Chooses the step's batch and advances the step's end time; plan=null if idle. */
    beginStep() {
        const p = this.profile;
        let budget = p.maxBatchedTokens;
        const plan = [];
        let prefillTokens = 0;
        let emitters = 0;
        for (const seq of this.running) {
            if (seq.prefillLeft === 0) {
                plan.push({ seq, prefill: 0, emit: true });
                budget--;
                emitters++;
            }
        }
        for (const seq of this.running) {
            if (seq.prefillLeft === 0 || budget <= 0)
                continue;
            const n = Math.min(seq.prefillLeft, budget);
            plan.push({ seq, prefill: n, emit: n === seq.prefillLeft });
            budget -= n;
            prefillTokens += n;
            if (n === seq.prefillLeft)
                emitters++;
        }
        while (this.waiting.length > 0 && this.running.length < p.maxNumSeqs && budget > 0) {
            const seq = this.waiting[0];
            if (!this.admit(seq)) {
                if (seq.gone)
                    continue;
                break;
            }
            this.waiting.shift();
            this.running.push(seq);
            const n = Math.min(seq.prefillLeft, budget);
            plan.push({ seq, prefill: n, emit: n === seq.prefillLeft });
            budget -= n;
            prefillTokens += n;
            if (n === seq.prefillLeft)
                emitters++;
        }
        if (plan.length === 0) {
            this.plan = null;
            return;
        }
        const ms = p.stepOverheadMs + p.prefillMsPerToken * prefillTokens + p.decodeMsPerSeq * emitters;
        this.stepEndAt += ms / this.speedup;
        this.plan = plan;
    }
    /** Reserves KV blocks; a prefix hit skips prefill of the cached blocks (at least 1 token is computed). */
    admit(seq) {
        const hit = this.kv.admit(seq.req.hashes, seq.blocks);
        if (hit < 0) {
            if (this.running.length === 0) {
                // Can never fit (callers should reject it up front): drop instead of blocking the queue.
                this.waiting.shift();
                seq.gone = true;
                this.activeBlocks -= seq.blocks;
                seq.req.onAbort();
            }
            return false;
        }
        const P = seq.req.promptTokens;
        const hitTokens = Math.min(hit * this.profile.blockSize, P - 1);
        seq.prefillLeft = P - hitTokens;
        this.prefixQueryTokens += P;
        this.prefixHitTokens += hitTokens;
        return true;
    }
    /** Applies the current plan: progress prefills, emit tokens, retire finished sequences. */
    finishStep() {
        const plan = this.plan;
        this.plan = null;
        if (!plan)
            return;
        this.steps++;
        let finished = false;
        for (const item of plan) {
            const seq = item.seq;
            if (seq.gone)
                continue;
            seq.prefillLeft -= item.prefill;
            if (!item.emit)
                continue;
            seq.emitted++;
            if (seq.emitted >= seq.req.outputTokens) {
                seq.gone = true;
                finished = true;
                this.activeBlocks -= seq.blocks;
                this.kv.release(seq.req.hashes, seq.blocks);
                seq.req.onToken();
                seq.req.onFinish();
            }
            else
                seq.req.onToken();
            if (!this.up)
                return;
        }
        if (finished)
            this.running = this.running.filter((s) => !s.gone);
    }
}

;// CONCATENATED MODULE: ./lib/sim/rng.js
/**
 * Seeded, cheap randomness and hashing for the simulator.
 * Everything random in the simulator flows from these so a seed reproduces a run.
 */
/** mulberry32: tiny 32-bit PRNG; returns a function yielding floats in [0, 1). */
function mulberry32(seed) {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}
/** Mixes two 32-bit integers into one well-spread 32-bit seed (murmur3 finaliser). */
function mix32(a, b) {
    let h = (a ^ Math.imul(b, 0x9e3779b1)) >>> 0;
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    return (h ^ (h >>> 16)) >>> 0;
}
/** FNV-1a over a substring, starting from `seed`; 32-bit unsigned result. */
function fnv1a(text, start, end, seed) {
    let h = (seed ^ 0x811c9dc5) >>> 0;
    for (let i = start; i < end; i++) {
        h ^= text.charCodeAt(i);
        h = Math.imul(h, 0x01000193);
    }
    return h >>> 0;
}
/** Standard normal deviate from two uniforms (Box–Muller). */
function normal(rand) {
    const u = Math.max(rand(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

;// CONCATENATED MODULE: ./lib/sim/router.js
const KV_PREFILL_WEIGHT = 4;
class Router {
    rr = 0;
    routing;
    replicas;
    rand;
    now;
    constructor(routing, replicas, rand, now) {
        this.routing = routing;
        this.replicas = replicas;
        this.rand = rand;
        this.now = now;
    }
    /** Replicas the router believes healthy (up, or down but not yet detected). */
    candidates() {
        const t = this.now();
        return this.replicas.filter((r) => r.up || t - r.downSince < r.detectionMs);
    }
    /** Returns the chosen replica, or null when none is believed healthy. */
    pick(hashes) {
        const c = this.candidates();
        if (c.length === 0)
            return null;
        switch (this.routing) {
            case 'round-robin':
                return c[this.rr++ % c.length];
            case 'random':
                return c[Math.floor(this.rand() * c.length)];
            case 'least-loaded':
                return c.reduce((a, b) => (b.load < a.load ? b : a));
            case 'kv-aware':
                return this.kvAware(c, hashes);
        }
    }
    kvAware(c, hashes) {
        let best = c[0];
        let bestCost = Infinity;
        for (const r of c) {
            const cached = r.up ? r.kv.matchPrefix(hashes) : 0;
            const cost = KV_PREFILL_WEIGHT * (hashes.length + 1 - cached) + r.activeBlocks;
            if (cost < bestCost) {
                best = r;
                bestCost = cost;
            }
        }
        return best;
    }
}

;// CONCATENATED MODULE: ./lib/sim/group.js




class ModelGroup {
    replicas;
    router;
    metrics = new ModelMetrics();
    /** Requests seen so far; seeds each request's RNG so a seed replays a run. */
    counter = 0;
    name;
    index;
    profile;
    seed;
    constructor(name, index, profile, replicas, routing, seed, speedup, clock) {
        this.name = name;
        this.index = index;
        this.profile = profile;
        this.seed = seed;
        this.replicas = Array.from({ length: replicas }, (_, i) => new Replica(i, profile, speedup, clock));
        this.router = new Router(routing, this.replicas, mulberry32(mix32(seed, 0x524f5554 + index)), () => clock.now());
    }
    /** A fresh RNG for the next request of this model. */
    nextRequestRand() {
        return mulberry32(mix32(mix32(this.seed, this.index + 1), this.counter++));
    }
    gauges() {
        let running = 0;
        let waiting = 0;
        let kv = 0;
        let q = 0;
        let h = 0;
        for (const r of this.replicas) {
            running += r.numRunning;
            waiting += r.numWaiting;
            kv += r.kv.usage;
            q += r.prefixQueryTokens;
            h += r.prefixHitTokens;
        }
        return { running, waiting, kvUsage: kv / this.replicas.length, prefixQueries: q, prefixHits: h };
    }
    stats() {
        const g = this.gauges();
        const m = this.metrics;
        return {
            model: this.name,
            profile: this.profile.name,
            replicas: this.replicas.map((r) => ({
                index: r.index,
                up: r.up,
                running: r.numRunning,
                waiting: r.numWaiting,
                kvUsage: r.kv.usage,
                steps: r.steps,
                prefixQueryTokens: r.prefixQueryTokens,
                prefixHitTokens: r.prefixHitTokens,
                crashes: r.crashes,
                lostInCrash: r.lostInCrash,
                refusedDown: r.refusedDown,
            })),
            requests: m.requests,
            completed: m.completed,
            rejected: m.rejected,
            failed: m.failed,
            lostInCrash: this.replicas.reduce((n, r) => n + r.lostInCrash, 0),
            refusedDown: this.replicas.reduce((n, r) => n + r.refusedDown, 0),
            promptTokens: m.promptTokens,
            generationTokens: m.generationTokens,
            prefixQueryTokens: g.prefixQueries,
            prefixHitTokens: g.prefixHits,
            prefixHitRate: g.prefixQueries > 0 ? g.prefixHits / g.prefixQueries : 0,
        };
    }
}

;// CONCATENATED MODULE: ./lib/sim/context.js
/** Sends an OpenAI-style error body. */
function sendError(res, status, message, param = null, type) {
    if (res.headersSent) {
        res.destroy();
        return;
    }
    const body = JSON.stringify({ error: { message, type: type ?? errorType(status), param, code: status } });
    const headers = { 'content-type': 'application/json' };
    if (status === 429 || status === 503)
        headers['retry-after'] = '1';
    res.writeHead(status, headers);
    res.end(body);
}
function errorType(status) {
    if (status === 400)
        return 'BadRequestError';
    if (status === 404)
        return 'NotFoundError';
    if (status === 429)
        return 'RateLimitError';
    if (status === 503)
        return 'ServiceUnavailableError';
    return status >= 500 ? 'InternalServerError' : 'BadRequestError';
}
function sendJson(res, status, body) {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
}
const MAX_BODY = 16 * 1024 * 1024;
/** Reads and parses a JSON body; rejects with a message suited to a 400 error. */
function readJson(req) {
    return new Promise((resolve, reject) => {
        const parts = [];
        let size = 0;
        req.on('data', (c) => {
            size += c.length;
            if (size > MAX_BODY) {
                reject(new Error('request body larger than 16 MiB'));
                req.destroy();
            }
            else
                parts.push(c);
        });
        req.on('error', reject);
        req.on('end', () => {
            try {
                resolve(JSON.parse(Buffer.concat(parts).toString('utf8')));
            }
            catch (e) {
                reject(new Error(`invalid JSON body: ${e.message}`));
            }
        });
    });
}

;// CONCATENATED MODULE: ./lib/sim/tokens.js
/**
 * Deterministic, cheap tokenisation rules.
 *
 * Rule: one prompt token per 4 UTF-16 code units of the prompt text, rounded up
 * (minimum 1). English averages ~4 characters per BPE token, so counts land near a
 * real tokenizer's while costing one division. A KV block of `blockSize` tokens
 * therefore covers `blockSize * 4` characters; only full blocks are hashed (and
 * cacheable), each hash chained on the previous block's, like vLLM's prefix cache.
 */

const CHARS_PER_TOKEN = 4;
/** Prompt tokens for a text under the 4-chars-per-token rule. */
function countTokens(text) {
    return Math.max(1, Math.ceil(text.length / CHARS_PER_TOKEN));
}
/**
 * Chained content hashes of the text's full KV blocks. Equal hash at index i means
 * equal text for blocks 0..i, so the longest common hash prefix is the shared prefix.
 * Each hash is a 52-bit integer built from two independent FNV-1a lanes.
 */
function blockHashes(text, blockSize) {
    const span = blockSize * CHARS_PER_TOKEN;
    const full = Math.floor(text.length / span);
    const out = new Array(full);
    let h1 = 0;
    let h2 = 0x1234567;
    for (let b = 0; b < full; b++) {
        const s = b * span;
        h1 = fnv1a(text, s, s + span, h1);
        h2 = fnv1a(text, s, s + span, h2 ^ 0x5bd1e995);
        out[b] = h1 * 0x100000 + (h2 >>> 12);
    }
    return out;
}
/** Words cycled to produce output text: each generated token is " " + word. */
const WORDS = ('the of and to in a is that for it as was with be by on not he this are or his from at which but have an ' +
    'they you were her she there all one their we can been has more if no when will would so what out up into ' +
    'model token cache batch load queue latency stream engine request server').split(' ');
/** Text of output token `i` for a response whose word cycle starts at `start`. */
function tokenText(start, i) {
    return ' ' + WORDS[(start + i) % WORDS.length];
}
/**
 * Renders chat messages into the prompt text that is counted and hashed:
 * `<|role|>\ncontent\n` per message, so a conversation that grows turn by turn keeps
 * its earlier text as an exact prefix (which is what makes prefix caching work).
 */
function chatPromptText(messages) {
    let out = '';
    for (const m of messages) {
        const role = typeof m.role === 'string' ? m.role : 'user';
        out += `<|${role}|>\n${contentText(m.content)}\n`;
    }
    return out;
}
function contentText(content) {
    if (typeof content === 'string')
        return content;
    if (Array.isArray(content)) {
        return content.map((p) => (p && typeof p === 'object' && typeof p.text === 'string' ? p.text : '')).join('');
    }
    return '';
}

;// CONCATENATED MODULE: ./lib/sim/respond.js

class Responder {
    emitted = 0;
    chunks = 0;
    pending = '';
    pendingReasoning = false;
    /** Sink calls held back during a stall fault (null: not stalled). */
    held = null;
    opened = false;
    done = false;
    o;
    constructor(o) {
        this.o = o;
    }
    /**
     * Sends the stream's response head. Called once the engine admitted the request, so a request
     * turned away (queue full) still gets its 503/429 status instead of a 200 followed by a reset.
     */
    open() {
        if (!this.o.stream || this.opened)
            return;
        this.opened = true;
        this.o.sink.open();
    }
    get finished() {
        return this.done;
    }
    get finishReason() {
        return this.o.outputTokens >= this.o.maxTokens ? 'length' : 'stop';
    }
    /** Engine emitted one token. */
    onToken() {
        if (this.done)
            return;
        this.open();
        const i = this.emitted++;
        this.o.onTokenMetric(i === 0);
        if (!this.o.stream)
            return;
        const reasoning = this.o.kind === 'chat' && i < this.o.reasoningTokens;
        if (this.pending && reasoning !== this.pendingReasoning)
            this.flush();
        this.pendingReasoning = reasoning;
        this.pending += tokenText(this.o.wordStart, i);
        if (this.pending.length > 0 && (i + 1) % this.o.tokensPerChunk === 0)
            this.flush();
    }
    /** Engine finished the request. */
    onFinish() {
        if (this.done)
            return;
        if (!this.o.stream)
            return this.sendWhole();
        if (this.pending)
            this.flush();
        if (this.done)
            return;
        const { o } = this;
        const usage = o.includeUsage && !o.faults.missingUsage ? this.usage() : null;
        const reason = this.finishReason;
        // Done before the sink hears of it: an in-process sink ends the request synchronously, and its
        // abort of a responder not yet done would count the finished request as failed too.
        this.done = true;
        this.send(() => o.sink.finish(reason, usage, !o.faults.missingDone));
        o.onEnd(true, reason);
    }
    /** Replica crashed or the client went away: the connection just dies. */
    onAbort() {
        if (this.done)
            return;
        this.done = true;
        this.held = null;
        this.o.sink.abort();
        this.o.onEnd(false, 'abort');
    }
    flush() {
        const { o } = this;
        const text = this.pending;
        this.pending = '';
        const malformed = o.faults.malformed && this.chunks === Math.min(1, o.outputTokens - 1);
        this.chunks++;
        const reset = o.faults.resetAfterChunks !== null && this.chunks >= o.faults.resetAfterChunks && !this.held;
        const event = { text, reasoning: this.pendingReasoning, malformed, resetAfter: reset };
        if (reset) {
            // Stream reset fault: the last chunk is delivered, then the connection is reset.
            this.done = true;
            o.sink.chunk(event);
            o.onEnd(false, 'abort');
            return;
        }
        this.send(() => o.sink.chunk(event));
        if (this.chunks === 1 && o.faults.stall && this.held === null) {
            this.held = [];
            o.clock.setTimer(() => this.release(), o.stallRealMs);
        }
    }
    send(call) {
        if (this.held)
            this.held.push(call);
        else
            call();
    }
    release() {
        const held = this.held;
        this.held = null;
        if (!held || held.length === 0)
            return;
        const { sink } = this.o;
        if (sink.batch)
            sink.batch(() => held.forEach((c) => c()));
        else
            held.forEach((c) => c());
    }
    usage() {
        return { promptTokens: this.o.promptTokens, completionTokens: this.o.outputTokens };
    }
    sendWhole() {
        const { o } = this;
        let content = '';
        let reasoning = '';
        for (let i = 0; i < o.outputTokens; i++) {
            if (o.kind === 'chat' && i < o.reasoningTokens)
                reasoning += tokenText(o.wordStart, i);
            else
                content += tokenText(o.wordStart, i);
        }
        this.done = true;
        o.sink.whole(content, reasoning, this.finishReason, this.usage());
        o.onEnd(true, this.finishReason);
    }
}
/** Writes a response as an OpenAI-compatible server does: SSE chunks or one JSON body. */
class HttpSink {
    res;
    kind;
    id;
    model;
    head;
    tail;
    roleSent = false;
    /** While batching: what would have been written, and whether the response ends after it. */
    batched = null;
    endAfterBatch = false;
    constructor(res, kind, id, model) {
        this.res = res;
        this.kind = kind;
        this.id = id;
        this.model = model;
        const created = Math.floor(Date.now() / 1000);
        const object = kind === 'chat' ? 'chat.completion.chunk' : 'text_completion';
        this.head = `data: {"id":"${id}","object":"${object}","created":${created},"model":${JSON.stringify(model)},"choices":[{"index":0,`;
        this.tail = ',"logprobs":null,"finish_reason":null}]}\n\n';
    }
    open() {
        if (this.res.headersSent)
            return;
        this.res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
        this.res.flushHeaders();
    }
    chunk(c) {
        const text = JSON.stringify(c.text);
        let body;
        if (this.kind === 'text')
            body = `"text":${text}`;
        else {
            const role = this.roleSent ? '' : '"role":"assistant",';
            this.roleSent = true;
            body = `"delta":{${role}"${c.reasoning ? 'reasoning_content' : 'content'}":${text}}`;
        }
        const chunk = c.malformed ? `${this.head}${body},"finish_reason":nul\n\n` : this.head + body + this.tail;
        if (!c.resetAfter) {
            this.write(chunk);
            return;
        }
        const { res } = this;
        res.write(chunk, () => {
            const sock = res.socket;
            if (sock && typeof sock.resetAndDestroy === 'function')
                sock.resetAndDestroy();
            else
                res.destroy();
        });
    }
    finish(finishReason, usage, done) {
        const fin = this.kind === 'chat' ? `"delta":{}` : `"text":""`;
        let out = `${this.head}${fin},"logprobs":null,"finish_reason":"${finishReason}"}]}\n\n`;
        if (usage)
            out += `${this.head.slice(0, this.head.lastIndexOf(',"choices"'))},"choices":[],"usage":${usageJson(usage)}}\n\n`;
        if (done)
            out += 'data: [DONE]\n\n';
        if (this.batched) {
            this.batched.push(out);
            this.endAfterBatch = true;
        }
        else
            this.res.end(out);
    }
    whole(content, reasoning, finishReason, usage) {
        const created = Math.floor(Date.now() / 1000);
        const choice = this.kind === 'chat'
            ? { index: 0, message: { role: 'assistant', content, ...(reasoning ? { reasoning_content: reasoning } : {}) }, logprobs: null, finish_reason: finishReason }
            : { index: 0, text: content, logprobs: null, finish_reason: finishReason };
        const body = {
            id: this.id,
            object: this.kind === 'chat' ? 'chat.completion' : 'text_completion',
            created,
            model: this.model,
            choices: [choice],
            usage: { prompt_tokens: usage.promptTokens, completion_tokens: usage.completionTokens, total_tokens: usage.promptTokens + usage.completionTokens },
        };
        this.res.writeHead(200, { 'content-type': 'application/json' });
        this.res.end(JSON.stringify(body));
    }
    abort() {
        this.res.destroy();
    }
    batch(fn) {
        this.batched = [];
        this.endAfterBatch = false;
        try {
            fn();
        }
        finally {
            const out = this.batched.join('');
            this.batched = null;
            if (this.endAfterBatch)
                this.res.end(out);
            else if (out)
                this.res.write(out);
        }
    }
    write(s) {
        if (this.batched)
            this.batched.push(s);
        else
            this.res.write(s);
    }
}
function usageJson(u) {
    return `{"prompt_tokens":${u.promptTokens},"completion_tokens":${u.completionTokens},"total_tokens":${u.promptTokens + u.completionTokens}}`;
}

;// CONCATENATED MODULE: ./lib/sim/completions.js





async function handleCompletion(ctx, kind, req, res) {
    const arrival = ctx.now();
    let body;
    try {
        const parsed = await readJson(req);
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
            throw new Error('request body must be a JSON object');
        body = parsed;
    }
    catch (e) {
        return sendError(res, 400, e.message);
    }
    const prepared = prepareCompletion(ctx, kind, body, arrival);
    if ('status' in prepared)
        return sendError(res, prepared.status, prepared.message, prepared.param ?? null);
    if (ctx.faults.latencyMs > 0)
        await sleep(ctx, ctx.faults.latencyMs / ctx.speedup);
    if (res.destroyed || req.socket.destroyed)
        return; // client gave up before we started
    const id = `${kind === 'chat' ? 'chatcmpl' : 'cmpl'}-sim${ctx.nextId()}`;
    const started = startCompletion(ctx, prepared, new HttpSink(res, kind, id, prepared.model), arrival);
    if (!started.started) {
        if (started.error)
            return sendError(res, started.error.status, started.error.message);
        res.destroy();
        return;
    }
    const { responder } = started;
    res.on('close', () => {
        if (!responder.finished)
            responder.onAbort();
    });
}
/**
 * Validates a completion body and draws the request's faults and output length from the model's
 * next seeded RNG. `arrival` (ctx.now()) decides whether startup has ended.
 */
function prepareCompletion(ctx, kind, body, arrival) {
    if (arrival < ctx.readyAt)
        return { status: 503, message: 'model is still loading; retry later' };
    if (typeof body.model !== 'string')
        return { status: 400, message: 'model is required', param: 'model' };
    const group = ctx.models.get(body.model);
    if (!group)
        return { status: 404, message: `The model \`${body.model}\` does not exist.`, param: 'model' };
    const text = promptText(kind, body);
    if (typeof text !== 'string')
        return { status: 400, message: text.error, param: kind === 'chat' ? 'messages' : 'prompt' };
    const limits = outputLimits(body, group.profile);
    if ('error' in limits)
        return { status: 400, message: limits.error, param: limits.param };
    const p = group.profile;
    const promptTokens = countTokens(text);
    if (promptTokens + limits.max > p.maxModelLen || Math.ceil((promptTokens + limits.max) / p.blockSize) > p.kvBlocks) {
        return {
            status: 400,
            message: `This model's maximum context length is ${p.maxModelLen} tokens; the request needs ${promptTokens} prompt + ${limits.max} output tokens.`,
            param: 'max_tokens',
        };
    }
    const rand = group.nextRequestRand();
    const faults = drawFaults(ctx.faults, rand);
    const outputTokens = outputLength(p, limits, rand);
    const wordStart = Math.floor(rand() * WORDS.length);
    const so = body.stream_options;
    return {
        kind,
        group,
        model: body.model,
        stream: body.stream === true,
        includeUsage: so?.include_usage === true,
        promptTokens,
        outputTokens,
        maxTokens: limits.max,
        wordStart,
        faults,
        hashes: blockHashes(text, p.blockSize),
    };
}
/**
 * Applies the error fault, routes to a replica and submits to its engine; the responder then
 * drives `sink` from the engine's callbacks. The caller aborts the responder when the client goes.
 */
function startCompletion(ctx, c, sink, arrival) {
    const { group, faults } = c;
    const m = group.metrics;
    if (faults.errorStatus !== null) {
        m.failed++;
        return { started: false, error: { status: faults.errorStatus, message: `injected fault: status ${faults.errorStatus}` } };
    }
    const replica = group.router.pick(c.hashes);
    if (!replica) {
        m.rejected++;
        return { started: false, error: { status: 503, message: 'no healthy replica' } };
    }
    m.requests++;
    let cancel = () => { };
    const responder = new Responder({
        sink,
        clock: ctx.clock,
        kind: c.kind,
        stream: c.stream,
        includeUsage: c.includeUsage,
        promptTokens: c.promptTokens,
        outputTokens: c.outputTokens,
        maxTokens: c.maxTokens,
        wordStart: c.wordStart,
        faults,
        reasoningTokens: ctx.faults.reasoningTokens,
        tokensPerChunk: ctx.faults.tokensPerChunk,
        stallRealMs: ctx.faults.stallMs / ctx.speedup,
        onTokenMetric: (first) => {
            m.generationTokens++;
            if (first)
                m.ttft.observe((ctx.now() - arrival) / 1000);
        },
        onEnd: (ok, reason) => {
            if (ok)
                m.finished(reason, c.promptTokens, (ctx.now() - arrival) / 1000);
            else {
                m.failed++;
                cancel();
            }
        },
    });
    const result = replica.submit({
        promptTokens: c.promptTokens,
        hashes: c.hashes,
        outputTokens: c.outputTokens,
        onToken: () => responder.onToken(),
        onFinish: () => responder.onFinish(),
        onAbort: () => responder.onAbort(),
    });
    if (!result.ok) {
        m.requests--;
        if (result.reason === 'down') {
            m.failed++;
            return { started: false, error: null };
        }
        m.rejected++;
        return { started: false, error: { status: group.profile.rejectStatus, message: 'server overloaded: waiting queue is full; retry later' } };
    }
    cancel = result.cancel;
    responder.open();
    return { started: true, responder };
}
function promptText(kind, body) {
    if (kind === 'chat') {
        if (!Array.isArray(body.messages) || body.messages.length === 0)
            return { error: 'messages must be a non-empty array' };
        return chatPromptText(body.messages);
    }
    const p = body.prompt;
    if (typeof p === 'string')
        return p;
    if (Array.isArray(p) && p.length > 0 && p.every((x) => typeof x === 'string'))
        return p.join('');
    return { error: 'prompt must be a string or an array of strings' };
}
function outputLimits(body, p) {
    const param = body.max_completion_tokens !== undefined && body.max_completion_tokens !== null ? 'max_completion_tokens' : 'max_tokens';
    const raw = body[param] ?? p.defaultMaxTokens;
    if (!Number.isInteger(raw) || raw < 1)
        return { error: `${param} must be a positive integer`, param };
    const max = raw;
    const minRaw = body.min_tokens ?? 0;
    if (!Number.isInteger(minRaw) || minRaw < 0)
        return { error: 'min_tokens must be an integer >= 0', param: 'min_tokens' };
    return { max, min: Math.min(max, minRaw), exact: body.ignore_eos === true };
}
/** ignore_eos → exactly max; otherwise a natural (log-normal) length clamped to [max(1,min_tokens), max]. */
function outputLength(p, l, rand) {
    const z = normal(rand);
    if (l.exact || !p.naturalOutput)
        return l.max;
    const natural = Math.round(p.naturalOutput.median * Math.exp(p.naturalOutput.sigma * z));
    return Math.min(l.max, Math.max(1, l.min, natural));
}
function sleep(ctx, ms) {
    return new Promise((r) => ctx.clock.setTimer(r, ms));
}

;// CONCATENATED MODULE: ./lib/sim/server.js




function statsOf(ctx) {
    return { uptimeMs: ctx.now() - ctx.startedAt, models: [...ctx.models.values()].map((g) => g.stats()) };
}
/** Dispatches one request; never throws (errors become 500 responses). */
function handle(ctx, req, res) {
    route(ctx, req, res).catch((e) => sendError(res, 500, `simulator error: ${e.message}`));
}
async function route(ctx, req, res) {
    const path = (req.url ?? '/').split('?')[0];
    const method = req.method ?? 'GET';
    const ready = ctx.now() >= ctx.readyAt;
    switch (`${method} ${path}`) {
        case 'POST /v1/chat/completions':
            return handleCompletion(ctx, 'chat', req, res);
        case 'POST /v1/completions':
            return handleCompletion(ctx, 'text', req, res);
        case 'GET /health':
            if (!ready)
                return sendError(res, 503, 'starting up');
            res.writeHead(200).end();
            return;
        case 'GET /v1/models':
            if (!ready && !ctx.modelsReadyBeforeCompletions)
                return sendError(res, 503, 'starting up');
            return sendJson(res, 200, {
                object: 'list',
                data: [...ctx.models.keys()].map((id) => ({ id, object: 'model', created: Math.floor(Date.now() / 1000), owned_by: 'llm-loadgate-sim' })),
            });
        case 'GET /metrics':
            res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
            res.end(renderMetrics([...ctx.models.values()].map((g) => ({ name: g.name, metrics: g.metrics, gauges: g.gauges() }))));
            return;
        case 'GET /admin/faults':
            return sendJson(res, 200, ctx.faults);
        case 'GET /admin/stats':
            return sendJson(res, 200, statsOf(ctx));
        case 'POST /admin/faults':
            return postFaults(ctx, req, res);
        default:
            return sendError(res, 404, `no route ${method} ${path}`);
    }
}
async function postFaults(ctx, req, res) {
    try {
        ctx.setFaults(validateFaults(await readJson(req)));
    }
    catch (e) {
        return sendError(res, 400, e.message);
    }
    sendJson(res, 200, ctx.faults);
}

;// CONCATENATED MODULE: ./lib/sim/index.js
/**
 * llm-loadgate endpoint simulator: an OpenAI-compatible server backed by a model of
 * continuous batching, KV-cache pressure and prefix caching, with injectable faults.
 * Self-contained: imports nothing from the rest of src/.
 */











/**
 * Builds the simulator's model on `clock` (the real clock by default). Throws on invalid options.
 * startSim puts HTTP in front of it; load/sim-sender.ts serves requests from it in process.
 */
function createSimCore(options = {}, clock = realSimClock) {
    const { options: o, models } = resolveOptions(options);
    const now = () => clock.now();
    const startedAt = now();
    const timers = new Set();
    const groups = new Map(models.map((m, i) => [m.name, new ModelGroup(m.name, i, m.profile, m.replicas, m.routing, o.seed, o.speedup, clock)]));
    let idCounter = 0;
    const ctx = {
        models: groups,
        faults: defaultFaults(),
        speedup: o.speedup,
        now,
        clock,
        startedAt,
        readyAt: startedAt + o.startupDelayMs / o.speedup,
        modelsReadyBeforeCompletions: o.modelsReadyBeforeCompletions,
        nextId: () => ++idCounter,
        setFaults(f) {
            const valid = validateFaults(f);
            for (const c of valid.crashes ?? [])
                checkCrash(groups, c);
            ctx.faults = { ...ctx.faults, ...valid };
            for (const c of valid.crashes ?? [])
                scheduleCrash(groups, c, o.speedup, clock, timers);
        },
    };
    ctx.setFaults(o.faults);
    return {
        ctx,
        options: o,
        setFaults: (f) => ctx.setFaults(f),
        stats: () => statsOf(ctx),
        close: () => {
            for (const t of timers)
                t.cancel();
            timers.clear();
            for (const g of groups.values())
                for (const r of g.replicas)
                    r.crash();
        },
    };
}
/** Starts the simulator; resolves once it listens. Throws on invalid options. */
async function startSim(options = {}) {
    const core = createSimCore(options);
    const { ctx, options: o } = core;
    const server = (0,external_node_http_.createServer)({ keepAliveTimeout: 65_000 }, (req, res) => handle(ctx, req, res));
    await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(o.port, o.host, () => resolve());
    });
    const port = server.address().port;
    const host = o.host.includes(':') ? `[${o.host}]` : o.host;
    return {
        url: `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${port}`,
        port,
        setFaults: core.setFaults,
        stats: core.stats,
        close: async () => {
            core.close();
            server.closeAllConnections();
            await new Promise((resolve) => server.close(() => resolve()));
        },
    };
}
function checkCrash(groups, c) {
    const g = c.model !== undefined ? groups.get(c.model) : groups.values().next().value;
    if (!g)
        throw new Error(`faults.crashes: unknown model "${c.model}"`);
    if (c.replica >= g.replicas.length)
        throw new Error(`faults.crashes: model "${g.name}" has ${g.replicas.length} replicas (indexes 0-${g.replicas.length - 1}), got replica ${c.replica}`);
}
/** Crash at atMs (simulated, from now), optionally recover; times are divided by speedup. */
function scheduleCrash(groups, c, speedup, clock, timers) {
    const g = (c.model !== undefined ? groups.get(c.model) : groups.values().next().value);
    const r = g.replicas[c.replica];
    const later = (ms, fn) => {
        const t = clock.setTimer(() => {
            timers.delete(t);
            fn();
        }, ms / speedup);
        timers.add(t);
    };
    later(c.atMs, () => {
        r.detectionMs = (c.detectionMs ?? 1000) / speedup;
        r.crash();
        if (c.recoverAfterMs !== undefined)
            later(c.recoverAfterMs, () => r.recover());
    });
}

;// CONCATENATED MODULE: ./lib/sim/cli.js
/**
 * `llm-loadgate sim` — run the endpoint simulator until SIGINT/SIGTERM.
 * Flags override the --config file, which overrides defaults. Exit codes: 0 after a
 * clean shutdown, 2 on bad flags/config (one-line message on stderr, no stack).
 */





const USAGE = `usage: llm-loadgate sim [--port 8000] [--host 127.0.0.1] [--config sim.yml] [--profile ${Object.keys(PROFILES).join('|')}] [--replicas N] [--routing ${ROUTINGS.join('|')}] [--speedup X] [--seed S]`;
class UsageError extends Error {
}
/** Parses flags into options; throws UsageError with a what/where/how-to-fix message. */
function parseSimArgs(argv) {
    let values;
    try {
        ({ values } = (0,external_node_util_.parseArgs)({
            args: argv,
            strict: true,
            allowPositionals: false,
            options: {
                port: { type: 'string' },
                host: { type: 'string' },
                config: { type: 'string' },
                profile: { type: 'string' },
                replicas: { type: 'string' },
                routing: { type: 'string' },
                speedup: { type: 'string' },
                seed: { type: 'string' },
                help: { type: 'boolean', short: 'h' },
            },
        }));
    }
    catch (e) {
        throw new UsageError(`${e.message.split('\n')[0]} (run "llm-loadgate sim --help" for the flags)`);
    }
    const o = {};
    const num = (flag, ok, hint) => {
        const v = values[flag];
        if (v === undefined)
            return undefined;
        const n = Number(v);
        if (typeof v !== 'string' || v.trim() === '' || !ok(n))
            throw new UsageError(`invalid --${flag} "${String(v)}": expected ${hint}`);
        return n;
    };
    o.port = num('port', (n) => Number.isInteger(n) && n >= 0 && n <= 65535, 'a port number 0-65535, e.g. --port 8000');
    o.replicas = num('replicas', (n) => Number.isInteger(n) && n >= 1, 'a positive integer, e.g. --replicas 4');
    o.speedup = num('speedup', (n) => Number.isFinite(n) && n > 0, 'a number > 0, e.g. --speedup 10');
    o.seed = num('seed', Number.isInteger, 'an integer, e.g. --seed 42');
    if (typeof values.host === 'string')
        o.host = values.host;
    if (typeof values.profile === 'string') {
        if (!PROFILES[values.profile])
            throw new UsageError(`invalid --profile "${values.profile}": expected one of ${Object.keys(PROFILES).join(', ')}`);
        o.profile = values.profile;
    }
    if (typeof values.routing === 'string') {
        if (!ROUTINGS.includes(values.routing))
            throw new UsageError(`invalid --routing "${values.routing}": expected one of ${ROUTINGS.join(', ')}`);
        o.routing = values.routing;
    }
    for (const k of Object.keys(o))
        if (o[k] === undefined)
            delete o[k];
    return { options: o, config: typeof values.config === 'string' ? values.config : undefined, help: values.help === true };
}
/**
 * Runs the simulator CLI; resolves with the process exit code. Stops on SIGINT/SIGTERM,
 * or when the optional `signal` aborts (lets a host CLI own signal handling).
 */
async function simCommand(argv, signal) {
    let parsed;
    let fromFile = {};
    try {
        parsed = parseSimArgs(argv);
        if (parsed.help) {
            process.stdout.write(USAGE + '\n');
            return 0;
        }
        if (parsed.config)
            fromFile = await loadSimConfig(parsed.config);
    }
    catch (e) {
        process.stderr.write(`llm-loadgate sim: ${e.message}\n`);
        return 2;
    }
    const options = { port: 8000, ...fromFile, ...parsed.options };
    let sim;
    try {
        sim = await startSim(options);
    }
    catch (e) {
        const err = e;
        const hint = err.code === 'EADDRINUSE' ? ' (port in use; pick another with --port)' : '';
        process.stderr.write(`llm-loadgate sim: cannot start: ${err.message}${hint}\n`);
        return 2;
    }
    const models = sim
        .stats()
        .models.map((m) => `${m.model} [${m.profile} x${m.replicas.length}]`)
        .join(', ');
    process.stdout.write(`llm-loadgate sim listening on ${sim.url} serving ${models}\n`);
    await new Promise((resolve) => {
        const stop = () => {
            process.off('SIGINT', stop);
            process.off('SIGTERM', stop);
            signal?.removeEventListener('abort', stop);
            resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
        signal?.addEventListener('abort', stop);
        if (signal?.aborted)
            stop();
    });
    await sim.close();
    return 0;
}


/***/ })

};
