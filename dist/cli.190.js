export const id = 190;
export const ids = [190];
export const modules = {

/***/ 82190:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   mergeCommand: () => (/* binding */ mergeCommand)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(57975);
/* harmony import */ var _metrics_merge_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3033);
/* harmony import */ var _report_table_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(68330);
/* harmony import */ var _results_files_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(96781);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(3467);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(99661);
/* harmony import */ var _util_duration_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(47402);
/* harmony import */ var _load_shard_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(83740);
/* harmony import */ var _load_runner_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(33264);
/**
 * `llm-loadgate merge --out merged.json A/results.json B/results.json …`: combines the results of
 * several load generators that ran side by side against one endpoint (to offer more load than one
 * machine can). Counters add, HDR histograms merge exactly, rates add; levels merge by position.
 */











const HELP = `llm-loadgate merge --out MERGED.json RESULTS.json|DIR RESULTS.json|DIR [...]
                   [--max-start-skew ${_load_shard_js__WEBPACK_IMPORTED_MODULE_7__/* .DEFAULT_MAX_SKEW_MS */ .nA}ms] [--max-send-lag-ms 50]

Merges the results.json of "llm-loadgate load" runs made side by side by several generators
(same levels, same time): counts add, latency histograms merge exactly, rates add. A directory
stands for its results.json.

Runs made with --shard i/N are checked as one plan: every shard 1..N present once, the same plan,
each level begun by all shards within --max-start-skew of each other (on the endpoint's clock when
every shard measured its offset) and no shard's P99 send lag above --max-send-lag-ms. A level that
fails a check is invalid (merged.json: shards.levels[].problems), and so is every level when a
shard is missing; the merge then exits 3 and names the shard.`;
async function mergeCommand(argv) {
    const { values, positionals } = (0,node_util__WEBPACK_IMPORTED_MODULE_2__.parseArgs)({
        args: argv,
        allowPositionals: true,
        strict: true,
        options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' }, 'max-start-skew': { type: 'string' }, 'max-send-lag-ms': { type: 'string' } },
    });
    if (values.help) {
        process.stdout.write(`${HELP}\n`);
        return _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .EXIT */ .d.ok;
    }
    if (!values.out || positionals.length < 1)
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .UsageError */ .eb(`merge: give --out and at least two results files\n\n${HELP}`);
    const files = positionals.map(resultsFile);
    const docs = files.map(read);
    // One shard's results alone still merge: the check then names the shards that are missing.
    if (docs.some((d) => d.shard))
        return mergeSharded(values.out, files, docs, values['max-start-skew'], values['max-send-lag-ms']);
    if (positionals.length < 2)
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .UsageError */ .eb(`merge: give --out and at least two results files\n\n${HELP}`);
    const counts = new Set(docs.map((d) => d.levels.length));
    if (counts.size !== 1)
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .UsageError */ .eb(`merge: the runs have different numbers of levels (${[...counts].join(', ')}); merge runs of the same plan`);
    const levels = docs[0].levels.map((_, i) => {
        const parts = docs.map((d) => d.levels[i]);
        return { ...(0,_metrics_merge_js__WEBPACK_IMPORTED_MODULE_3__/* .mergeSummaries */ .T)(parts[0].name, parts.map(summaryOf), 'parallel'), ...mergedCheck(parts, positionals) };
    });
    const all = (0,_metrics_merge_js__WEBPACK_IMPORTED_MODULE_3__/* .mergeSummaries */ .T)('all', levels.map(summaryOf), 'sequential');
    const status = docs.every((d) => d.status === 'complete') ? 'complete' : 'cancelled';
    // Side by side, the runs applied load over the same minutes: the longest is the merged run's.
    const minutes = docs.map((d) => d.load_minutes).filter((m) => typeof m === 'number');
    (0,_results_files_js__WEBPACK_IMPORTED_MODULE_4__/* .writeJson */ .GF)(values.out, { ...docs[0], status, merged_from: positionals, ...all, levels, ...(minutes.length ? { load_minutes: Math.max(...minutes) } : {}) });
    process.stdout.write(`${(0,_report_table_js__WEBPACK_IMPORTED_MODULE_9__/* .levelsTable */ .eP)(levels)}\n\nmerged ${positionals.length} runs: ${values.out}\n`);
    return _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .EXIT */ .d.ok;
}
/**
 * A merged level is valid only when every generator's part was: one lagging generator skews the
 * whole level. Files written before levels carried their check merge without one.
 */
function mergedCheck(parts, paths) {
    if (parts.every((p) => p.valid === undefined))
        return {};
    const bad = parts.flatMap((p, i) => (p.valid === false ? [`${paths[i]}: ${p.invalid_reason ?? 'invalid'}`] : []));
    const cpu = Math.max(...parts.map((p) => p.client_cpu ?? 0));
    return { valid: bad.length === 0, ...(bad.length ? { invalid_reason: bad.join('; ') } : {}), client_cpu: cpu };
}
/** A level without its check (mergeSummaries keeps the first part's other fields). */
function summaryOf(l) {
    const { valid: _v, invalid_reason: _r, client_cpu: _c, notes: _n, ...summary } = l;
    return summary;
}
/** Shards of one plan: merged level by level, each level judged on whether the shards really ran it together. */
function mergeSharded(out, files, docs, skewText, lagText) {
    const maxSkewMs = skewText === undefined ? _load_shard_js__WEBPACK_IMPORTED_MODULE_7__/* .DEFAULT_MAX_SKEW_MS */ .nA : ((0,_util_duration_js__WEBPACK_IMPORTED_MODULE_10__/* .parseDuration */ .E)(skewText) ?? NaN) * 1000;
    const maxSendLagMs = lagText === undefined ? _load_runner_js__WEBPACK_IMPORTED_MODULE_8__/* .DEFAULT_MAX_SEND_LAG_MS */ .mD : Number(lagText);
    if (!(maxSkewMs >= 0))
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .UsageError */ .eb(`merge: --max-start-skew ${JSON.stringify(skewText)}: expected a duration like 250ms or 1s`);
    if (!(maxSendLagMs > 0))
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .UsageError */ .eb(`merge: --max-send-lag-ms ${JSON.stringify(lagText)}: expected a number of milliseconds > 0`);
    const m = (0,_load_shard_js__WEBPACK_IMPORTED_MODULE_7__/* .mergeShards */ .Ox)(docs.map((d, i) => ({ file: files[i], status: String(d.status), shard: d.shard, levels: d.levels.map(summaryOf) })), { maxSkewMs, maxSendLagMs });
    const all = m.summaries.length ? (0,_metrics_merge_js__WEBPACK_IMPORTED_MODULE_3__/* .mergeSummaries */ .T)('all', m.summaries, 'sequential') : {};
    const status = docs.every((d) => d.status === 'complete') ? 'complete' : 'cancelled';
    const { summaries: _levels, ...shards } = m;
    const { shard: _shard, ...first } = docs[0];
    // Each shard's own level check (send lag, generator CPU) carries over: one lagging shard's part makes the level invalid.
    const levels = m.summaries.map((l, i) => ({
        ...l,
        ...mergedCheck(docs.map((d) => d.levels?.[i] ?? {}), files),
    }));
    (0,_results_files_js__WEBPACK_IMPORTED_MODULE_4__/* .writeJson */ .GF)(out, { ...first, status, merged_from: files, valid: m.valid, ...all, levels, shards });
    const skews = m.levels.map((l) => `${l.name}: start skew ${l.skew_ms === null ? '?' : `${l.skew_ms} ms`}${l.start_skew_corrected_ms !== null ? ' (endpoint clock)' : ''}, ${l.valid ? 'valid' : 'INVALID'}`);
    process.stdout.write(`${(0,_report_table_js__WEBPACK_IMPORTED_MODULE_9__/* .levelsTable */ .eP)(m.summaries)}\n\n${skews.join('\n')}\nmerged ${files.length} shard results of ${m.count}: ${out}\n`);
    if (m.valid)
        return _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .EXIT */ .d.ok;
    process.stderr.write(`merge: the sharded result is invalid:\n  - ${(0,_load_shard_js__WEBPACK_IMPORTED_MODULE_7__/* .shardProblems */ .Rz)(m).join('\n  - ')}\n`);
    return _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .EXIT */ .d.inconclusive;
}
/** A directory stands for its results.json (an artifact downloaded per shard). */
function resultsFile(path) {
    try {
        return (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(path).isDirectory() ? (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(path, 'results.json') : path;
    }
    catch {
        return path;
    }
}
function read(path) {
    let doc;
    try {
        doc = JSON.parse((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(path, 'utf8'));
    }
    catch (e) {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .UsageError */ .eb(`merge: cannot read ${path}: ${e.code ?? e.message}`);
    }
    if (doc.kind !== 'load' || !Array.isArray(doc.levels) || doc.levels.length === 0 || !doc.levels.every((l) => l && typeof l === 'object' && l.histograms))
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .UsageError */ .eb(`merge: ${path} is not the results.json of an "llm-loadgate load" run with levels and histograms`);
    return doc;
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
