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
/* harmony import */ var _client_openai_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(50937);
/* harmony import */ var _load_runner_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(33264);
/* harmony import */ var _app_level_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(18469);
/* harmony import */ var _load_workload_js__WEBPACK_IMPORTED_MODULE_14__ = __webpack_require__(42399);
/* harmony import */ var _workload_index_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(34057);
/* harmony import */ var _config_load_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(76264);
/* harmony import */ var _load_pacer_js__WEBPACK_IMPORTED_MODULE_13__ = __webpack_require__(43091);
/* harmony import */ var _metrics_merge_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(3033);
/* harmony import */ var _report_table_js__WEBPACK_IMPORTED_MODULE_18__ = __webpack_require__(68330);
/* harmony import */ var _results_files_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(96781);
/* harmony import */ var _util_duration_js__WEBPACK_IMPORTED_MODULE_12__ = __webpack_require__(47402);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(3467);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(99661);
/* harmony import */ var _util_url_js__WEBPACK_IMPORTED_MODULE_16__ = __webpack_require__(47237);
/* harmony import */ var _version_js__WEBPACK_IMPORTED_MODULE_17__ = __webpack_require__(13411);
/* harmony import */ var _load_shard_js__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(83740);
/* harmony import */ var _load_clock_offset_js__WEBPACK_IMPORTED_MODULE_15__ = __webpack_require__(88228);
/**
 * `llm-loadgate load`: one load level (or a few stages) against a target, a summary table on
 * stdout, results.json in --out. Flags parse into a typed LoadPlan with every error reported.
 */



















/** Timeout flag defaults: the client's one table (client/openai.ts DEFAULT_TIMEOUTS), in seconds. */
const T = {
    connect: `${_client_openai_js__WEBPACK_IMPORTED_MODULE_2__/* .DEFAULT_TIMEOUTS */ .Rh.connectMs / 1000}s`,
    firstByte: `${_client_openai_js__WEBPACK_IMPORTED_MODULE_2__/* .DEFAULT_TIMEOUTS */ .Rh.firstByteMs / 1000}s`,
    idle: `${_client_openai_js__WEBPACK_IMPORTED_MODULE_2__/* .DEFAULT_TIMEOUTS */ .Rh.idleMs / 1000}s`,
    total: `${_client_openai_js__WEBPACK_IMPORTED_MODULE_2__/* .DEFAULT_TIMEOUTS */ .Rh.totalMs / 1000}s`,
};
const HELP = `llm-loadgate load [--config loadgate.yml] --target URL --model NAME
                  (--rate R | --ramp FROM:TO:STEPS | --stages "2m:50,10m:50,1m:0" | --concurrency C)
                  [--arrival constant|poisson] [--duration 30s] [--requests N] [--max-tokens N] [--prompt TEXT] [--endpoint chat|completions]
                  [--no-stream] [--api-key-env VAR] [--header "Name: value"]... [--think-time 0s]
                  [--max-in-flight N] [--timeout-connect ${T.connect}] [--timeout-first-byte ${T.firstByte}]
                  [--timeout-idle ${T.idle}] [--timeout-total ${T.total}] [--goodput-ttft-ms N] [--goodput-tpot-ms N]
                  [--requests-log] [--seed N] [--salt N] [--out DIR] [--drain 30s]
                  [--shard i/N --start-at TIME [--clock-ref URL|none]]

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
without --duration the level then runs until its N requests are sent.
--drain bounds how long requests still open after a level's last send may take (then: incomplete).
--shard i/N runs shard i of N generators that share the plan: 1/N of each level (rate ÷ N, users
and --requests split, prompts and seeds of its own), each level starting on a fixed grid from
--start-at (ISO-8601 with zone, or epoch ms; the same for every shard): level k at start-at + the
earlier levels' duration + drain + 250 ms. Each shard measures its clock against --clock-ref (the
endpoint's HTTP Date by default) and records it; "llm-loadgate merge" of all N results adds them
and marks a level invalid when a shard is missing, started late (start skew) or lagged.`;
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
            drain: { type: 'string' },
            shard: { type: 'string' },
            'start-at': { type: 'string' },
            'clock-ref': { type: 'string' },
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
        const s = (0,_util_duration_js__WEBPACK_IMPORTED_MODULE_12__/* .parseDuration */ .E)(text);
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
    const thinkMs = ((0,_util_duration_js__WEBPACK_IMPORTED_MODULE_12__/* .parseDuration */ .E)(v['think-time']) ?? (errs.push(`--think-time ${JSON.stringify(v['think-time'])}: expected a duration`), 0)) * 1000;
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
            stages.push(...(0,_load_pacer_js__WEBPACK_IMPORTED_MODULE_13__/* .rampStages */ .UE)(Number(m[1]), Number(m[2]), Number(m[3]), durationS, v.arrival));
    }
    if (v.stages !== undefined) {
        let from = 0;
        for (const part of v.stages.split(',')) {
            const m = /^([^:]+):(\d+(?:\.\d+)?)$/.exec(part.trim());
            const s = m ? (0,_util_duration_js__WEBPACK_IMPORTED_MODULE_12__/* .parseDuration */ .E)(m[1]) : undefined;
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
    const shard = v.shard === undefined ? undefined : (0,_load_shard_js__WEBPACK_IMPORTED_MODULE_11__/* .parseShard */ .uK)(v.shard);
    const startAt = v['start-at'] === undefined ? undefined : (0,_load_shard_js__WEBPACK_IMPORTED_MODULE_11__/* .parseStartAt */ .Vq)(v['start-at']);
    for (const p of [shard, startAt])
        if (typeof p === 'string')
            errs.push(p);
    if ((shard === undefined) !== (startAt === undefined))
        errs.push('--shard and --start-at go together: every shard needs the same --start-at to begin each level at the same instant');
    if (shard !== undefined && v.requests !== undefined && v.duration === undefined)
        errs.push('--shard with --requests needs --duration too: the levels start on a fixed time grid');
    if (v['clock-ref'] !== undefined && v['clock-ref'] !== 'none' && !/^https?:\/\/[^/]/.test(v['clock-ref']))
        errs.push(`--clock-ref ${JSON.stringify(v['clock-ref'])}: expected an http(s) URL or none`);
    if (typeof shard === 'object')
        for (const st of stages)
            try {
                (0,_load_shard_js__WEBPACK_IMPORTED_MODULE_11__/* .splitStage */ .j2)(st, shard);
            }
            catch (e) {
                errs.push(`--shard ${v.shard}: ${e.message}`);
                break;
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
        drainS: v.drain === undefined ? undefined : dur('drain', v.drain),
        shard: typeof shard === 'object' && typeof startAt === 'number' ? { spec: shard, startAtMs: startAt, clockRef: v['clock-ref'] } : undefined,
    };
    if (v.prompt === '')
        errs.push('--prompt "": give the prompt text, or leave --prompt out for unique synthetic prompts');
    if (plan.salt !== undefined && plan.salt > 0xffffffff)
        errs.push(`--salt ${v.salt}: expected an integer from 0 to 4294967295`);
    if (plan.salt !== undefined && v.prompt !== undefined)
        errs.push('--salt applies to the synthetic prompts: leave it out with --prompt (a fixed prompt has nothing to salt)');
    if (errs.length)
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_10__/* .UsageError */ .eb(`load: ${errs.length} problem${errs.length > 1 ? 's' : ''} with the flags:\n  - ${errs.join('\n  - ')}\n\n${HELP}`);
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
        run: { seed: n('seed'), requests_log: v['requests-log'], max_in_flight: n('max-in-flight'), drain: s('drain') },
    };
}
/** The plan with everything but the load taken from the config file and the flags over it. */
function withConfigFile(plan, file, overlay) {
    const c = (0,_config_load_js__WEBPACK_IMPORTED_MODULE_6__/* .loadConfig */ .Z)(file, overlay);
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
        maxSendLagMs: c.run.maxSendLagMs,
        drainS: c.run.drainS,
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
        const cfg = plan.workload.prompt === undefined ? (0,_workload_index_js__WEBPACK_IMPORTED_MODULE_5__/* .withSalt */ .pi)(plan.workload) : plan.workload;
        await (0,_workload_index_js__WEBPACK_IMPORTED_MODULE_5__/* .prepareWorkload */ .V)(cfg);
        const salt = cfg.prompt === undefined ? ` · salt ${cfg.salt}` : '';
        return { workload: (0,_workload_index_js__WEBPACK_IMPORTED_MODULE_5__/* .workloadFromConfig */ .US)(cfg, { model: plan.model, ...shardOpts(plan) }), record: (0,_workload_index_js__WEBPACK_IMPORTED_MODULE_5__/* .workloadRecord */ .rN)(cfg, plan.seed), description: `${(0,_workload_index_js__WEBPACK_IMPORTED_MODULE_5__/* .describeWorkload */ .HV)(cfg)}${salt}` };
    }
    if (plan.prompt !== undefined) {
        // The body as before workload kinds existed (max_tokens only when given).
        const cfg = (0,_workload_index_js__WEBPACK_IMPORTED_MODULE_5__/* .fixedPromptConfig */ .rD)(plan.prompt, plan.maxTokens);
        return {
            workload: new _load_workload_js__WEBPACK_IMPORTED_MODULE_14__/* .FixedWorkload */ .k({ model: plan.model, prompt: plan.prompt, maxTokens: plan.maxTokens }),
            record: (0,_workload_index_js__WEBPACK_IMPORTED_MODULE_5__/* .workloadRecord */ .rN)(cfg, plan.seed),
            description: (0,_workload_index_js__WEBPACK_IMPORTED_MODULE_5__/* .describeWorkload */ .HV)(cfg),
        };
    }
    const cfg = (0,_workload_index_js__WEBPACK_IMPORTED_MODULE_5__/* .withSalt */ .pi)((0,_workload_index_js__WEBPACK_IMPORTED_MODULE_5__/* .parseWorkloadConfig */ .bg)({ ...(plan.maxTokens ? { max_tokens: plan.maxTokens } : {}), ...(plan.salt !== undefined ? { salt: plan.salt } : {}) }, 'load'));
    await (0,_workload_index_js__WEBPACK_IMPORTED_MODULE_5__/* .prepareWorkload */ .V)(cfg);
    return {
        workload: (0,_workload_index_js__WEBPACK_IMPORTED_MODULE_5__/* .workloadFromConfig */ .US)(cfg, { model: plan.model, ...shardOpts(plan) }),
        record: (0,_workload_index_js__WEBPACK_IMPORTED_MODULE_5__/* .workloadRecord */ .rN)(cfg, plan.seed),
        description: `${(0,_workload_index_js__WEBPACK_IMPORTED_MODULE_5__/* .describeWorkload */ .HV)(cfg)} · salt ${cfg.salt}`,
    };
}
/** A shard's own seed and prompt variant (the plan's seed unsharded). */
function shardOpts(plan) {
    return plan.shard ? { seed: (0,_load_shard_js__WEBPACK_IMPORTED_MODULE_11__/* .shardSeed */ .kS)(plan.seed, plan.shard.spec), variant: (0,_load_shard_js__WEBPACK_IMPORTED_MODULE_11__/* .shardVariant */ .cl)(plan.shard.spec) } : { seed: plan.seed };
}
/** A shard's schedule, its clock measured against the reference first (before start-at comes). */
async function shardRunFor(plan, signal, log) {
    if (!plan.shard)
        return undefined;
    const { spec, startAtMs, clockRef } = plan.shard;
    const ref = clockRef ?? `${plan.target.replace(/\/+$/, '')}/models`;
    const clock = ref === 'none'
        ? { source: 'none', offset_ms: null, uncertainty_ms: null, note: '--clock-ref none' }
        : await (0,_load_clock_offset_js__WEBPACK_IMPORTED_MODULE_15__/* .measureClockOffset */ .w)(ref, {
            signal,
            headers: clockRef === undefined ? plan.headers : undefined,
            label: (0,_util_url_js__WEBPACK_IMPORTED_MODULE_16__/* .redactUrl */ .B)(ref),
            budgetMs: (0,_load_shard_js__WEBPACK_IMPORTED_MODULE_11__/* .clockBudgetMs */ .UP)(startAtMs, Date.now()),
        });
    log(`shard ${spec.index}/${spec.count}: clock offset ${clock.offset_ms === null ? `unknown (${clock.note})` : `${clock.offset_ms} ms ± ${clock.uncertainty_ms} ms against ${clock.reference}`}; level 1 due ${new Date(startAtMs).toISOString()} (in ${((startAtMs - Date.now()) / 1000).toFixed(1)} s)`);
    if (startAtMs < Date.now())
        log(`shard ${spec.index}/${spec.count}: --start-at is already past: starting late; merge will report the skew`);
    return new _load_shard_js__WEBPACK_IMPORTED_MODULE_11__/* .ShardRun */ .u({ spec, stages: plan.stages, startAtMs, drainMs: (plan.drainS ?? _load_runner_js__WEBPACK_IMPORTED_MODULE_3__/* .DEFAULT_DRAIN_MS */ .op / 1000) * 1000, clock, seed: (0,_load_shard_js__WEBPACK_IMPORTED_MODULE_11__/* .shardSeed */ .kS)(plan.seed, spec) });
}
/** Runs a parsed plan; cancelling `signal` stops sending, cancels in-flight requests and still writes results. */
async function runLoad(plan, signal, log) {
    const apiKey = plan.apiKeyEnv ? process.env[plan.apiKeyEnv] : undefined;
    const client = new _client_openai_js__WEBPACK_IMPORTED_MODULE_2__/* .OpenAIClient */ .gP({ baseUrl: plan.target, endpoint: plan.endpoint, stream: plan.stream, apiKey, headers: plan.headers, timeouts: plan.timeouts });
    const { workload, record, description } = await loadWorkload(plan);
    log(`workload: ${description}`);
    const outDir = (0,_results_files_js__WEBPACK_IMPORTED_MODULE_8__/* .ensureDir */ .A0)(plan.out);
    const sink = plan.requestsLog ? new _results_files_js__WEBPACK_IMPORTED_MODULE_8__/* .JsonlSink */ .S7((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(outDir, 'requests.jsonl')) : undefined;
    const levels = [];
    const summaries = [];
    const shardRun = await shardRunFor(plan, signal, log);
    // The gate's level pipeline (app/level.ts): run → validity → requests log → summary → load-minutes.
    // A shard numbers its requests in its own range, so N shards' request ids never collide.
    const pipeline = new _app_level_js__WEBPACK_IMPORTED_MODULE_4__/* .LevelPipeline */ .Jf({
        sender: client,
        workload,
        signal,
        run: { maxInFlight: plan.maxInFlight, maxSendLagMs: plan.maxSendLagMs ?? _load_runner_js__WEBPACK_IMPORTED_MODULE_3__/* .DEFAULT_MAX_SEND_LAG_MS */ .mD, drainS: plan.drainS ?? _load_runner_js__WEBPACK_IMPORTED_MODULE_3__/* .DEFAULT_DRAIN_MS */ .op / 1000 },
        goodput: plan.goodput,
        onRecord: sink ? (r) => sink.write(r) : undefined,
        seq: { next: plan.shard ? (plan.shard.spec.index - 1) * _load_shard_js__WEBPACK_IMPORTED_MODULE_11__/* .SHARD_SEQ_STRIDE */ .xU : 0 },
    });
    try {
        for (const [i, full] of plan.stages.entries()) {
            if (signal.aborted)
                break;
            const name = plan.stages.length === 1 ? 'load' : `level-${i + 1}`;
            const stage = shardRun?.stage(i) ?? full;
            await shardRun?.waitFor(i, name, signal);
            if (signal.aborted)
                break;
            const rate = (st) => (st.rateEnd === undefined ? `${st.rate}` : `${st.rate}→${st.rateEnd}`);
            // A shard's level is a little shorter than the plan's (its phase offset): shown to the millisecond.
            const secs = `${Math.round(stage.durationS * 1000) / 1000}s`;
            const bound = stage.maxRequests !== undefined ? `${stage.maxRequests} requests (at most ${secs})` : secs;
            log(`${name}: ${stage.kind === 'rate' ? `${rate(stage)} req/s ${stage.arrival}` : `${stage.users} users`} for ${bound}`);
            const m = await pipeline.measure({ name, stage, seed: (shardRun?.seed ?? plan.seed) + i });
            if (!m.check.valid)
                log(`${name}: invalid (${m.check.invalid_reason}): it measured the load generator, not the endpoint`);
            summaries.push(m.summary);
            levels.push({ ...m.summary, ...m.check });
        }
    }
    finally {
        await sink?.close();
        await client.close();
    }
    const status = signal.aborted ? 'cancelled' : 'complete';
    const summary = summaries.length ? (0,_metrics_merge_js__WEBPACK_IMPORTED_MODULE_7__/* .mergeSummaries */ .T)('all', summaries, 'sequential') : undefined;
    const doc = {
        schema_version: 1,
        kind: 'load',
        tool: { name: 'llm-loadgate', version: _version_js__WEBPACK_IMPORTED_MODULE_17__/* .VERSION */ .x },
        status,
        target: (0,_util_url_js__WEBPACK_IMPORTED_MODULE_16__/* .redactUrl */ .B)(plan.target),
        model: plan.model,
        ...(summary ?? {}),
        levels,
        load_minutes: Math.round(pipeline.loadMinutes * 1000) / 1000,
        workload: record,
        ...(shardRun ? { shard: shardRun.record() } : {}),
    };
    (0,_results_files_js__WEBPACK_IMPORTED_MODULE_8__/* .writeJson */ .GF)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(outDir, 'results.json'), doc);
    if (!summary)
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_10__/* .UsageError */ .eb('load: cancelled before any level ran; results.json records the empty run', _errors_js__WEBPACK_IMPORTED_MODULE_9__/* .EXIT */ .d.cancelled);
    return { status, summary, levels, outDir, workload: record };
}
async function loadCommand(argv, signal) {
    if (argv.includes('--help') || argv.includes('-h')) {
        process.stdout.write(`${HELP}\n`);
        return _errors_js__WEBPACK_IMPORTED_MODULE_9__/* .EXIT */ .d.ok;
    }
    const plan = parseLoadArgs(argv);
    const res = await runLoad(plan, signal, (l) => process.stderr.write(`${l}\n`));
    process.stdout.write(`${(0,_report_table_js__WEBPACK_IMPORTED_MODULE_18__/* .levelsTable */ .eP)(res.levels)}\n\nresults: ${(0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(res.outDir, 'results.json')}\n`);
    if (res.status === 'cancelled') {
        process.stderr.write('cancelled: partial results written\n');
        return _errors_js__WEBPACK_IMPORTED_MODULE_9__/* .EXIT */ .d.cancelled;
    }
    return _errors_js__WEBPACK_IMPORTED_MODULE_9__/* .EXIT */ .d.ok;
}


/***/ }),

/***/ 88228:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   w: () => (/* binding */ measureClockOffset)
/* harmony export */ });
/* unused harmony export offsetFromSamples */
/**
 * The offset (reference − local, ms) from samples in the order taken: the first pair of
 * consecutive samples one second apart. Undefined when no tick was seen.
 */
function offsetFromSamples(samples) {
    for (let i = 1; i < samples.length; i++) {
        const a = samples[i - 1];
        const b = samples[i];
        if (a.dateMs === undefined || b.dateMs === undefined || b.dateMs - a.dateMs !== 1000)
            continue;
        // The tick (reference time b.dateMs) lies in (a.sentMs, b.recvMs] on the local clock.
        const tick = (a.sentMs + b.recvMs) / 2;
        return { offsetMs: Math.round(b.dateMs - tick), uncertaintyMs: Math.ceil((b.recvMs - a.sentMs) / 2) };
    }
    return undefined;
}
/** Asks `url` until its Date ticks; never throws (an unreachable reference is recorded as such). */
async function measureClockOffset(url, opts = {}) {
    const budget = opts.budgetMs ?? 2500;
    const interval = opts.intervalMs ?? 4;
    const reference = opts.label ?? url;
    if (budget < 1100)
        return {
            source: 'none',
            offset_ms: null,
            uncertainty_ms: null,
            reference,
            note: `no time to measure before the start (${Math.max(0, Math.round(budget))} ms left; a tick takes up to 1 s to come)`,
        };
    const samples = [];
    const t0 = Date.now();
    let lastError;
    while (Date.now() - t0 < budget && !opts.signal?.aborted) {
        const sentMs = Date.now();
        try {
            const res = await fetch(url, { method: 'GET', headers: opts.headers, signal: AbortSignal.timeout(Math.max(100, budget - (sentMs - t0))) });
            const recvMs = Date.now();
            await res.body?.cancel();
            const d = res.headers.get('date');
            const dateMs = d ? Date.parse(d) : NaN;
            samples.push({ sentMs, recvMs, dateMs: Number.isFinite(dateMs) ? dateMs : undefined });
            if (!Number.isFinite(dateMs))
                return { source: 'none', offset_ms: null, uncertainty_ms: null, reference, note: 'the reference sends no Date header' };
        }
        catch (e) {
            lastError = e.message;
            samples.push({ sentMs, recvMs: Date.now() });
        }
        const found = offsetFromSamples(samples.slice(-2));
        if (found)
            return { source: 'http-date', offset_ms: found.offsetMs, uncertainty_ms: found.uncertaintyMs, reference };
        const wait = interval - (Date.now() - sentMs);
        if (wait > 0)
            await new Promise((r) => setTimeout(r, wait));
    }
    return { source: 'none', offset_ms: null, uncertainty_ms: null, reference, note: lastError ? `the reference did not answer (${lastError})` : 'no tick of its Date seen in time' };
}


/***/ }),

/***/ 83740:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ox: () => (/* binding */ mergeShards),
/* harmony export */   Rz: () => (/* binding */ shardProblems),
/* harmony export */   UP: () => (/* binding */ clockBudgetMs),
/* harmony export */   Vq: () => (/* binding */ parseStartAt),
/* harmony export */   cl: () => (/* binding */ shardVariant),
/* harmony export */   j2: () => (/* binding */ splitStage),
/* harmony export */   kS: () => (/* binding */ shardSeed),
/* harmony export */   nA: () => (/* binding */ DEFAULT_MAX_SKEW_MS),
/* harmony export */   u: () => (/* binding */ ShardRun),
/* harmony export */   uK: () => (/* binding */ parseShard),
/* harmony export */   xU: () => (/* binding */ SHARD_SEQ_STRIDE)
/* harmony export */ });
/* unused harmony exports SLOT_GUARD_MS, splitCount, phaseMs, shardStage, levelSlots, planHash */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var _metrics_merge_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3033);
/* harmony import */ var _util_json_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(68884);
/**
 * One plan run by N load generators at once (`--shard i/N`), each sending 1/N of every level, all
 * starting each level at the same wall-clock instant; and the checks that make a merged level
 * invalid when the shards did not run it together (a shard missing, started late, or lagging).
 *
 * Splitting: an open-loop level's rate is divided by N; closed-loop users and a request budget
 * are split as evenly as possible, the remainder going to the lowest shards. Constant arrivals
 * are phase-shifted by (i−1) gaps of the full rate, so the shards' sends interleave into the
 * single generator's schedule instead of arriving N at a time; Poisson arrivals get a seed of
 * their own per shard (N independent Poisson streams of rate r/N are one of rate r). Prompts are
 * kept apart by a per-shard workload variant and request ids by a per-shard sequence range.
 *
 * Timing: level k starts at start-at + the sum of the earlier levels' slots, a slot being the
 * level's duration + its drain bound + SLOT_GUARD_MS, so a level always ends before the next one
 * is due and the shards never wait for each other. Pure apart from ShardRun's sleeping.
 */



/** Slack after each level's drain bound before the next level is due. */
const SLOT_GUARD_MS = 250;
/** Request ids of shard i start at (i−1) × this, so the shards' ids never collide. */
const SHARD_SEQ_STRIDE = 1_000_000_000;
/**
 * How long a shard may spend measuring its clock: at most 2.5 s, and never into its first level
 * (a measurement must not make the shard late; without one its offset is recorded as unknown).
 */
function clockBudgetMs(startAtMs, now) {
    return Math.min(2500, startAtMs - now - 200);
}
/** The start skew above which a merged level is invalid, unless configured. */
const DEFAULT_MAX_SKEW_MS = 250;
/** "2/3" → { index: 2, count: 3 }; an error message (what, how to fix) otherwise. */
function parseShard(text) {
    const m = /^(\d+)\/(\d+)$/.exec(text.trim());
    if (!m)
        return `--shard ${JSON.stringify(text)}: expected i/N, e.g. 2/3 (shard 2 of 3; shards are numbered from 1)`;
    const index = Number(m[1]);
    const count = Number(m[2]);
    if (count < 1 || index < 1 || index > count)
        return `--shard ${text}: expected 1 ≤ i ≤ N (shards are numbered 1..N, e.g. 1/3, 2/3, 3/3)`;
    return { index, count };
}
/**
 * An absolute start time: ISO-8601 with a zone (2026-11-29T04:00:00Z) or epoch milliseconds.
 * An error message otherwise.
 */
function parseStartAt(text) {
    const t = text.trim();
    if (/^\d{10,}$/.test(t))
        return Number(t);
    if (/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/i.test(t)) {
        const ms = Date.parse(t);
        if (Number.isFinite(ms))
            return ms;
    }
    return `--start-at ${JSON.stringify(text)}: expected an ISO-8601 time with its zone (e.g. 2026-11-29T04:00:00Z) or epoch milliseconds; every shard must get the same value`;
}
/** `total` split in N parts as evenly as possible, the remainder to the lowest shards. */
function splitCount(total, shard) {
    const base = Math.floor(total / shard.count);
    return base + (shard.index <= total % shard.count ? 1 : 0);
}
/**
 * The shard's part of a level. Throws an Error (caught by the caller as a usage problem) when a
 * closed-loop level has fewer users than shards: a shard with no users would send nothing.
 */
function splitStage(stage, shard) {
    const out = { ...stage };
    if (stage.maxRequests !== undefined)
        out.maxRequests = Math.max(1, splitCount(stage.maxRequests, shard));
    if (stage.sizing)
        out.sizing = { ...stage.sizing, minCompletions: Math.max(1, Math.ceil(stage.sizing.minCompletions / shard.count)) };
    if (out.kind === 'rate' && stage.kind === 'rate') {
        out.rate = stage.rate / shard.count;
        if (stage.rateEnd !== undefined)
            out.rateEnd = stage.rateEnd / shard.count;
    }
    else if (out.kind === 'concurrency' && stage.kind === 'concurrency') {
        if (stage.users < shard.count)
            throw new Error(`${stage.users} users cannot be split over ${shard.count} shards (each shard needs at least one): use at least ${shard.count} users or fewer shards`);
        out.users = splitCount(stage.users, shard);
    }
    return out;
}
/**
 * How far behind the level's common start this shard's first send is due: constant arrivals at a
 * steady rate r interleave (shard i sends at (i−1)/r + k·N/r, k = 0, 1, …); 0 otherwise.
 */
function phaseMs(stage, shard) {
    if (stage.kind !== 'rate' || stage.arrival !== 'constant' || stage.rateEnd !== undefined || stage.rate <= 0)
        return 0;
    return ((shard.index - 1) * 1000) / stage.rate;
}
/**
 * The shard's part of a level as it runs: split, and for interleaved constant arrivals ended its
 * phase earlier (it also starts that much later), so the shards together send exactly what one
 * generator would in the level's duration, not a few more at its end.
 */
function shardStage(stage, shard) {
    const out = splitStage(stage, shard);
    const phase = phaseMs(stage, shard);
    if (phase > 0)
        out.durationS = stage.durationS - phase / 1000;
    return out;
}
/** A seed of the shard's own (shard 1 keeps the plan's), so lengths and Poisson gaps are not copies. */
function shardSeed(seed, shard) {
    return shard.index === 1 ? seed : (seed + Math.imul(shard.index - 1, 0x9e3779b1)) >>> 0;
}
/** The workload variant that gives a shard prompts of its own (see workloadFromConfig). */
function shardVariant(shard) {
    return shard.index === 1 ? undefined : `shard-${shard.index}`;
}
/** Each level's start (ms after start-at) and slot length. */
function levelSlots(stages, drainMs) {
    let at = 0;
    return stages.map((s) => {
        const slotMs = s.durationS * 1000 + drainMs + SLOT_GUARD_MS;
        const r = { offsetMs: at, slotMs };
        at += slotMs;
        return r;
    });
}
/**
 * What every shard must agree on: the full (unsplit) levels, who runs a level alone (`only`), the
 * drain, the start and the count.
 */
function planHash(stages, drainMs, startAtMs, count, only) {
    const o = only?.some((x) => x !== undefined) ? { only: only.map((x) => x ?? null) } : {};
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256')
        .update((0,_util_json_js__WEBPACK_IMPORTED_MODULE_2__/* .stableJson */ ._)({ stages, drainMs, startAtMs, count, ...o }))
        .digest('hex')
        .slice(0, 16);
}
/** A shard's run: the levels it sends and when each is due; records when each actually began. */
class ShardRun {
    slots;
    timings = [];
    spec;
    full;
    only;
    startAtMs;
    drainMs;
    clock;
    seed;
    now;
    wait;
    constructor(o) {
        this.spec = o.spec;
        this.full = o.stages;
        this.only = o.only ?? [];
        this.startAtMs = o.startAtMs;
        this.drainMs = o.drainMs;
        this.clock = o.clock;
        this.seed = o.seed;
        this.now = o.now ?? Date.now;
        this.wait = o.wait ?? sleep;
        this.slots = levelSlots(o.stages, o.drainMs);
    }
    /** This shard's part of level i: split, whole (a level it runs alone), or undefined (another shard's alone). */
    stage(i) {
        const only = this.only[i];
        if (only !== undefined)
            return only === this.spec.index ? this.full[i] : undefined;
        return shardStage(this.full[i], this.spec);
    }
    planned(i) {
        return this.startAtMs + this.slots[i].offsetMs + (this.only[i] === undefined ? phaseMs(this.full[i], this.spec) : 0);
    }
    /** Sleeps until level i is due (at once when it is already past) and records when it began. */
    async waitFor(i, name, signal) {
        const planned = this.planned(i);
        for (let left = planned - this.now(); left > 0 && !signal.aborted; left = planned - this.now())
            await this.wait(Math.min(left, 1000), signal);
        const actual = this.now();
        this.timings.push({
            name,
            planned_start_ms: planned,
            actual_start_ms: actual,
            start_lag_ms: actual - planned,
            phase_ms: this.only[i] === undefined ? Math.round(phaseMs(this.full[i], this.spec) * 1000) / 1000 : 0,
        });
    }
    record() {
        return {
            index: this.spec.index,
            count: this.spec.count,
            start_at: new Date(this.startAtMs).toISOString(),
            start_at_ms: this.startAtMs,
            plan_hash: planHash(this.full, this.drainMs, this.startAtMs, this.spec.count, this.only),
            drain_ms: this.drainMs,
            seed: this.seed,
            clock: this.clock,
            levels: this.timings,
        };
    }
}
function sleep(ms, signal) {
    return new Promise((resolve) => {
        const done = () => {
            clearTimeout(t);
            signal.removeEventListener('abort', done);
            resolve();
        };
        const t = setTimeout(done, ms);
        signal.addEventListener('abort', done, { once: true });
    });
}
const label = (s) => `shard ${s.index}/${s.count}`;
/**
 * Merges the shards' results level by level and says which levels are valid. Never throws on a
 * bad set: everything found wrong is a problem named by shard and file.
 */
function mergeShards(results, limits) {
    const problems = [];
    const unsharded = results.filter((r) => !r.shard);
    for (const r of unsharded)
        problems.push(`${r.file} is not a shard's results (run with --shard i/N)`);
    const shards = results.filter((r) => r.shard !== undefined);
    const counts = new Set(shards.map((r) => r.shard.count));
    const count = Math.max(0, ...counts);
    if (counts.size > 1)
        problems.push(`the shards were run with different counts (${[...counts]
            .sort()
            .map((n) => `/${n}`)
            .join(', ')}): every shard must get the same --shard i/N`);
    const byIndex = new Map();
    for (const r of shards)
        byIndex.set(r.shard.index, [...(byIndex.get(r.shard.index) ?? []), r]);
    for (let i = 1; i <= count; i++) {
        const got = byIndex.get(i);
        if (!got)
            problems.push(`shard ${i}/${count} is missing: no results for it among the ${results.length} given; its level${count > 1 ? 's were' : ' was'} under-loaded by 1/${count}, so the result is invalid (did that job fail or its artifact not upload?)`);
        else if (got.length > 1)
            problems.push(`shard ${i}/${count} given ${got.length} times (${got.map((g) => g.file).join(', ')}): give each shard's results once`);
    }
    for (const [i, got] of byIndex)
        if (i > count)
            problems.push(`${got[0].file}: shard ${i}/${got[0].shard.count} is outside 1..${count}`);
    const hashes = new Set(shards.map((r) => r.shard.plan_hash));
    if (hashes.size > 1) {
        const ref = shards[0].shard.plan_hash;
        for (const r of shards)
            if (r.shard.plan_hash !== ref)
                problems.push(`${label(r.shard)} (${r.file}) ran a different plan (levels, drain, --start-at or shard count) than ${label(shards[0].shard)}: every shard must get the same flags apart from --shard`);
    }
    for (const r of shards)
        if (r.status !== 'complete')
            problems.push(`${label(r.shard)} (${r.file}) did not complete (status ${r.status})`);
    const offsets = shards.map((r) => r.shard.clock.offset_ms);
    const allOffsets = offsets.length > 0 && offsets.every((o) => o !== null);
    const nLevels = Math.max(0, ...results.map((r) => r.levels.length));
    const levels = [];
    const summaries = [];
    for (let li = 0; li < nLevels; li++) {
        const name = results.find((r) => r.levels[li]).levels[li].name;
        const lp = [];
        const parts = [];
        const starts = [];
        const corrected = [];
        let lag = 0;
        for (const r of shards) {
            const s = r.levels[li];
            const t = r.shard.levels[li];
            if (!s || !t) {
                lp.push(`${label(r.shard)} (${r.file}) has no level ${li + 1} (${name}): its run stopped early`);
                continue;
            }
            parts.push(s);
            const begin = t.actual_start_ms - t.phase_ms;
            starts.push(begin);
            corrected.push(begin + (r.shard.clock.offset_ms ?? 0));
            lag = Math.max(lag, s.send_lag_ms.p99);
            if (s.send_lag_ms.p99 > limits.maxSendLagMs)
                lp.push(`${label(r.shard)} lagged: P99 send lag ${s.send_lag_ms.p99.toFixed(1)} ms > ${limits.maxSendLagMs} ms in ${name} (that generator could not keep up; use more shards or a bigger runner)`);
        }
        for (const r of unsharded)
            if (r.levels[li])
                parts.push(r.levels[li]);
        const spread = (xs) => (xs.length > 1 ? Math.max(...xs) - Math.min(...xs) : xs.length === 1 ? 0 : null);
        const raw = spread(starts);
        const corr = allOffsets ? spread(corrected) : null;
        const skew = corr ?? raw;
        // Invalid only when the skew exceeds the bound beyond what the offsets' own error could explain.
        const unc = corr === null
            ? 0
            : shards
                .map((r) => r.shard.clock.uncertainty_ms ?? 0)
                .sort((a, b) => b - a)
                .slice(0, 2)
                .reduce((a, b) => a + b, 0);
        if (skew !== null && skew - unc > limits.maxSkewMs) {
            const latest = shards.filter((r) => r.shard.levels[li]).reduce((a, b) => (start(b, li, allOffsets) > start(a, li, allOffsets) ? b : a));
            lp.push(`start skew ${skew.toFixed(0)} ms${unc ? ` ± ${unc} ms` : ''} > ${limits.maxSkewMs} ms in ${name}: ${label(latest.shard)} (${latest.file}) began ${latest.shard.levels[li].start_lag_ms.toFixed(0)} ms after its due time (a late job: give the shards a later --start-at)`);
        }
        const all = [...problems, ...lp];
        levels.push({
            name,
            start_skew_ms: raw === null ? null : round1(raw),
            start_skew_corrected_ms: corr === null ? null : round1(corr),
            skew_ms: skew === null ? null : round1(skew),
            skew_uncertainty_ms: unc,
            max_send_lag_p99_ms: round1(lag),
            shards: parts.length,
            valid: all.length === 0,
            problems: lp,
        });
        if (parts.length)
            summaries.push((0,_metrics_merge_js__WEBPACK_IMPORTED_MODULE_1__/* .mergeSummaries */ .T)(name, parts, 'parallel'));
    }
    const clocks = shards.map((r) => ({ shard: r.shard.index, file: r.file, ...r.shard.clock })).sort((a, b) => a.shard - b.shard);
    return { count, valid: problems.length === 0 && levels.every((l) => l.valid), problems, levels, summaries, clocks, limits };
}
function start(r, li, corrected) {
    const t = r.shard.levels[li];
    return t.actual_start_ms - t.phase_ms + (corrected ? (r.shard.clock.offset_ms ?? 0) : 0);
}
const round1 = (x) => Math.round(x * 10) / 10;
/** The messages that make a merge invalid, run-wide first, one per line. */
function shardProblems(m) {
    return [...m.problems, ...m.levels.flatMap((l) => l.problems)];
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
