export const id = 190;
export const ids = [190];
export const modules = {

/***/ 82190:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   mergeCommand: () => (/* binding */ mergeCommand)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(57975);
/* harmony import */ var _metrics_merge_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3033);
/* harmony import */ var _report_table_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(68330);
/* harmony import */ var _results_files_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(96781);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3467);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(99661);
/**
 * `llm-loadgate merge --out merged.json A/results.json B/results.json …`: combines the results of
 * several load generators that ran side by side against one endpoint (to offer more load than one
 * machine can). Counters add, HDR histograms merge exactly, rates add; levels merge by position.
 */







const HELP = `llm-loadgate merge --out MERGED.json RESULTS.json RESULTS.json [...]

Merges the results.json of "llm-loadgate load" runs made side by side by several generators
(same levels, same time): counts add, latency histograms merge exactly, rates add.`;
async function mergeCommand(argv) {
    const { values, positionals } = (0,node_util__WEBPACK_IMPORTED_MODULE_1__.parseArgs)({ args: argv, allowPositionals: true, strict: true, options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
    if (values.help) {
        process.stdout.write(`${HELP}\n`);
        return _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .EXIT */ .d.ok;
    }
    if (!values.out || positionals.length < 2)
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UsageError */ .eb(`merge: give --out and at least two results files\n\n${HELP}`);
    const docs = positionals.map(read);
    const counts = new Set(docs.map((d) => d.levels.length));
    if (counts.size !== 1)
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UsageError */ .eb(`merge: the runs have different numbers of levels (${[...counts].join(', ')}); merge runs of the same plan`);
    const levels = docs[0].levels.map((_, i) => (0,_metrics_merge_js__WEBPACK_IMPORTED_MODULE_2__/* .mergeSummaries */ .T)(docs[0].levels[i].name, docs.map((d) => d.levels[i]), 'parallel'));
    const all = (0,_metrics_merge_js__WEBPACK_IMPORTED_MODULE_2__/* .mergeSummaries */ .T)('all', levels, 'sequential');
    const status = docs.every((d) => d.status === 'complete') ? 'complete' : 'cancelled';
    (0,_results_files_js__WEBPACK_IMPORTED_MODULE_3__/* .writeJson */ .GF)(values.out, { ...docs[0], status, merged_from: positionals, ...all, levels });
    process.stdout.write(`${(0,_report_table_js__WEBPACK_IMPORTED_MODULE_6__/* .levelsTable */ .eP)(levels)}\n\nmerged ${positionals.length} runs: ${values.out}\n`);
    return _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .EXIT */ .d.ok;
}
function read(path) {
    let doc;
    try {
        doc = JSON.parse((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(path, 'utf8'));
    }
    catch (e) {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UsageError */ .eb(`merge: cannot read ${path}: ${e.code ?? e.message}`);
    }
    if (doc.kind !== 'load' || !Array.isArray(doc.levels) || doc.levels.length === 0 || !doc.levels.every((l) => l && typeof l === 'object' && l.histograms))
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UsageError */ .eb(`merge: ${path} is not the results.json of an "llm-loadgate load" run with levels and histograms`);
    return doc;
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
