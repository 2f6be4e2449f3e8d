export const id = 132;
export const ids = [132];
export const modules = {

/***/ 3132:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   loadCommand: () => (/* binding */ loadCommand),
/* harmony export */   parseLoadArgs: () => (/* binding */ parseLoadArgs),
/* harmony export */   runLoad: () => (/* binding */ runLoad)
/* harmony export */ });
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(57975);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var _client_openai_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(43157);
/* harmony import */ var _load_runner_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(90892);
/* harmony import */ var _load_workload_js__WEBPACK_IMPORTED_MODULE_12__ = __webpack_require__(42399);
/* harmony import */ var _workload_index_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(34057);
/* harmony import */ var _config_load_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(76264);
/* harmony import */ var _load_pacer_js__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(43091);
/* harmony import */ var _metrics_merge_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(3033);
/* harmony import */ var _report_table_js__WEBPACK_IMPORTED_MODULE_15__ = __webpack_require__(68330);
/* harmony import */ var _results_files_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(96781);
/* harmony import */ var _util_duration_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(47402);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(3467);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(99661);
/* harmony import */ var _util_url_js__WEBPACK_IMPORTED_MODULE_14__ = __webpack_require__(47237);
/* harmony import */ var _version_js__WEBPACK_IMPORTED_MODULE_13__ = __webpack_require__(13411);
/**
 * `llm-loadgate load`: one load level (or a few stages) against a target, a summary table on
 * stdout, results.json in --out. Flags parse into a typed LoadPlan with every error reported.
 */
















/** Timeout flag defaults: the client's one table (client/openai.ts DEFAULT_TIMEOUTS), in seconds. */
const T = { connect: `${_client_openai_js__WEBPACK_IMPORTED_MODULE_2__/* .DEFAULT_TIMEOUTS */ .Rh.connectMs / 1000}s`, firstByte: `${_client_openai_js__WEBPACK_IMPORTED_MODULE_2__/* .DEFAULT_TIMEOUTS */ .Rh.firstByteMs / 1000}s`, idle: `${_client_openai_js__WEBPACK_IMPORTED_MODULE_2__/* .DEFAULT_TIMEOUTS */ .Rh.idleMs / 1000}s`, total: `${_client_openai_js__WEBPACK_IMPORTED_MODULE_2__/* .DEFAULT_TIMEOUTS */ .Rh.totalMs / 1000}s` };
const HELP = `llm-loadgate load [--config loadgate.yml] --target URL --model NAME
                  (--rate R | --ramp FROM:TO:STEPS | --stages "2m:50,10m:50,1m:0" | --concurrency C)
                  [--arrival constant|poisson] [--duration 30s] [--requests N] [--max-tokens N] [--prompt TEXT] [--endpoint chat|completions]
                  [--no-stream] [--api-key-env VAR] [--header "Name: value"]... [--think-time 0s]
                  [--max-in-flight N] [--timeout-connect ${T.connect}] [--timeout-first-byte ${T.firstByte}]
                  [--timeout-idle ${T.idle}] [--timeout-total ${T.total}] [--goodput-ttft-ms N] [--goodput-tpot-ms N]
                  [--requests-log] [--seed N] [--salt N] [--out DIR]

--config FILE takes the target (url, model, endpoint, headers, api_key_env, timeouts), the workload
(any kind: synthetic mixes, datasets, sessions, model splits), goodput and run.seed from a gate
config; --target, --model and the other flags above override it and are validated by the same
schema. The load itself (--rate/--ramp/--concurrency, --duration) always comes from the flags.

Runs one load level and writes DIR/results.json (and DIR/requests.jsonl with --requests-log).
Without --prompt every request gets a unique synthetic prompt (input ~ normal mean 512 tokens,
o200k; --max-tokens default 128), so an engine's prompt cache cannot serve it; the per-run salt is
in results.json (--salt N with the same --seed replays the prompts). --prompt TEXT sends that one
prompt every time: on engines that cache prompts the figures then include cache hits.
--rate and --concurrency take a comma list to run several levels in turn (e.g. --rate 1,5,10);
--ramp FROM:TO:STEPS is a linear ramp of STEPS open-loop levels (e.g. --ramp 5:50:10), each --duration.
--stages DURATION:RATE,… is a k6-style profile: each stage moves the rate continuously from the
previous stage's target (0 at first) to its own over its duration, e.g. "2m:50,10m:50,1m:0" ramps
up to 50 req/s, holds it 10 minutes and ramps down; each stage is a level in results.json.
--requests N ends each level after N requests (a blast: --concurrency 256 --requests 5000);
without --duration the level then runs until its N requests are sent.`;
/** Parses `load` flags; throws one UsageError listing every problem. */
function parseLoadArgs(argv) {
    const { values: v } = (0,node_util__WEBPACK_IMPORTED_MODULE_0__.parseArgs)({
        args: argv,
        strict: true,
        options: {
            target: { type: 'string' },
            model: { type: 'string' },
            rate: { type: 'string' },
            ramp: { type: 'string' },
            stages: { type: 'string' },
            requests: { type: 'string' },
            arrival: { type: 'string', default: 'constant' },
            concurrency: { type: 'string' },
            duration: { type: 'string' },
            'think-time': { type: 'string', default: '0s' },
            'max-tokens': { type: 'string' },
            prompt: { type: 'string' },
            salt: { type: 'string' },
            config: { type: 'string' },
            endpoint: { type: 'string' },
            'no-stream': { type: 'boolean' },
            'api-key-env': { type: 'string' },
            header: { type: 'string', multiple: true },
            'max-in-flight': { type: 'string' },
            'timeout-connect': { type: 'string' },
            'timeout-first-byte': { type: 'string' },
            'timeout-idle': { type: 'string' },
            'timeout-total': { type: 'string' },
            'goodput-ttft-ms': { type: 'string' },
            'goodput-tpot-ms': { type: 'string' },
            'requests-log': { type: 'boolean' },
            seed: { type: 'string' },
            out: { type: 'string', default: 'loadgate-results/load' },
        },
    });
    const errs = [];
    /** `min` is inclusive, or exclusive when `positive` (so a rate reads "> 0", not "≥ 5e-324"). */
    const num = (flag, text, min, integer = false, positive = false) => {
        if (text === undefined)
            return undefined;
        const n = Number(text);
        if (!Number.isFinite(n) || n < min || (positive && n <= min) || (integer && !Number.isInteger(n))) {
            errs.push(`--${flag} ${JSON.stringify(text)}: expected ${integer ? 'an integer' : 'a number'} ${positive ? '>' : '≥'} ${min}`);
            return undefined;
        }
        return n;
    };
    const dur = (flag, text) => {
        const s = (0,_util_duration_js__WEBPACK_IMPORTED_MODULE_10__/* .parseDuration */ .E)(text);
        if (s === undefined || s <= 0) {
            errs.push(`--${flag} ${JSON.stringify(text)}: expected a duration like 500ms, 30s, 5m or 1h`);
            return 1;
        }
        return s;
    };
    if (!v.target && !v.config)
        errs.push('--target is required (the endpoint base URL, e.g. http://127.0.0.1:8000), or --config with target.url');
    else if (v.target && !/^https?:\/\/[^/]/.test(v.target))
        errs.push(`--target ${JSON.stringify(v.target)}: expected an http:// or https:// URL`);
    if (!v.model && !v.config)
        errs.push('--model is required (the model name the endpoint serves; see GET /v1/models), or --config with target.model');
    const loads = [v.rate, v.concurrency, v.ramp, v.stages].filter((x) => x !== undefined).length;
    if (loads === 0)
        errs.push('give --rate R (open loop, req/s), --ramp FROM:TO:STEPS, --stages DURATION:RATE,… or --concurrency C (closed loop, users)');
    if (loads > 1)
        errs.push('--rate, --ramp, --stages and --concurrency exclude each other: pick one');
    if (v.stages !== undefined && v.duration !== undefined)
        errs.push('--duration does not apply to --stages: each stage has its own (DURATION:RATE)');
    if (v.endpoint !== undefined && v.endpoint !== 'chat' && v.endpoint !== 'completions')
        errs.push(`--endpoint ${JSON.stringify(v.endpoint)}: expected chat or completions`);
    if (v.arrival !== 'constant' && v.arrival !== 'poisson')
        errs.push(`--arrival ${JSON.stringify(v.arrival)}: expected constant or poisson`);
    if (v['api-key-env'] !== undefined && process.env[v['api-key-env']] === undefined)
        errs.push(`--api-key-env ${v['api-key-env']}: that environment variable is not set`);
    const maxRequests = num('requests', v.requests, 1, true);
    // A blast of N requests without a duration runs until its N are sent (a day is the upper bound).
    const durationS = v.duration === undefined && maxRequests !== undefined ? 86_400 : dur('duration', v.duration ?? '30s');
    const thinkMs = ((0,_util_duration_js__WEBPACK_IMPORTED_MODULE_10__/* .parseDuration */ .E)(v['think-time']) ?? (errs.push(`--think-time ${JSON.stringify(v['think-time'])}: expected a duration`), 0)) * 1000;
    const stages = [];
    for (const part of (v.rate ?? '').split(',').filter(Boolean)) {
        const rate = num('rate', part, 0, false, true);
        if (rate !== undefined)
            stages.push({ kind: 'rate', rate, arrival: v.arrival, durationS });
    }
    if (v.ramp !== undefined) {
        const m = /^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?):(\d+)$/.exec(v.ramp);
        if (!m || Number(m[1]) <= 0 || Number(m[2]) <= 0 || Number(m[3]) < 1)
            errs.push(`--ramp ${JSON.stringify(v.ramp)}: expected FROM:TO:STEPS with rates > 0 and STEPS ≥ 1, e.g. 5:50:10`);
        else
            stages.push(...(0,_load_pacer_js__WEBPACK_IMPORTED_MODULE_11__/* .rampStages */ .UE)(Number(m[1]), Number(m[2]), Number(m[3]), durationS, v.arrival));
    }
    if (v.stages !== undefined) {
        let from = 0;
        for (const part of v.stages.split(',')) {
            const m = /^([^:]+):(\d+(?:\.\d+)?)$/.exec(part.trim());
            const s = m ? (0,_util_duration_js__WEBPACK_IMPORTED_MODULE_10__/* .parseDuration */ .E)(m[1]) : undefined;
            if (!m || s === undefined || s <= 0) {
                errs.push(`--stages ${JSON.stringify(part)}: expected DURATION:RATE with a duration > 0 and a rate ≥ 0, e.g. 2m:50 (list them: "2m:50,10m:50,1m:0")`);
                continue;
            }
            const to = Number(m[2]);
            stages.push({ kind: 'rate', rate: from, ...(to !== from ? { rateEnd: to } : {}), arrival: v.arrival, durationS: s });
            from = to;
        }
    }
    for (const part of (v.concurrency ?? '').split(',').filter(Boolean)) {
        const users = num('concurrency', part, 1, true);
        if (users !== undefined)
            stages.push({ kind: 'concurrency', users, thinkMs, durationS });
    }
    if (maxRequests !== undefined)
        for (const st of stages)
            st.maxRequests = maxRequests;
    const headers = {};
    for (const h of v.header ?? []) {
        const i = h.indexOf(':');
        if (i <= 0)
            errs.push(`--header ${JSON.stringify(h)}: expected "Name: value"`);
        else
            headers[h.slice(0, i).trim().toLowerCase()] = h.slice(i + 1).trim();
    }
    const plan = {
        target: v.target ?? '',
        model: v.model ?? '',
        stages,
        maxTokens: num('max-tokens', v['max-tokens'], 1, true),
        prompt: v.prompt,
        salt: num('salt', v.salt, 0, true),
        endpoint: (v.endpoint ?? 'chat'),
        stream: !v['no-stream'],
        apiKeyEnv: v['api-key-env'],
        headers,
        maxInFlight: num('max-in-flight', v['max-in-flight'], 1, true),
        timeouts: {
            connectMs: dur('timeout-connect', v['timeout-connect'] ?? T.connect) * 1000,
            firstByteMs: dur('timeout-first-byte', v['timeout-first-byte'] ?? T.firstByte) * 1000,
            idleMs: dur('timeout-idle', v['timeout-idle'] ?? T.idle) * 1000,
            totalMs: dur('timeout-total', v['timeout-total'] ?? T.total) * 1000,
        },
        goodput: { ttftMs: num('goodput-ttft-ms', v['goodput-ttft-ms'], 0), tpotMs: num('goodput-tpot-ms', v['goodput-tpot-ms'], 0) },
        requestsLog: v['requests-log'] ?? false,
        seed: num('seed', v.seed, 0, true) ?? 1,
        out: v.out,
    };
    if (v.prompt === '')
        errs.push('--prompt "": give the prompt text, or leave --prompt out for unique synthetic prompts');
    if (plan.salt !== undefined && plan.salt > 0xffffffff)
        errs.push(`--salt ${v.salt}: expected an integer from 0 to 4294967295`);
    if (plan.salt !== undefined && v.prompt !== undefined)
        errs.push('--salt applies to the synthetic prompts: leave it out with --prompt (a fixed prompt has nothing to salt)');
    if (errs.length)
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_9__/* .UsageError */ .eb(`load: ${errs.length} problem${errs.length > 1 ? 's' : ''} with the flags:\n  - ${errs.join('\n  - ')}\n\n${HELP}`);
    return v.config ? withConfigFile(plan, v.config, flagOverlay(v)) : plan;
}
/** The flags given explicitly, as a config document laid over --config (the same schema validates both). */
function flagOverlay(v) {
    const s = (k) => v[k];
    const n = (k) => (v[k] === undefined ? undefined : Number(v[k]));
    const headers = {};
    for (const h of v.header ?? [])
        headers[h.slice(0, h.indexOf(':')).trim().toLowerCase()] = h.slice(h.indexOf(':') + 1).trim();
    return {
        target: {
            url: s('target'),
            model: s('model'),
            endpoint: s('endpoint'),
            stream: v['no-stream'] ? false : undefined,
            api_key_env: s('api-key-env'),
            headers: Object.keys(headers).length ? headers : undefined,
            timeouts: { connect: s('timeout-connect'), first_byte: s('timeout-first-byte'), idle: s('timeout-idle'), total: s('timeout-total') },
        },
        workload: { prompt: s('prompt'), max_tokens: n('max-tokens'), salt: n('salt') },
        sla: { goodput_ttft_ms: n('goodput-ttft-ms'), goodput_tpot_ms: n('goodput-tpot-ms') },
        run: { seed: n('seed'), requests_log: v['requests-log'], max_in_flight: n('max-in-flight') },
    };
}
/** The plan with everything but the load taken from the config file and the flags over it. */
function withConfigFile(plan, file, overlay) {
    const c = (0,_config_load_js__WEBPACK_IMPORTED_MODULE_5__/* .loadConfig */ .Z)(file, overlay);
    const w = c.workload;
    return {
        ...plan,
        target: c.target.url,
        model: c.target.model,
        endpoint: c.target.endpoint,
        stream: c.target.stream,
        apiKeyEnv: c.target.apiKeyEnv,
        headers: c.target.headers,
        timeouts: c.target.timeouts,
        goodput: c.goodput,
        maxInFlight: c.run.maxInFlight,
        requestsLog: c.run.requestsLog,
        seed: c.run.seed,
        prompt: w.prompt,
        maxTokens: w.maxTokens,
        salt: w.salt,
        workload: w,
    };
}
/** The plan's workload: its one --prompt, or unique synthetic prompts keyed by a per-run salt. */
async function loadWorkload(plan) {
    if (plan.workload) {
        // --config: the file's workload, whatever its kind, exactly as a gate would send it.
        const cfg = plan.workload.prompt === undefined ? (0,_workload_index_js__WEBPACK_IMPORTED_MODULE_4__/* .withSalt */ .pi)(plan.workload) : plan.workload;
        await (0,_workload_index_js__WEBPACK_IMPORTED_MODULE_4__/* .prepareWorkload */ .V)(cfg);
        const salt = cfg.prompt === undefined ? ` · salt ${cfg.salt}` : '';
        return { workload: (0,_workload_index_js__WEBPACK_IMPORTED_MODULE_4__/* .workloadFromConfig */ .US)(cfg, { model: plan.model, seed: plan.seed }), record: (0,_workload_index_js__WEBPACK_IMPORTED_MODULE_4__/* .workloadRecord */ .rN)(cfg, plan.seed), description: `${(0,_workload_index_js__WEBPACK_IMPORTED_MODULE_4__/* .describeWorkload */ .HV)(cfg)}${salt}` };
    }
    if (plan.prompt !== undefined) {
        // The body as before workload kinds existed (max_tokens only when given).
        const cfg = (0,_workload_index_js__WEBPACK_IMPORTED_MODULE_4__/* .parseWorkloadConfig */ .bg)({ prompt: plan.prompt, ...(plan.maxTokens ? { max_tokens: plan.maxTokens } : {}) }, 'load');
        return { workload: new _load_workload_js__WEBPACK_IMPORTED_MODULE_12__/* .FixedWorkload */ .k({ model: plan.model, prompt: plan.prompt, maxTokens: plan.maxTokens }), record: (0,_workload_index_js__WEBPACK_IMPORTED_MODULE_4__/* .workloadRecord */ .rN)(cfg, plan.seed), description: (0,_workload_index_js__WEBPACK_IMPORTED_MODULE_4__/* .describeWorkload */ .HV)(cfg) };
    }
    const cfg = (0,_workload_index_js__WEBPACK_IMPORTED_MODULE_4__/* .withSalt */ .pi)((0,_workload_index_js__WEBPACK_IMPORTED_MODULE_4__/* .parseWorkloadConfig */ .bg)({ ...(plan.maxTokens ? { max_tokens: plan.maxTokens } : {}), ...(plan.salt !== undefined ? { salt: plan.salt } : {}) }, 'load'));
    await (0,_workload_index_js__WEBPACK_IMPORTED_MODULE_4__/* .prepareWorkload */ .V)(cfg);
    return { workload: (0,_workload_index_js__WEBPACK_IMPORTED_MODULE_4__/* .workloadFromConfig */ .US)(cfg, { model: plan.model, seed: plan.seed }), record: (0,_workload_index_js__WEBPACK_IMPORTED_MODULE_4__/* .workloadRecord */ .rN)(cfg, plan.seed), description: `${(0,_workload_index_js__WEBPACK_IMPORTED_MODULE_4__/* .describeWorkload */ .HV)(cfg)} · salt ${cfg.salt}` };
}
/** Runs a parsed plan; cancelling `signal` stops sending, cancels in-flight requests and still writes results. */
async function runLoad(plan, signal, log) {
    const apiKey = plan.apiKeyEnv ? process.env[plan.apiKeyEnv] : undefined;
    const client = new _client_openai_js__WEBPACK_IMPORTED_MODULE_2__/* .OpenAIClient */ .gP({ baseUrl: plan.target, endpoint: plan.endpoint, stream: plan.stream, apiKey, headers: plan.headers, timeouts: plan.timeouts });
    const { workload, record, description } = await loadWorkload(plan);
    log(`workload: ${description}`);
    const outDir = (0,_results_files_js__WEBPACK_IMPORTED_MODULE_7__/* .ensureDir */ .A0)(plan.out);
    const sink = plan.requestsLog ? new _results_files_js__WEBPACK_IMPORTED_MODULE_7__/* .JsonlSink */ .S7((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(outDir, 'requests.jsonl')) : undefined;
    const levels = [];
    const seq = { next: 0 };
    try {
        for (const [i, stage] of plan.stages.entries()) {
            if (signal.aborted)
                break;
            const name = plan.stages.length === 1 ? 'load' : `level-${i + 1}`;
            const rate = (st) => (st.rateEnd === undefined ? `${st.rate}` : `${st.rate}→${st.rateEnd}`);
            const bound = stage.maxRequests !== undefined ? `${stage.maxRequests} requests (at most ${stage.durationS}s)` : `${stage.durationS}s`;
            log(`${name}: ${stage.kind === 'rate' ? `${rate(stage)} req/s ${stage.arrival}` : `${stage.users} users`} for ${bound}`);
            const summary = await (0,_load_runner_js__WEBPACK_IMPORTED_MODULE_3__/* .runLevel */ .mA)(name, stage, {
                sender: client,
                workload,
                maxInFlight: plan.maxInFlight,
                goodput: plan.goodput,
                signal,
                seq,
                seed: plan.seed + i,
                onRecord: sink ? (r) => sink.write(r) : undefined,
            });
            levels.push(summary);
        }
    }
    finally {
        await sink?.close();
        await client.close();
    }
    const status = signal.aborted ? 'cancelled' : 'complete';
    const summary = levels.length ? (0,_metrics_merge_js__WEBPACK_IMPORTED_MODULE_6__/* .mergeSummaries */ .T)('all', levels, 'sequential') : undefined;
    const doc = {
        schema_version: 1,
        kind: 'load',
        tool: { name: 'llm-loadgate', version: _version_js__WEBPACK_IMPORTED_MODULE_13__/* .VERSION */ .x },
        status,
        target: (0,_util_url_js__WEBPACK_IMPORTED_MODULE_14__/* .redactUrl */ .B)(plan.target),
        model: plan.model,
        ...(summary ?? {}),
        levels,
        workload: record,
    };
    (0,_results_files_js__WEBPACK_IMPORTED_MODULE_7__/* .writeJson */ .GF)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(outDir, 'results.json'), doc);
    if (!summary)
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_9__/* .UsageError */ .eb('load: cancelled before any level ran; results.json records the empty run', _errors_js__WEBPACK_IMPORTED_MODULE_8__/* .EXIT */ .d.cancelled);
    return { status, summary, levels, outDir, workload: record };
}
async function loadCommand(argv, signal) {
    if (argv.includes('--help') || argv.includes('-h')) {
        process.stdout.write(`${HELP}\n`);
        return _errors_js__WEBPACK_IMPORTED_MODULE_8__/* .EXIT */ .d.ok;
    }
    const plan = parseLoadArgs(argv);
    const res = await runLoad(plan, signal, (l) => process.stderr.write(`${l}\n`));
    process.stdout.write(`${(0,_report_table_js__WEBPACK_IMPORTED_MODULE_15__/* .levelsTable */ .eP)(res.levels)}\n\nresults: ${(0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(res.outDir, 'results.json')}\n`);
    if (res.status === 'cancelled') {
        process.stderr.write('cancelled: partial results written\n');
        return _errors_js__WEBPACK_IMPORTED_MODULE_8__/* .EXIT */ .d.cancelled;
    }
    return _errors_js__WEBPACK_IMPORTED_MODULE_8__/* .EXIT */ .d.ok;
}


/***/ }),

/***/ 3033:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   T: () => (/* binding */ mergeSummaries)
/* harmony export */ });
/* harmony import */ var _util_num_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(21764);
/* harmony import */ var _aggregate_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(64982);
/* harmony import */ var _histogram_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(22179);



function mergeSummaries(name, parts, mode) {
    if (parts.length === 0)
        throw new Error('mergeSummaries needs at least one summary');
    const first = parts[0];
    const duration = mode === 'sequential' ? sum(parts, (p) => p.duration_s) : Math.max(...parts.map((p) => p.duration_s));
    const d = duration > 0 ? duration : Number.EPSILON;
    const sent = sum(parts, (p) => p.requests.sent);
    const ok = sum(parts, (p) => p.requests.ok);
    const out = sum(parts, (p) => p.output_tokens);
    const inp = sum(parts, (p) => p.input_tokens);
    // Rates add for generators side by side; for levels in turn they combine over each part's
    // effective window (ok / achieved), the same window the accumulator used.
    const window = (p) => (p.achieved_rps > 0 ? p.requests.ok / p.achieved_rps : p.duration_s);
    const rateOf = (f) => mode === 'parallel' ? sum(parts, f) : sum(parts, (p) => f(p) * window(p)) / Math.max(sum(parts, window), Number.EPSILON);
    const requestedWeighted = sum(parts, (p) => p.output_length.requested_mean * p.requests.ok);
    const merged = {};
    for (const m of [..._aggregate_js__WEBPACK_IMPORTED_MODULE_0__/* .LATENCY_METRICS */ .Z$, 'request_tokens_per_s']) {
        const h = (0,_histogram_js__WEBPACK_IMPORTED_MODULE_1__/* .newHistogram */ .HL)();
        for (const p of parts)
            h.add((0,_aggregate_js__WEBPACK_IMPORTED_MODULE_0__/* .histogramOf */ .AJ)(p, m));
        merged[m] = h;
    }
    const stats = Object.fromEntries(Object.entries(merged).map(([k, h]) => [k, (0,_histogram_js__WEBPACK_IMPORTED_MODULE_1__/* .statsMs */ .OC)(h)]));
    const nonStreamed = sum(parts, (p) => p.requests.non_streamed ?? 0);
    // Distinct prompts add up when every part counted them (exact for prompts unique across parts,
    // an upper bound otherwise: a union cannot be formed from counts).
    const distinct = parts.every((p) => p.requests.distinct_prompts !== undefined) ? sum(parts, (p) => p.requests.distinct_prompts) : undefined;
    const histograms = Object.fromEntries(Object.entries(merged).map(([k, h]) => [k, (0,_histogram_js__WEBPACK_IMPORTED_MODULE_1__/* .encodeHistogram */ .ll)(h)]));
    return {
        ...first,
        ...stats,
        name,
        offered: mode === 'parallel' ? { kind: first.offered.kind, value: sum(parts, (p) => p.offered.value) } : first.offered,
        duration_s: (0,_util_num_js__WEBPACK_IMPORTED_MODULE_2__/* .round */ .L)(duration, 3),
        requests: {
            scheduled: sum(parts, (p) => p.requests.scheduled),
            sent,
            ok,
            errors: addMaps(parts.map((p) => p.requests.errors)),
            dropped_overflow: sum(parts, (p) => p.requests.dropped_overflow),
            ...(distinct !== undefined ? { distinct_prompts: distinct } : {}),
            ...(nonStreamed ? { non_streamed: nonStreamed } : {}),
        },
        error_messages: mergeMessages(parts),
        success_rate: sent ? (0,_util_num_js__WEBPACK_IMPORTED_MODULE_2__/* .round */ .L)(ok / sent, 6) : 0,
        error_rate: sent ? (0,_util_num_js__WEBPACK_IMPORTED_MODULE_2__/* .round */ .L)((sent - ok) / sent, 6) : 0,
        status_codes: addMaps(parts.map((p) => p.status_codes)),
        sent_rps: (0,_util_num_js__WEBPACK_IMPORTED_MODULE_2__/* .round */ .L)(sent / d, 3),
        achieved_rps: (0,_util_num_js__WEBPACK_IMPORTED_MODULE_2__/* .round */ .L)(rateOf((p) => p.achieved_rps), 3),
        input_tokens: inp,
        output_tokens: out,
        tokens_estimated_requests: sum(parts, (p) => p.tokens_estimated_requests),
        output_tokens_per_s: (0,_util_num_js__WEBPACK_IMPORTED_MODULE_2__/* .round */ .L)(rateOf((p) => p.output_tokens_per_s), 2),
        total_tokens_per_s: (0,_util_num_js__WEBPACK_IMPORTED_MODULE_2__/* .round */ .L)(rateOf((p) => p.total_tokens_per_s), 2),
        goodput_rps: (0,_util_num_js__WEBPACK_IMPORTED_MODULE_2__/* .round */ .L)(rateOf((p) => p.goodput_rps), 3),
        models: mergeModels(parts.map((p) => p.models)),
        output_length: { requested_mean: ok ? (0,_util_num_js__WEBPACK_IMPORTED_MODULE_2__/* .round */ .L)(requestedWeighted / ok, 2) : 0, actual_mean: ok ? (0,_util_num_js__WEBPACK_IMPORTED_MODULE_2__/* .round */ .L)(out / ok, 2) : 0 },
        input_length: mergeInputLength(parts, ok),
        per_model: mergePerModel(parts, mode),
        histograms,
    };
}
/** The first few distinct messages of each kind, parts in order. */
function mergeMessages(parts) {
    const out = {};
    for (const p of parts)
        for (const [k, list] of Object.entries(p.error_messages ?? {}))
            for (const m of list)
                (0,_aggregate_js__WEBPACK_IMPORTED_MODULE_0__/* .keepMessage */ .FD)((out[k] ??= []), m);
    return (0,_aggregate_js__WEBPACK_IMPORTED_MODULE_0__/* .sortedMessages */ .Uf)(out);
}
function sum(xs, f) {
    let s = 0;
    for (const x of xs)
        s += f(x);
    return s;
}
function addMaps(maps) {
    const out = {};
    for (const m of maps)
        for (const [k, v] of Object.entries(m))
            out[k] = (out[k] ?? 0) + v;
    return out;
}
function mergeModels(maps) {
    const out = {};
    for (const m of maps)
        for (const [k, v] of Object.entries(m)) {
            const o = (out[k] ??= { requests: 0, ok: 0, mismatched: 0 });
            o.requests += v.requests;
            o.ok += v.ok;
            o.mismatched += v.mismatched;
        }
    return out;
}
/** Means weighted by each part's successful requests (the population both means are over). */
function mergeInputLength(parts, ok) {
    const w = (f) => {
        let num = 0;
        let den = 0;
        for (const p of parts) {
            if (!p.input_length)
                continue;
            const v = f(p.input_length);
            if (v === 0)
                continue;
            num += v * p.requests.ok;
            den += p.requests.ok;
        }
        return den ? (0,_util_num_js__WEBPACK_IMPORTED_MODULE_2__/* .round */ .L)(num / den, 2) : 0;
    };
    return ok ? { requested_mean: w((x) => x.requested_mean), actual_mean: w((x) => x.actual_mean) } : { requested_mean: 0, actual_mean: 0 };
}
/**
 * Per model: counters add, histograms merge, rates combine like the level's (added side by side,
 * window-weighted in turn, each part's window being ok / achieved_rps).
 */
function mergePerModel(parts, mode) {
    const byModel = new Map();
    for (const p of parts)
        for (const [name, m] of Object.entries(p.per_model ?? {})) {
            let list = byModel.get(name);
            if (!list)
                byModel.set(name, (list = []));
            list.push({ m, p });
        }
    const out = {};
    for (const [name, list] of byModel) {
        const requests = sum(list, (x) => x.m.requests);
        const ok = sum(list, (x) => x.m.ok);
        const window = (x) => (x.m.achieved_rps > 0 ? x.m.ok / x.m.achieved_rps : x.p.duration_s);
        const rateOf = (f) => mode === 'parallel' ? sum(list, (x) => f(x.m)) : sum(list, (x) => f(x.m) * window(x)) / Math.max(sum(list, window), Number.EPSILON);
        const hist = Object.fromEntries(_aggregate_js__WEBPACK_IMPORTED_MODULE_0__/* .PER_MODEL_METRICS */ .Eb.map((k) => {
            const h = (0,_histogram_js__WEBPACK_IMPORTED_MODULE_1__/* .newHistogram */ .HL)();
            for (const x of list)
                h.add((0,_histogram_js__WEBPACK_IMPORTED_MODULE_1__/* .decodeHistogram */ .pr)(x.m.histograms[k]));
            return [k, h];
        }));
        out[name] = {
            requests,
            ok,
            mismatched: sum(list, (x) => x.m.mismatched),
            mismatched_as: addMaps(list.map((x) => x.m.mismatched_as)),
            error_rate: requests ? (0,_util_num_js__WEBPACK_IMPORTED_MODULE_2__/* .round */ .L)((requests - ok) / requests, 6) : 0,
            achieved_rps: (0,_util_num_js__WEBPACK_IMPORTED_MODULE_2__/* .round */ .L)(rateOf((m) => m.achieved_rps), 3),
            output_tokens: sum(list, (x) => x.m.output_tokens),
            output_tokens_per_s: (0,_util_num_js__WEBPACK_IMPORTED_MODULE_2__/* .round */ .L)(rateOf((m) => m.output_tokens_per_s), 2),
            ttft_ms: (0,_histogram_js__WEBPACK_IMPORTED_MODULE_1__/* .statsMs */ .OC)(hist.ttft_ms),
            itl_ms: (0,_histogram_js__WEBPACK_IMPORTED_MODULE_1__/* .statsMs */ .OC)(hist.itl_ms),
            tpot_ms: (0,_histogram_js__WEBPACK_IMPORTED_MODULE_1__/* .statsMs */ .OC)(hist.tpot_ms),
            e2e_ms: (0,_histogram_js__WEBPACK_IMPORTED_MODULE_1__/* .statsMs */ .OC)(hist.e2e_ms),
            histograms: Object.fromEntries(_aggregate_js__WEBPACK_IMPORTED_MODULE_0__/* .PER_MODEL_METRICS */ .Eb.map((k) => [k, (0,_histogram_js__WEBPACK_IMPORTED_MODULE_1__/* .encodeHistogram */ .ll)(hist[k])])),
        };
    }
    return out;
}


/***/ })

};
