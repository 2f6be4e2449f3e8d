export const id = 113;
export const ids = [113];
export const modules = {

/***/ 64982:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AJ: () => (/* binding */ histogramOf),
/* harmony export */   Eb: () => (/* binding */ PER_MODEL_METRICS),
/* harmony export */   FD: () => (/* binding */ keepMessage),
/* harmony export */   Uf: () => (/* binding */ sortedMessages),
/* harmony export */   Z$: () => (/* binding */ LATENCY_METRICS),
/* harmony export */   tG: () => (/* binding */ LevelAccumulator)
/* harmony export */ });
/* unused harmony exports MAX_ERROR_MESSAGES, MAX_ERROR_MESSAGE_CHARS */
/* harmony import */ var _util_num_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(21764);
/* harmony import */ var _util_text_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(28805);
/* harmony import */ var _record_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(32048);
/* harmony import */ var _histogram_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(22179);




const LATENCY_METRICS = ['ttft_ms', 'ttfc_ms', 'itl_ms', 'tpot_ms', 'e2e_ms', 'send_lag_ms', 'ttft_from_schedule_ms', 'e2e_from_schedule_ms'];
/** Latencies kept per model. */
const PER_MODEL_METRICS = ['ttft_ms', 'itl_ms', 'tpot_ms', 'e2e_ms'];
/** Messages kept per error kind, and the longest one kept. */
const MAX_ERROR_MESSAGES = 3;
const MAX_ERROR_MESSAGE_CHARS = 300;
/**
 * Adds `message` to `list` unless it is already there or the list is full: the first few distinct
 * messages of a kind. Messages come from the client with secrets already scrubbed.
 */
function keepMessage(list, message) {
    if (list.length >= MAX_ERROR_MESSAGES)
        return;
    const m = (0,_util_text_js__WEBPACK_IMPORTED_MODULE_1__/* .truncate */ .x)(message, MAX_ERROR_MESSAGE_CHARS);
    if (!list.includes(m))
        list.push(m);
}
class LevelAccumulator {
    name;
    offered;
    limits;
    h = Object.fromEntries(LATENCY_METRICS.map((m) => [m, (0,_histogram_js__WEBPACK_IMPORTED_MODULE_0__/* .newHistogram */ .HL)()]));
    /** Per-request tokens/s, stored ×1000 so 3 significant digits survive the integer histogram. */
    tokRate = (0,_histogram_js__WEBPACK_IMPORTED_MODULE_0__/* .newHistogram */ .HL)();
    errors = {};
    messages = {};
    nonStreamed = 0;
    statuses = {};
    models = {};
    perModel = new Map();
    sent = 0;
    ok = 0;
    dropped = 0;
    inputTokens = 0;
    outputTokens = 0;
    estimated = 0;
    goodput = 0;
    requestedOut = 0;
    requestedOutCount = 0;
    requestedIn = 0;
    requestedInCount = 0;
    actualIn = 0;
    actualInCount = 0;
    /** Input tokens of successful requests (tokens served; failed requests' prompts are not). */
    inputTokensOk = 0;
    firstOkEnd = Infinity;
    lastOkEnd = -Infinity;
    constructor(name, offered, limits = {}) {
        this.name = name;
        this.offered = offered;
        this.limits = limits;
    }
    /** Counts a request the pacer wanted to send but could not because of the in-flight cap. */
    addDropped() {
        this.dropped++;
    }
    add(r) {
        this.sent++;
        (0,_histogram_js__WEBPACK_IMPORTED_MODULE_0__/* .recordMs */ .mw)(this.h.send_lag_ms, (0,_record_js__WEBPACK_IMPORTED_MODULE_2__/* .sendLagMs */ .lq)(r));
        if (r.status !== undefined)
            this.statuses[r.status] = (this.statuses[r.status] ?? 0) + 1;
        const m = (this.models[r.requestedModel] ??= { requests: 0, ok: 0, mismatched: 0 });
        m.requests++;
        let pm = this.perModel.get(r.requestedModel);
        if (!pm)
            this.perModel.set(r.requestedModel, (pm = new ModelAccumulator()));
        pm.add(r);
        if (r.responseModel !== undefined && r.responseModel !== r.requestedModel)
            m.mismatched++;
        if (r.inputTokens !== undefined)
            this.inputTokens += r.inputTokens;
        if (r.outcome !== 'ok') {
            this.errors[r.outcome] = (this.errors[r.outcome] ?? 0) + 1;
            keepMessage((this.messages[r.outcome] ??= []), r.error ?? r.outcome);
            return;
        }
        this.ok++;
        m.ok++;
        if (r.nonStreamed)
            this.nonStreamed++;
        if (r.endedAt < this.firstOkEnd)
            this.firstOkEnd = r.endedAt;
        if (r.endedAt > this.lastOkEnd)
            this.lastOkEnd = r.endedAt;
        this.addSuccess(r);
    }
    addSuccess(r) {
        const h = this.h;
        if (r.ttftMs !== undefined) {
            (0,_histogram_js__WEBPACK_IMPORTED_MODULE_0__/* .recordMs */ .mw)(h.ttft_ms, r.ttftMs);
            (0,_histogram_js__WEBPACK_IMPORTED_MODULE_0__/* .recordMs */ .mw)(h.ttft_from_schedule_ms, (0,_record_js__WEBPACK_IMPORTED_MODULE_2__/* .ttftFromScheduleMs */ .uN)(r));
        }
        if (r.ttfcMs !== undefined)
            (0,_histogram_js__WEBPACK_IMPORTED_MODULE_0__/* .recordMs */ .mw)(h.ttfc_ms, r.ttfcMs);
        if (r.e2eMs !== undefined) {
            (0,_histogram_js__WEBPACK_IMPORTED_MODULE_0__/* .recordMs */ .mw)(h.e2e_ms, r.e2eMs);
            (0,_histogram_js__WEBPACK_IMPORTED_MODULE_0__/* .recordMs */ .mw)(h.e2e_from_schedule_ms, (0,_record_js__WEBPACK_IMPORTED_MODULE_2__/* .e2eFromScheduleMs */ .A$)(r));
        }
        if (r.tpotMs !== undefined)
            (0,_histogram_js__WEBPACK_IMPORTED_MODULE_0__/* .recordMs */ .mw)(h.tpot_ms, r.tpotMs);
        for (const gap of r.itlMs)
            (0,_histogram_js__WEBPACK_IMPORTED_MODULE_0__/* .recordMs */ .mw)(h.itl_ms, gap);
        const rate = (0,_record_js__WEBPACK_IMPORTED_MODULE_2__/* .requestTokensPerSecond */ .Bb)(r);
        if (rate !== undefined)
            this.tokRate.recordValue(Math.max(1, Math.round(rate * 1000)));
        this.outputTokens += r.outputTokens ?? 0;
        this.inputTokensOk += r.inputTokens ?? 0;
        if (r.tokensEstimated)
            this.estimated++;
        if (r.requestedInputTokens !== undefined) {
            this.requestedIn += r.requestedInputTokens;
            this.requestedInCount++;
        }
        if (r.inputTokens !== undefined) {
            this.actualIn += r.inputTokens;
            this.actualInCount++;
        }
        if (r.requestedOutputTokens !== undefined) {
            this.requestedOut += r.requestedOutputTokens;
            this.requestedOutCount++;
        }
        if ((0,_record_js__WEBPACK_IMPORTED_MODULE_2__/* .meetsGoodput */ .lb)(r, this.limits))
            this.goodput++;
    }
    /**
     * Completions per second over the span of successful completions: (ok − 1) / (last − first end).
     * Unlike ok / wall time it is not diluted by the ramp-up and drain tails (one request latency
     * each), so a level that keeps up reports its offered rate and a saturated one its service rate.
     */
    completionRate(durationS) {
        const spanS = (this.lastOkEnd - this.firstOkEnd) / 1000;
        if (this.ok >= 3 && spanS > 0)
            return (this.ok - 1) / spanS;
        return durationS > 0 ? this.ok / durationS : 0;
    }
    /** The summary over a measuring window of `durationS` seconds (first send → last completion). */
    summary(durationS) {
        const d = durationS > 0 ? durationS : Number.EPSILON;
        const achieved = this.completionRate(durationS);
        // Rates derived from completions share the completion-rate window: per-request means × rate.
        const perOk = (x) => (this.ok ? (x / this.ok) * achieved : x / d);
        const errorCount = this.sent - this.ok;
        const stats = Object.fromEntries(LATENCY_METRICS.map((m) => [m, (0,_histogram_js__WEBPACK_IMPORTED_MODULE_0__/* .statsMs */ .OC)(this.h[m])]));
        const histograms = Object.fromEntries(LATENCY_METRICS.map((m) => [m, (0,_histogram_js__WEBPACK_IMPORTED_MODULE_0__/* .encodeHistogram */ .ll)(this.h[m])]));
        histograms.request_tokens_per_s = (0,_histogram_js__WEBPACK_IMPORTED_MODULE_0__/* .encodeHistogram */ .ll)(this.tokRate);
        return {
            name: this.name,
            offered: this.offered,
            duration_s: (0,_util_num_js__WEBPACK_IMPORTED_MODULE_3__/* .round */ .L)(durationS, 3),
            requests: {
                scheduled: this.sent + this.dropped,
                sent: this.sent,
                ok: this.ok,
                errors: sortedErrors(this.errors),
                dropped_overflow: this.dropped,
                ...(this.nonStreamed ? { non_streamed: this.nonStreamed } : {}),
            },
            error_messages: sortedMessages(this.messages),
            success_rate: this.sent ? (0,_util_num_js__WEBPACK_IMPORTED_MODULE_3__/* .round */ .L)(this.ok / this.sent, 6) : 0,
            error_rate: this.sent ? (0,_util_num_js__WEBPACK_IMPORTED_MODULE_3__/* .round */ .L)(errorCount / this.sent, 6) : 0,
            status_codes: { ...this.statuses },
            sent_rps: (0,_util_num_js__WEBPACK_IMPORTED_MODULE_3__/* .round */ .L)(this.sent / d, 3),
            achieved_rps: (0,_util_num_js__WEBPACK_IMPORTED_MODULE_3__/* .round */ .L)(achieved, 3),
            input_tokens: this.inputTokens,
            output_tokens: this.outputTokens,
            tokens_estimated_requests: this.estimated,
            output_tokens_per_s: (0,_util_num_js__WEBPACK_IMPORTED_MODULE_3__/* .round */ .L)(perOk(this.outputTokens), 2),
            total_tokens_per_s: (0,_util_num_js__WEBPACK_IMPORTED_MODULE_3__/* .round */ .L)(perOk(this.outputTokens + this.inputTokensOk), 2),
            goodput_rps: (0,_util_num_js__WEBPACK_IMPORTED_MODULE_3__/* .round */ .L)(perOk(this.goodput), 3),
            goodput_limits: this.limits,
            ...stats,
            request_tokens_per_s: tokRateStats(this.tokRate),
            models: structuredClone(this.models),
            output_length: {
                requested_mean: this.requestedOutCount ? (0,_util_num_js__WEBPACK_IMPORTED_MODULE_3__/* .round */ .L)(this.requestedOut / this.requestedOutCount, 2) : 0,
                actual_mean: this.ok ? (0,_util_num_js__WEBPACK_IMPORTED_MODULE_3__/* .round */ .L)(this.outputTokens / this.ok, 2) : 0,
            },
            input_length: {
                requested_mean: this.requestedInCount ? (0,_util_num_js__WEBPACK_IMPORTED_MODULE_3__/* .round */ .L)(this.requestedIn / this.requestedInCount, 2) : 0,
                actual_mean: this.actualInCount ? (0,_util_num_js__WEBPACK_IMPORTED_MODULE_3__/* .round */ .L)(this.actualIn / this.actualInCount, 2) : 0,
            },
            per_model: Object.fromEntries([...this.perModel].map(([k, a]) => [k, a.summary(durationS)])),
            histograms,
        };
    }
}
const MAX_MISMATCH_NAMES = 10;
/** The per-model part of a level: four histograms and a few counters, O(1) per request. */
class ModelAccumulator {
    h = Object.fromEntries(PER_MODEL_METRICS.map((m) => [m, (0,_histogram_js__WEBPACK_IMPORTED_MODULE_0__/* .newHistogram */ .HL)()]));
    requests = 0;
    ok = 0;
    mismatched = 0;
    mismatchedAs = {};
    outputTokens = 0;
    firstOkEnd = Infinity;
    lastOkEnd = -Infinity;
    add(r) {
        this.requests++;
        if (r.responseModel !== undefined && r.responseModel !== r.requestedModel) {
            this.mismatched++;
            const names = this.mismatchedAs;
            const key = r.responseModel in names || Object.keys(names).length < MAX_MISMATCH_NAMES ? r.responseModel : '(other)';
            names[key] = (names[key] ?? 0) + 1;
        }
        if (r.outcome !== 'ok')
            return;
        this.ok++;
        if (r.endedAt < this.firstOkEnd)
            this.firstOkEnd = r.endedAt;
        if (r.endedAt > this.lastOkEnd)
            this.lastOkEnd = r.endedAt;
        this.outputTokens += r.outputTokens ?? 0;
        if (r.ttftMs !== undefined)
            (0,_histogram_js__WEBPACK_IMPORTED_MODULE_0__/* .recordMs */ .mw)(this.h.ttft_ms, r.ttftMs);
        if (r.e2eMs !== undefined)
            (0,_histogram_js__WEBPACK_IMPORTED_MODULE_0__/* .recordMs */ .mw)(this.h.e2e_ms, r.e2eMs);
        if (r.tpotMs !== undefined)
            (0,_histogram_js__WEBPACK_IMPORTED_MODULE_0__/* .recordMs */ .mw)(this.h.tpot_ms, r.tpotMs);
        for (const gap of r.itlMs)
            (0,_histogram_js__WEBPACK_IMPORTED_MODULE_0__/* .recordMs */ .mw)(this.h.itl_ms, gap);
    }
    /** Same completion-rate rule as the level (see LevelAccumulator.completionRate). */
    summary(durationS) {
        const spanS = (this.lastOkEnd - this.firstOkEnd) / 1000;
        const achieved = this.ok >= 3 && spanS > 0 ? (this.ok - 1) / spanS : durationS > 0 ? this.ok / durationS : 0;
        const d = durationS > 0 ? durationS : Number.EPSILON;
        return {
            requests: this.requests,
            ok: this.ok,
            mismatched: this.mismatched,
            mismatched_as: { ...this.mismatchedAs },
            error_rate: this.requests ? (0,_util_num_js__WEBPACK_IMPORTED_MODULE_3__/* .round */ .L)((this.requests - this.ok) / this.requests, 6) : 0,
            achieved_rps: (0,_util_num_js__WEBPACK_IMPORTED_MODULE_3__/* .round */ .L)(achieved, 3),
            output_tokens: this.outputTokens,
            output_tokens_per_s: (0,_util_num_js__WEBPACK_IMPORTED_MODULE_3__/* .round */ .L)(this.ok ? (this.outputTokens / this.ok) * achieved : this.outputTokens / d, 2),
            ttft_ms: (0,_histogram_js__WEBPACK_IMPORTED_MODULE_0__/* .statsMs */ .OC)(this.h.ttft_ms),
            itl_ms: (0,_histogram_js__WEBPACK_IMPORTED_MODULE_0__/* .statsMs */ .OC)(this.h.itl_ms),
            tpot_ms: (0,_histogram_js__WEBPACK_IMPORTED_MODULE_0__/* .statsMs */ .OC)(this.h.tpot_ms),
            e2e_ms: (0,_histogram_js__WEBPACK_IMPORTED_MODULE_0__/* .statsMs */ .OC)(this.h.e2e_ms),
            histograms: Object.fromEntries(PER_MODEL_METRICS.map((m) => [m, (0,_histogram_js__WEBPACK_IMPORTED_MODULE_0__/* .encodeHistogram */ .ll)(this.h[m])])),
        };
    }
}
function tokRateStats(h) {
    // statsMs divides by 1000, which undoes the ×1000 scaling used when recording.
    return (0,_histogram_js__WEBPACK_IMPORTED_MODULE_0__/* .statsMs */ .OC)(h);
}
/** Error messages in the order of OUTCOMES (copies: the summary must not change with later adds). */
function sortedMessages(e) {
    const out = {};
    for (const k of _record_js__WEBPACK_IMPORTED_MODULE_2__/* .OUTCOMES */ .im)
        if (k !== 'ok' && e[k]?.length)
            out[k] = [...e[k]];
    return out;
}
function sortedErrors(e) {
    const out = {};
    for (const k of _record_js__WEBPACK_IMPORTED_MODULE_2__/* .OUTCOMES */ .im)
        if (k !== 'ok' && e[k])
            out[k] = e[k];
    return out;
}
/** Re-reads a summary's encoded histogram (for merging levels measured by several generators). */
function histogramOf(s, metric) {
    return (0,_histogram_js__WEBPACK_IMPORTED_MODULE_0__/* .decodeHistogram */ .pr)(s.histograms[metric]);
}


/***/ }),

/***/ 22179:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   HL: () => (/* binding */ newHistogram),
/* harmony export */   OC: () => (/* binding */ statsMs),
/* harmony export */   ll: () => (/* binding */ encodeHistogram),
/* harmony export */   mw: () => (/* binding */ recordMs),
/* harmony export */   pr: () => (/* binding */ decodeHistogram)
/* harmony export */ });
/* unused harmony export mergeEncoded */
/* harmony import */ var hdr_histogram_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(32960);
/**
 * Latency distributions over HDR histograms: microsecond resolution, 3 significant digits, memory
 * bounded by the value range rather than the number of samples. Histograms serialise to the
 * standard HDR compressed base64 form and merge, so several generators' results combine exactly.
 */

/** One hour in microseconds: the largest latency we track without resizing. */
const HIGHEST_US = 3_600_000_000;
function newHistogram() {
    return hdr_histogram_js__WEBPACK_IMPORTED_MODULE_0__.build({ lowestDiscernibleValue: 1, highestTrackableValue: HIGHEST_US, numberOfSignificantValueDigits: 3, autoResize: true });
}
/** Records a duration given in milliseconds (stored as whole microseconds, at least 1). */
function recordMs(h, ms) {
    h.recordValue(Math.max(1, Math.round(ms * 1000)));
}
const round3 = (x) => Math.round(x * 1000) / 1000;
/**
 * Summary in milliseconds; all zeros when nothing was recorded. Min and max are read from the
 * buckets like the percentiles (not from the exact extremes, which encoding does not keep), so
 * p99 never exceeds max and a decoded or merged histogram gives the very same figures.
 */
function statsMs(h) {
    if (h.totalCount === 0)
        return { count: 0, min: 0, mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, max: 0 };
    const at = (p) => round3(h.getValueAtPercentile(p) / 1000);
    return {
        count: h.totalCount,
        min: at(0),
        mean: round3(h.mean / 1000),
        p50: at(50),
        p90: at(90),
        p95: at(95),
        p99: at(99),
        max: at(100),
    };
}
function encodeHistogram(h) {
    return hdr_histogram_js__WEBPACK_IMPORTED_MODULE_0__.encodeIntoCompressedBase64(h);
}
function decodeHistogram(base64) {
    return hdr_histogram_js__WEBPACK_IMPORTED_MODULE_0__.decodeFromCompressedBase64(base64, 32, false, HIGHEST_US);
}
/** Merges encoded histograms into a new one. */
function mergeEncoded(encoded) {
    const out = newHistogram();
    for (const e of encoded)
        out.add(decodeHistogram(e));
    return out;
}


/***/ }),

/***/ 32048:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A$: () => (/* binding */ e2eFromScheduleMs),
/* harmony export */   Bb: () => (/* binding */ requestTokensPerSecond),
/* harmony export */   Jc: () => (/* binding */ computeTpot),
/* harmony export */   Mx: () => (/* binding */ newRecord),
/* harmony export */   im: () => (/* binding */ OUTCOMES),
/* harmony export */   lb: () => (/* binding */ meetsGoodput),
/* harmony export */   lq: () => (/* binding */ sendLagMs),
/* harmony export */   p$: () => (/* binding */ DRAIN_EXPIRED),
/* harmony export */   uN: () => (/* binding */ ttftFromScheduleMs)
/* harmony export */ });
/**
 * The one place where a request's measured quantities are defined.
 *
 * Every request the engine sends ends in exactly one RequestRecord with exactly one Outcome, so
 * counts by outcome always add up to requests sent. Times are milliseconds on the monotonic clock
 * (performance.now()), relative to nothing in particular: only differences are meaningful.
 */
/** Every way a request can end. Error kinds are stable identifiers used in results.json. */
const OUTCOMES = [
    'ok',
    'connect_error',
    'timeout_connect',
    'timeout_first_byte',
    'timeout_idle',
    'timeout_total',
    'http_3xx',
    'http_429',
    'http_4xx',
    'http_5xx',
    'reset_before_first_byte',
    'reset_after_first_byte',
    'malformed_stream',
    'empty_completion',
    'overlong_stream',
    'incomplete',
    'cancelled',
];
/**
 * The abort reason the runner uses when a level's drain bound expires: a request still open then
 * ends as `incomplete` (its own outcome, never lost), not `cancelled` (which means the user
 * stopped the run). Any other abort reason on SendContext.signal means `cancelled`.
 */
const DRAIN_EXPIRED = 'llm-loadgate:drain-expired';
/**
 * A fresh record for a request about to be sent (outcome `ok` until something says otherwise):
 * the one shape the HTTP client and the in-process simulator sender both fill in.
 */
function newRecord(spec, ctx) {
    return {
        id: ctx.id,
        phase: ctx.phase,
        scheduledAt: ctx.scheduledAt,
        sentAt: 0,
        endedAt: 0,
        outcome: 'ok',
        requestedModel: spec.model,
        itlMs: [],
        tokensEstimated: false,
        contentChunks: 0,
        requestedInputTokens: spec.requestedInputTokens,
        requestedOutputTokens: spec.maxTokens,
    };
}
/** Lag between the pacer's schedule and the real send: client-side queueing made visible. */
function sendLagMs(r) {
    return Math.max(0, r.sentAt - r.scheduledAt);
}
/** TTFT measured from the scheduled time, so client or server queueing cannot hide. */
function ttftFromScheduleMs(r) {
    return r.ttftMs === undefined ? undefined : r.ttftMs + sendLagMs(r);
}
/** E2E measured from the scheduled time. */
function e2eFromScheduleMs(r) {
    return r.e2eMs === undefined ? undefined : r.e2eMs + sendLagMs(r);
}
/** TPOT as defined by the issue: (E2E − TTFT) / (output_tokens − 1). */
function computeTpot(e2eMs, ttftMs, outputTokens) {
    if (outputTokens < 2)
        return undefined;
    return (e2eMs - ttftMs) / (outputTokens - 1);
}
/** Per-request output rate in tokens per second over the whole request (send → last token). */
function requestTokensPerSecond(r) {
    if (r.outcome !== 'ok' || !r.outputTokens || !r.e2eMs || r.e2eMs <= 0)
        return undefined;
    return (r.outputTokens * 1000) / r.e2eMs;
}
/** A request counts toward goodput when it succeeded and met every given limit. */
function meetsGoodput(r, limits) {
    if (r.outcome !== 'ok')
        return false;
    if (limits.ttftMs !== undefined && (r.ttftMs === undefined || ttftFromScheduleMs(r) > limits.ttftMs))
        return false;
    if (limits.tpotMs !== undefined && r.tpotMs !== undefined && r.tpotMs > limits.tpotMs)
        return false;
    return true;
}


/***/ }),

/***/ 68330:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Qc: () => (/* binding */ offeredLabel),
/* harmony export */   SC: () => (/* binding */ errorsLabel),
/* harmony export */   Xk: () => (/* binding */ escapeMd),
/* harmony export */   eP: () => (/* binding */ levelsTable)
/* harmony export */ });
/* harmony import */ var markdown_table__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(735);
/**
 * Plain-text and markdown tables of level summaries. Pure functions of the summaries.
 */

const fmt = (x, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : '—');
/** Escapes text for markdown tables and HTML, and caps its length. */
function escapeMd(text, max = 200) {
    const cut = text.length > max ? `${text.slice(0, max)}…` : text;
    // A zero-width space after @ keeps server text from mentioning (and notifying) GitHub users.
    return cut.replace(/[\\`*_{}[\]<>|#!]/g, (c) => `\\${c}`).replace(/\r\n?|\n/g, ' ').replace(/@/g, '@\u200b');
}
/** Describes a level's offered load: "20 req/s" or "32 users". */
function offeredLabel(s) {
    return s.offered.kind === 'rate' ? `${fmt(s.offered.value, 2).replace(/\.?0+$/, '')} req/s` : `${s.offered.value} users`;
}
function errorsLabel(s) {
    const parts = Object.entries(s.requests.errors).map(([k, v]) => `${k}:${v}`);
    if (s.requests.dropped_overflow)
        parts.push(`dropped_overflow:${s.requests.dropped_overflow}`);
    return parts.length ? parts.join(' ') : '—';
}
/** One row per level: load, outcomes, latency percentiles and throughput. */
function levelsTable(levels) {
    const head = ['level', 'offered', 'sent', 'ok %', 'achieved rps', 'TTFT p50', 'TTFT p99', 'ITL p99', 'TPOT p50', 'E2E p99', 'out tok/s', 'send lag p99', 'errors'];
    const rows = levels.map((s) => [
        s.name,
        offeredLabel(s),
        String(s.requests.sent),
        fmt(s.success_rate * 100),
        fmt(s.achieved_rps, 2),
        `${fmt(s.ttft_ms.p50)} ms`,
        `${fmt(s.ttft_ms.p99)} ms`,
        `${fmt(s.itl_ms.p99)} ms`,
        `${fmt(s.tpot_ms.p50, 2)} ms`,
        `${fmt(s.e2e_ms.p99)} ms`,
        fmt(s.output_tokens_per_s, 0),
        `${fmt(s.send_lag_ms.p99, 2)} ms`,
        errorsLabel(s),
    ]);
    return (0,markdown_table__WEBPACK_IMPORTED_MODULE_0__/* .markdownTable */ .Q)([head, ...rows], { align: ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'] });
}


/***/ }),

/***/ 96781:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A0: () => (/* binding */ ensureDir),
/* harmony export */   GF: () => (/* binding */ writeJson),
/* harmony export */   S7: () => (/* binding */ JsonlSink),
/* harmony export */   VY: () => (/* binding */ timestampDirName)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/**
 * Results on disk. JSON documents are written whole (atomically via rename) so a reader never sees
 * half a file; per-request records stream to JSONL as they finish, so memory stays flat.
 */

function ensureDir(dir) {
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync)(dir, { recursive: true });
    return dir;
}
/** A run directory name that sorts by time: 2026-11-25T08-30-00Z. */
function timestampDirName(d = new Date()) {
    return d.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
}
function writeJson(path, value) {
    const tmp = `${path}.tmp`;
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeFileSync)(tmp, `${JSON.stringify(value, null, 2)}\n`);
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.renameSync)(tmp, path);
}
/** Streams one JSON line per finished request. */
class JsonlSink {
    out;
    error;
    constructor(path) {
        this.out = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.createWriteStream)(path, { flags: 'w' });
        // A full or read-only disk must not crash the run: the error is raised by close().
        this.out.on('error', (e) => {
            this.error ??= e;
        });
    }
    write(r) {
        if (!this.error)
            this.out.write(`${JSON.stringify(r)}\n`);
    }
    close() {
        if (this.error)
            return Promise.reject(new Error(`cannot write the per-request log ${this.out.path}: ${this.error.message}`));
        return new Promise((resolve, reject) => this.out.end((err) => (err ? reject(err) : resolve())));
    }
}


/***/ }),

/***/ 21764:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   L: () => (/* binding */ round)
/* harmony export */ });
/** Rounds to a number of decimal digits (for JSON output that stays readable). */
function round(x, digits) {
    const f = 10 ** digits;
    return Math.round(x * f) / f;
}


/***/ }),

/***/ 28805:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E: () => (/* binding */ redact),
/* harmony export */   x: () => (/* binding */ truncate)
/* harmony export */ });
/** Text helpers for messages that may carry server text or secrets. */
/** Replaces every occurrence of a secret (a server may echo the key back in its error text). */
function redact(text, secrets) {
    let out = text;
    for (const s of secrets) {
        if (s.length < 4)
            continue; // too short to tell from ordinary text (and '' would match everywhere)
        if (out.includes(s))
            out = out.split(s).join('[REDACTED]');
        // A message truncated mid-secret ends with its prefix, followed by the ellipsis.
        const body = out.endsWith('…') ? out.slice(0, -1) : out;
        for (let k = s.length - 1; k >= 4; k--)
            if (body.endsWith(s.slice(0, k))) {
                out = `${body.slice(0, body.length - k)}[REDACTED]…`;
                break;
            }
    }
    return out;
}
function truncate(s, n) {
    return s.length <= n ? s : `${s.slice(0, n)}…`;
}


/***/ })

};
