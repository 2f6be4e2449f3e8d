export const id = 424;
export const ids = [424];
export const modules = {

/***/ 18469:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Jf: () => (/* binding */ LevelPipeline),
/* harmony export */   e3: () => (/* binding */ toLevel)
/* harmony export */ });
/* unused harmony export runMeasured */
/* harmony import */ var _metrics_cost_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(36292);
/* harmony import */ var _load_runner_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(33264);
/* harmony import */ var _saturation_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(29275);
/* harmony import */ var _util_clock_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(58394);




class LevelPipeline {
    deps;
    minutes = 0;
    seq;
    constructor(deps) {
        this.deps = deps;
        this.seq = deps.seq ?? { next: 0 };
    }
    /** Minutes of load applied by the counted levels so far (unrounded; results.json rounds to 0.001). */
    get loadMinutes() {
        return this.minutes;
    }
    /** Runs one step through the pipeline (see the module header). */
    async measure(step) {
        const d = this.deps;
        const log = d.onRecord;
        const own = step.onRecord;
        const onRecord = own && log ? (r) => (own(r), log(r)) : (own ?? log);
        d.server?.beginWindow(step.name);
        const opts = {
            sender: step.sender ?? d.sender,
            workload: d.workload,
            maxInFlight: d.run.maxInFlight,
            goodput: d.goodput,
            signal: d.signal,
            onRecord,
            onProgress: d.onProgress ? (f, n) => d.onProgress(step.name, f, n) : undefined,
            seq: this.seq,
            seed: step.seed,
            clock: d.clock,
            drainMs: d.run.drainS * 1000,
            stopSending: step.stopSending,
        };
        let m;
        try {
            m = await runMeasured(step.name, step.stage, opts);
        }
        catch (e) {
            // A level that threw still closes its window, so the observer does not scrape for nothing.
            await d.server?.endWindow(step.name);
            throw e;
        }
        const window = await d.server?.endWindow(step.name);
        if (window)
            m = { ...m, server: window };
        if (step.counted !== false)
            this.minutes += m.summary.duration_s / 60;
        return { ...m, check: checkLevel(m, d.run.maxSendLagMs) };
    }
}
/** The pipeline's first step alone: runs a level and notes the generator's CPU share beside it. */
async function runMeasured(name, stage, opts) {
    const clock = opts.clock ?? _util_clock_js__WEBPACK_IMPORTED_MODULE_1__/* .realClock */ .d;
    const cpu0 = process.cpuUsage();
    const t0 = clock.now();
    const { summary, ...run } = await (0,_load_runner_js__WEBPACK_IMPORTED_MODULE_0__/* .runLevelDetailed */ .wx)(name, stage, opts);
    if (clock.virtual)
        return { summary, cpu: 0, run };
    const c = process.cpuUsage(cpu0);
    const wallUs = (clock.now() - t0) * 1000;
    return { summary, cpu: wallUs > 0 ? (c.user + c.system) / wallUs : 0, run };
}
/**
 * The validity every level gets, whatever phase asked for it: a level whose sends left late (P99
 * send lag over run.max_send_lag_ms) or whose generator used a whole core measured the client,
 * not the endpoint; requests the drain bound cut are noted.
 */
function checkLevel(m, maxSendLagMs) {
    const v = (0,_saturation_js__WEBPACK_IMPORTED_MODULE_2__/* .levelValidity */ .fm)(m.summary, maxSendLagMs, m.cpu);
    const notes = [];
    const cut = m.run?.drainExpired ?? 0;
    if (cut > 0)
        notes.push(`${cut} request${cut === 1 ? '' : 's'} still open after the ${fmtS(m.run.drainMs)} drain: cut and counted as incomplete`);
    return { valid: v.valid, ...(v.reason !== undefined ? { invalid_reason: v.reason } : {}), client_cpu: Math.round(m.cpu * 1000) / 1000, ...(notes.length ? { notes } : {}) };
}
/**
 * Judges a measured level. Baseline levels are never saturated. `baseP99` is the baseline's TTFT
 * reference (see baselineTtftReference). A saturation level with fewer than
 * saturation.min_requests samples is undecided: invalid, with the count in its reason.
 */
function toLevel(phase, m, config, baseP99) {
    const s = m.summary;
    const j = (0,_saturation_js__WEBPACK_IMPORTED_MODULE_2__/* .judgeLevel */ .aD)(s, config.saturation.criteria, baseP99, config, config.mode === 'capacity-at-sla');
    const check = checkLevel(m, config.run.maxSendLagMs);
    let v = { valid: check.valid, reason: check.invalid_reason };
    const samples = (0,_saturation_js__WEBPACK_IMPORTED_MODULE_2__/* .levelSamples */ .cN)(s);
    if (v.valid && phase === 'saturation' && samples < config.saturation.minRequests)
        v = {
            valid: false,
            reason: `undecided: ${samples} of ${config.saturation.minRequests} samples in ${s.duration_s.toFixed(1)} s (too few to judge; raise saturation.max_level_duration or lower saturation.min_requests)`,
        };
    const isBaseline = phase === 'baseline';
    return {
        phase,
        summary: s,
        saturated: isBaseline ? false : j.saturated,
        reasons: isBaseline ? [] : j.reasons,
        valid: v.valid,
        invalid_reason: v.reason,
        client_cpu: check.client_cpu,
        sla_checks: j.sla_checks,
        cost: config.cost ? (0,_metrics_cost_js__WEBPACK_IMPORTED_MODULE_3__/* .levelCost */ .U)(s, config.cost) : undefined,
        ...(m.server ? { server: m.server } : {}),
        ...(check.notes ? { notes: check.notes } : {}),
    };
}
const fmtS = (ms) => `${Math.round(ms / 100) / 10} s`;


/***/ }),

/***/ 29275:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   NS: () => (/* binding */ baselineTtftReference),
/* harmony export */   Y5: () => (/* binding */ updateBracket),
/* harmony export */   aD: () => (/* binding */ judgeLevel),
/* harmony export */   c3: () => (/* binding */ isClientLimited),
/* harmony export */   cN: () => (/* binding */ levelSamples),
/* harmony export */   fm: () => (/* binding */ levelValidity),
/* harmony export */   k2: () => (/* binding */ nextSearchLevel),
/* harmony export */   nR: () => (/* binding */ bracketPrecision)
/* harmony export */ });
/* harmony import */ var _verdict_sla_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(32011);

/** Applies the configured criteria. `baselineTtftP99` is the unloaded P99 TTFT in ms. */
function judgeLevel(s, criteria, baselineTtftP99, config, slaOnly = false) {
    const reasons = [];
    const checks = (0,_verdict_sla_js__WEBPACK_IMPORTED_MODULE_0__/* .evaluateSla */ .Qx)(config.sla, s);
    if (!slaOnly) {
        if (baselineTtftP99 !== undefined &&
            baselineTtftP99 > 0 &&
            s.ttft_ms.p99 > criteria.ttftP99Factor * baselineTtftP99 &&
            s.ttft_ms.p99 - baselineTtftP99 >= criteria.ttftMinIncreaseMs)
            reasons.push(`P99 TTFT ${s.ttft_ms.p99.toFixed(1)} ms > ${criteria.ttftP99Factor} × baseline ${baselineTtftP99.toFixed(1)} ms`);
        if (s.error_rate > criteria.maxErrorRate)
            reasons.push(`error rate ${pct(s.error_rate)} > ${pct(criteria.maxErrorRate)}`);
        if (s.offered.kind === 'rate' && s.achieved_rps < criteria.minAchievedRatio * s.offered.value)
            reasons.push(`achieved ${s.achieved_rps.toFixed(2)} req/s < ${pct(criteria.minAchievedRatio)} of offered ${s.offered.value.toFixed(2)}`);
        if (s.requests.ok === 0)
            reasons.push('no request succeeded');
    }
    if (criteria.sla || slaOnly)
        for (const c of checks)
            if (!c.pass)
                reasons.push(s.requests.ok === 0 && c.rule.endsWith('_ms')
                    ? `SLA ${c.rule}: not measured (no request succeeded)`
                    : `SLA ${c.rule}: ${c.actual} ${c.bound === 'max' ? '>' : '<'} ${c.limit}`);
    return { saturated: reasons.length > 0, reasons, sla_checks: checks };
}
/**
 * A level is invalid when the client, not the endpoint, was the bottleneck: requests left late
 * (send lag) or the generator's own CPU was pegged. Such a level is re-run or reported, never
 * blamed on the endpoint.
 */
function levelValidity(s, maxSendLagMs, clientCpuShare) {
    if (s.send_lag_ms.p99 > maxSendLagMs)
        return { valid: false, reason: `${CLIENT_LAG} P99 ${s.send_lag_ms.p99.toFixed(1)} ms > ${maxSendLagMs} ms: the load generator could not keep up` };
    if (clientCpuShare > 0.95)
        return { valid: false, reason: `${CLIENT_CPU} at ${Math.round(clientCpuShare * 100)}% of a core: results would measure the client` };
    return { valid: true };
}
const CLIENT_LAG = 'client send lag';
const CLIENT_CPU = 'load generator CPU';
/** True when an invalid level's reason (from levelValidity) says the load generator was the limit. */
function isClientLimited(reason) {
    return reason !== undefined && (reason.startsWith(CLIENT_LAG) || reason.startsWith(CLIENT_CPU));
}
/**
 * Requests that count as samples of a level: every request sent that ended in an outcome of the
 * endpoint's making (ok, an error, or `incomplete` — still open after the drain), not those the
 * user cancelled.
 */
function levelSamples(s) {
    return s.requests.sent - (s.requests.errors.cancelled ?? 0);
}
/**
 * The baseline's TTFT figure the saturation criterion compares a level's P99 with: the highest
 * percentile the baseline's sample supports with at least two requests above it, so one cold or
 * stalled request cannot set the threshold — P99 from 200 successful requests, P95 from 40, P90
 * below that.
 */
function baselineTtftReference(s) {
    if (!s || s.ttft_ms.count === 0)
        return undefined;
    const n = s.ttft_ms.count;
    const stat = n >= 200 ? 'p99' : n >= 40 ? 'p95' : 'p90';
    return { value: s.ttft_ms[stat], stat };
}
/** Relative width of the bracket, or undefined while it is open. */
function bracketPrecision(b) {
    if (b.lastGood === undefined || b.firstSaturated === undefined)
        return undefined;
    return (b.firstSaturated - b.lastGood) / b.lastGood;
}
/**
 * The next level of the search, or undefined when done. Exponential probe (×2) until a level
 * saturates, then a guided bisection: the first probe inside the bracket goes to the throughput
 * the saturated level actually achieved (where the endpoint itself says its limit is), later ones
 * to the middle. Concurrency levels are whole users.
 */
function nextSearchLevel(b, s) {
    const integer = s.load === 'concurrency';
    const fix = (x) => (integer ? Math.round(x) : Math.round(x * 1000) / 1000);
    if (b.firstSaturated === undefined) {
        if (b.lastGood === undefined)
            return fix(s.start);
        if (b.lastGood >= s.max)
            return undefined;
        return fix(Math.min(s.max, b.lastGood * 2));
    }
    if (b.lastGood === undefined) {
        // Saturated at the very first level: probe downwards.
        const down = fix(b.firstSaturated / 2);
        return down < (integer ? 1 : s.start / 64) || down === b.firstSaturated ? undefined : down;
    }
    const precision = bracketPrecision(b);
    if (precision <= s.precision)
        return undefined;
    let next = (b.lastGood + b.firstSaturated) / 2;
    const hint = s.load === 'rate' && !b.inside ? b.saturatedAchieved : undefined;
    const gap = b.firstSaturated - b.lastGood;
    if (hint !== undefined && hint > b.lastGood + 0.1 * gap && hint < b.firstSaturated - 0.1 * gap)
        next = hint;
    // The endpoint sustained what it said its limit was: its capacity lies just above, so the next
    // probe goes just inside the precision above it (closing the bracket at once if it saturates)
    // rather than to the middle of a bracket still as wide as the exponential step.
    const hintHeld = s.load === 'rate' && b.inside === 1 && b.saturatedAchieved !== undefined && b.lastGood === fix(b.saturatedAchieved);
    if (hintHeld)
        next = Math.min(next, b.lastGood * (1 + 0.95 * s.precision));
    next = fix(next);
    if (next <= b.lastGood || next >= b.firstSaturated)
        return undefined;
    return next;
}
/** Folds a judged level into the bracket. */
function updateBracket(prev, level, saturated, achievedRps) {
    const closed = prev.lastGood !== undefined && prev.firstSaturated !== undefined;
    const b = closed ? { ...prev, inside: (prev.inside ?? 0) + 1 } : prev;
    if (saturated) {
        if (b.firstSaturated === undefined || level < b.firstSaturated)
            return { ...b, firstSaturated: level, saturatedAchieved: achievedRps };
        return b;
    }
    // A good level at or above the first saturated one (steps without stop_at_first_saturated, after
    // a transient) does not move the knee: the bracket stays [last good below it, first saturated].
    if (b.firstSaturated !== undefined && level >= b.firstSaturated)
        return b;
    if (b.lastGood === undefined || level > b.lastGood)
        return { ...b, lastGood: level, lastGoodAchieved: achievedRps };
    return b;
}
const pct = (x) => `${(x * 100).toFixed(2).replace(/\.?0+$/, '')}%`;


/***/ }),

/***/ 50937:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Rh: () => (/* binding */ DEFAULT_TIMEOUTS),
  gP: () => (/* binding */ OpenAIClient)
});

// UNUSED EXPORTS: MAX_WHOLE_BODY, overlongChunkLimit

// EXTERNAL MODULE: external "node:perf_hooks"
var external_node_perf_hooks_ = __webpack_require__(643);
// EXTERNAL MODULE: ./node_modules/undici/lib/interceptor/decompress.js
var decompress = __webpack_require__(40557);
// EXTERNAL MODULE: ./lib/metrics/record.js
var record = __webpack_require__(32048);
;// CONCATENATED MODULE: ./lib/client/sse.js
/**
 * Incremental Server-Sent Events parser working on bytes, tuned for OpenAI-style streams.
 *
 * Bytes arrive in arbitrary pieces; lines end with "\n" (a "\r" before it is dropped) and an event
 * ends at a blank line. Only `data:` fields matter for OpenAI streams (comments such as
 * `: keep-alive`, and `event:`/`id:`/`retry:` lines are skipped without being decoded). The parser
 * looks for "\n" bytes in place and decodes only a data line's value, once: a line split over
 * reads is the only thing it copies (its bytes are kept until the line ends, so a multi-byte UTF-8
 * character cut between reads is decoded whole). Its cost is linear in the bytes received.
 */
const LF = 0x0a;
const CR = 0x0d;
class SseParser {
    /** Bytes of the current line while it is split over reads (copies). */
    parts = [];
    /** Data of the current event so far (undefined: no data line yet). */
    data;
    /** A UTF-8 byte order mark may open the stream (it is dropped, as the SSE spec says). */
    first = true;
    /**
     * Feeds a piece of the body and calls `onData` with the data payload of every event it
     * completes, in order; stops at once (returning false) when `onData` returns false. A
     * multi-line data field is joined with "\n" as the SSE spec says.
     */
    feed(chunk, onData) {
        const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
        const n = buf.length;
        let start = 0;
        while (start < n) {
            const nl = buf.indexOf(LF, start);
            if (nl < 0) {
                this.parts.push(Buffer.from(buf.subarray(start)));
                break;
            }
            let ended;
            if (this.parts.length > 0) {
                this.parts.push(buf.subarray(start, nl));
                const line = Buffer.concat(this.parts);
                this.parts = [];
                ended = this.line(line, 0, line.length);
            }
            else
                ended = this.line(buf, start, nl);
            start = nl + 1;
            if (ended && this.data !== undefined) {
                const d = this.data;
                this.data = undefined;
                if (onData(d) === false)
                    return false;
            }
        }
        return true;
    }
    /** The end of the body: a last line without its "\n" and an event without its blank line count. */
    end(onData) {
        if (this.parts.length > 0) {
            const line = Buffer.concat(this.parts);
            this.parts = [];
            this.line(line, 0, line.length);
        }
        const d = this.data;
        this.data = undefined;
        return d === undefined || onData(d) !== false;
    }
    /** `feed` returning the payloads (for tests and callers that want a list). */
    push(chunk) {
        const out = [];
        this.feed(chunk, (d) => void out.push(d));
        return out;
    }
    /** `end` returning the payloads: a final event without its blank line, if any. */
    flush() {
        const out = [];
        this.end((d) => void out.push(d));
        return out;
    }
    /** One line, bytes [s, e) of buf without its "\n"; true when it is blank (the event ends). */
    line(buf, s, e) {
        if (e > s && buf[e - 1] === CR)
            e--;
        if (this.first) {
            this.first = false;
            if (e - s >= 3 && buf[s] === 0xef && buf[s + 1] === 0xbb && buf[s + 2] === 0xbf)
                s += 3;
        }
        if (e === s)
            return true;
        // "data:" (d a t a :), then one optional space.
        if (e - s >= 5 && buf[s] === 0x64 && buf[s + 1] === 0x61 && buf[s + 2] === 0x74 && buf[s + 3] === 0x61 && buf[s + 4] === 0x3a) {
            s += 5;
            if (s < e && buf[s] === 0x20)
                s++;
            const value = buf.toString('utf8', s, e);
            this.data = this.data === undefined ? value : `${this.data}\n${value}`;
        }
        return false;
    }
}

// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(77030);
;// CONCATENATED MODULE: ./lib/client/h1.js
/**
 * The transport for plain-http endpoints: HTTP/1.1 over keep-alive sockets, read with net's
 * `onread` into one reused buffer (no stream, no 'data' event, no nextTick per read), its
 * response framing (head, Content-Length, chunked, read-until-close) parsed in place.
 *
 * Why our own: a load generator's client does its work once per token, and a real engine sends
 * each token as its own network read. undici reads its socket as a stream and parses in
 * WebAssembly; at one event per read that cost about twice what a read itself costs
 * (bench/paced.ts, bench/paced-floor.ts). The requests this tool sends are one shape (a POST with
 * a JSON body, one at a time per connection), so the transport is small. It speaks undici's
 * dispatch-handler protocol (onRequestStart … onResponseEnd/onResponseError with a controller),
 * so the request logic, redirects and the decompress interceptor are the same over either
 * transport; https endpoints keep undici (TLS, ALPN and certificates are not ours to write).
 *
 * Errors carry a `code`: H1_CONNECT_TIMEOUT, H1_SOCKET (the server closed or reset the
 * connection mid-answer), H1_PARSE (not valid HTTP/1.x), H1_INVALID_ARG (a header that cannot be
 * sent), or the system's (ECONNREFUSED, ENOTFOUND …).
 */

class H1Error extends Error {
    code;
    constructor(message, code) {
        super(message);
        this.code = code;
        this.name = 'H1Error';
    }
}
/** The H1_SOCKET messages (the simulator's in-process sender words its resets alike). */
const SOCKET_CLOSED_MID = 'the server closed the connection before the end of the response';
const SOCKET_CLOSED_BEFORE = 'the server closed the connection without answering';
/** Largest response head accepted (status line + headers). */
const MAX_HEAD = 64 * 1024;
/** Longest chunk-size or trailer line accepted. */
const MAX_LINE = 8 * 1024;
/** One buffer every socket reads into; what a handler keeps is copied out first. */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);
const HEAD_END = Buffer.from('\r\n\r\n');
const h1_LF = 0x0a;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const BAD_VALUE = /[\r\n\0]/;
/** Headers the transport writes itself or that would change the connection's framing. */
const FORBIDDEN = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'content-length', 'expect']);
/** An idle connection the server closes this soon after its first answer: it closes after every answer. */
const QUICK_CLOSE_MS = 50;
/**
 * Until a server has answered on a kept connection, a connection is reused only once it has been
 * idle this long (requests meanwhile get new connections): a server that closes right after its
 * answer without saying so is seen closing first, and no request is written into a closing
 * connection (a request is never sent twice).
 */
const FIRST_REUSE_GRACE_MS = 10;
class H1Agent {
    opts;
    /** Connections with no request, per origin (the most recently used last). */
    idle = new Map();
    /** Connections serving a request, or held for one until they are validated. */
    active = new Set();
    closed = false;
    /**
     * Origins whose server closes the connection after each answer without saying so (llama.cpp's
     * server does after a streamed answer): their connections are not kept, so no request is written
     * into one that is closing.
     */
    closesAfterAnswer = new Set();
    /** Origins whose server has answered on a kept connection: idle connections are reused after one event-loop turn. */
    keepsConnections = new Set();
    /** Resolves close() once no request is in flight (one promise, however many callers). */
    drained;
    keepAliveMs;
    constructor(opts) {
        this.opts = opts;
        this.keepAliveMs = opts.keepAliveMs ?? 4_000;
    }
    /** Sends one request; the handler hears of it through undici's dispatch-handler callbacks. */
    dispatch(req, handler) {
        const ctl = new Controller(handler);
        handler.onRequestStart?.(ctl, {});
        if (ctl.aborted)
            return true;
        let head;
        try {
            if (this.closed)
                throw new H1Error('the client is closed', 'H1_INVALID_ARG');
            head = requestHead(req);
        }
        catch (err) {
            ctl.abort(err);
            return true;
        }
        this.assign(req.origin, { ctl, bytes: head + req.body });
        return true;
    }
    /** Idle connections close now; the call resolves when every request in flight has ended. */
    close() {
        this.closed = true;
        for (const list of this.idle.values())
            for (const c of list)
                c.destroy();
        this.idle.clear();
        if (this.active.size === 0)
            return Promise.resolve();
        if (!this.drained) {
            let resolve;
            const promise = new Promise((res) => (resolve = res));
            this.drained = { promise, resolve };
        }
        return this.drained.promise;
    }
    /**
     * Gives a job a connection: an idle one already validated (the most recent first), else — when
     * the server is known to keep connections — the most recent one still being validated (the job
     * is written after that one loop turn), else a new one.
     */
    assign(origin, job) {
        const list = this.idle.get(origin);
        let conn;
        if (list) {
            for (let k = list.length - 1; k >= 0 && !conn; k--) {
                const c = list[k];
                if (!c.usable()) {
                    list.splice(k, 1);
                    c.destroy();
                }
                else if (c.validated) {
                    list.splice(k, 1);
                    conn = c;
                }
            }
            // Still being validated: worth waiting one loop turn for, once the server is known to keep connections.
            if (!conn && list.length > 0 && this.keepsConnections.has(origin))
                conn = list.pop();
        }
        conn ??= new Conn(this, origin);
        this.active.add(conn);
        conn.take(job);
    }
    /** A connection whose response ended: kept for the next request, or closed. */
    release(conn, keep) {
        this.active.delete(conn);
        if (keep && !this.closed && !this.closesAfterAnswer.has(conn.origin)) {
            this.toIdle(conn);
            conn.park();
        }
        else
            conn.destroy();
        this.settle();
    }
    /** The server closed a connection right after its first answer: it will do so every time. */
    noteClosesAfterAnswer(origin) {
        this.closesAfterAnswer.add(origin);
    }
    /** The server answered on a kept connection. */
    noteKeepsConnections(origin) {
        this.keepsConnections.add(origin);
    }
    knownToKeep(origin) {
        return this.keepsConnections.has(origin);
    }
    /** A connection held for a job that was aborted before it was written: idle again. */
    unreserve(conn) {
        this.active.delete(conn);
        if (this.closed)
            conn.destroy();
        else
            this.toIdle(conn);
        this.settle();
    }
    /** A connection that closed, or whose keep-alive ran out, while it held no request. */
    forget(conn) {
        const list = this.idle.get(conn.origin);
        const i = list ? list.indexOf(conn) : -1;
        if (i >= 0)
            list.splice(i, 1);
        this.active.delete(conn);
        this.settle();
    }
    toIdle(conn) {
        const list = this.idle.get(conn.origin);
        if (list)
            list.push(conn);
        else
            this.idle.set(conn.origin, [conn]);
    }
    settle() {
        if (this.active.size === 0 && this.drained) {
            this.drained.resolve();
            this.drained = undefined;
        }
    }
}
/** The dispatch controller: abort ends the request at once (its connection is closed). */
class Controller {
    handler;
    aborted = false;
    paused = false;
    reason = null;
    /** The connection serving the request (or held for it), once it has one. */
    conn;
    constructor(
    /** The handler, until the request has ended (then every later event is dropped). */
    handler) {
        this.handler = handler;
    }
    abort(reason) {
        if (this.aborted)
            return;
        this.aborted = true;
        this.reason = reason;
        const h = this.handler;
        this.handler = undefined;
        this.conn?.abandon(this);
        this.conn = undefined;
        h?.onResponseError?.(this, reason);
    }
    // Only while the request holds its connection: once it has ended, the socket may serve another.
    pause() {
        this.paused = true;
        this.conn?.socket.pause();
    }
    resume() {
        this.paused = false;
        this.conn?.socket.resume();
    }
}
class Conn {
    agent;
    origin;
    socket;
    state = 'idle';
    ctl;
    connectTimer;
    idleTimer;
    connected = false;
    dead = false;
    /** Bytes of a head or a line split over reads. */
    pending;
    /** Body bytes left (Content-Length, or the current chunk). */
    left = 0;
    keep = true;
    keepAliveMs;
    gotHead = false;
    /**
     * False from the end of a response until a FIN or RST the server sent right after its answer
     * would have been read (llama.cpp's server closes after each streamed response without saying
     * so), so no request is written into a connection that is closing: one event-loop turn once the
     * server is known to keep connections (undici's idle-socket validation does the same), else
     * FIRST_REUSE_GRACE_MS.
     */
    validated = true;
    validation;
    graceTimer;
    /** Answers completed on this connection, and when the last one ended. */
    served = 0;
    parkedAt = 0;
    /** The connection had served an answer before the current request was written on it. */
    reused = false;
    /** A job given to this connection while it was being validated. */
    waiting;
    constructor(agent, origin) {
        this.agent = agent;
        this.origin = origin;
        const u = new URL(origin);
        const host = u.hostname.startsWith('[') ? u.hostname.slice(1, -1) : u.hostname;
        this.keepAliveMs = agent.keepAliveMs;
        this.socket = (0,external_node_net_.connect)({ host, port: Number(u.port || 80), onread: { buffer: READ_BUFFER, callback: (n) => this.onRead(n) } });
        this.socket.setNoDelay(true);
        this.connectTimer = setTimeout(() => {
            this.fail(new H1Error(`connect timed out after ${agent.opts.connectTimeoutMs} ms`, 'H1_CONNECT_TIMEOUT'));
        }, agent.opts.connectTimeoutMs);
        this.socket.once('connect', () => {
            this.connected = true;
            clearTimeout(this.connectTimer);
        });
        this.socket.on('error', (err) => this.fail(err));
        this.socket.on('end', () => this.onEnd());
        this.socket.on('close', () => this.onEnd());
    }
    /** Takes a job: written now, or once the connection is validated. */
    take(job) {
        if (this.idleTimer)
            clearTimeout(this.idleTimer);
        job.ctl.conn = this;
        if (this.validated)
            this.start(job);
        else {
            this.waiting = job;
            // Parked in its grace period before the origin was known to keep connections: a waiting job
            // needs a ref'd wake-up, one loop turn away as for any known origin's connection.
            if (!this.validation)
                this.validation = setImmediate(() => this.validate());
        }
    }
    /** Writes a request and waits for its answer. */
    start({ ctl, bytes }) {
        this.reused = this.served > 0;
        this.ctl = ctl;
        ctl.conn = this;
        this.state = 'head';
        this.gotHead = false;
        this.keep = true;
        this.pending = undefined;
        if (ctl.paused)
            this.socket.pause();
        this.socket.write(bytes);
    }
    /** True when an idle connection can take another request. */
    usable() {
        return !this.dead && this.state === 'idle' && !this.socket.destroyed && this.socket.writable;
    }
    /** Idle: validated after one turn of the event loop, kept until its keep-alive runs out. */
    park() {
        this.state = 'idle';
        this.ctl = undefined;
        this.parkedAt = performance.now();
        this.socket.resume();
        this.validated = false;
        if (this.agent.knownToKeep(this.origin))
            this.validation = setImmediate(() => this.validate());
        else {
            // Unref'd: a job is given to a connection in its grace only once the origin is known to keep
            // connections (H1Agent.assign), and an idle connection must not keep the process alive.
            this.graceTimer = setTimeout(() => this.validate(), FIRST_REUSE_GRACE_MS);
            this.graceTimer.unref();
        }
        this.idleTimer = setTimeout(() => {
            this.drop();
        }, this.keepAliveMs);
        this.idleTimer.unref();
    }
    /** The connection has outlived the moment a closing server's FIN would have come: a waiting job goes out. */
    validate() {
        clearTimeout(this.graceTimer);
        if (this.validation)
            clearImmediate(this.validation);
        this.graceTimer = this.validation = undefined;
        this.validated = true;
        const job = this.waiting;
        this.waiting = undefined;
        if (job && !this.dead)
            this.start(job);
    }
    /** Closes a connection that holds no request and leaves the pool. */
    drop() {
        this.agent.forget(this);
        this.destroy();
    }
    /** Closes the connection; a job waiting for it goes to another. */
    destroy() {
        this.dead = true;
        clearTimeout(this.connectTimer);
        clearTimeout(this.idleTimer);
        if (this.validation)
            clearImmediate(this.validation);
        this.validation = undefined;
        clearTimeout(this.graceTimer);
        this.socket.destroy();
        const job = this.waiting;
        this.waiting = undefined;
        if (job) {
            this.agent.forget(this);
            this.agent.assign(this.origin, job);
        }
    }
    /** The request was aborted: its connection cannot be trusted with another (unless it has moved on). */
    abandon(ctl) {
        if (this.waiting?.ctl === ctl) {
            // Not written yet: the connection is as good as before.
            this.waiting = undefined;
            this.agent.unreserve(this);
            return;
        }
        if (this.ctl !== ctl)
            return;
        this.ctl = undefined;
        this.state = 'idle';
        this.agent.release(this, false);
    }
    fail(err) {
        const ctl = this.ctl;
        if (ctl) {
            this.ctl = undefined;
            ctl.conn = undefined;
            this.agent.release(this, false);
            const h = ctl.handler;
            ctl.handler = undefined;
            h?.onResponseError?.(ctl, err);
        }
        else {
            if (this.state === 'idle' && this.served === 1 && performance.now() - this.parkedAt < QUICK_CLOSE_MS)
                this.agent.noteClosesAfterAnswer(this.origin);
            this.drop();
        }
    }
    onEnd() {
        if (this.state === 'until-close' && this.ctl)
            return this.finish();
        const what = this.gotHead ? SOCKET_CLOSED_MID : this.connected ? SOCKET_CLOSED_BEFORE : 'the connection closed';
        this.fail(new H1Error(what, 'H1_SOCKET'));
    }
    /** Bytes [0, n) of READ_BUFFER arrived. */
    onRead(n) {
        const ctl = this.ctl;
        if (!ctl) {
            // Bytes with no request outstanding: the connection is out of step.
            this.drop();
            return false;
        }
        if (this.reused && !this.gotHead)
            this.agent.noteKeepsConnections(this.origin);
        // A view of just these bytes: searches must not run into what earlier reads left in the buffer.
        let buf = READ_BUFFER.subarray(0, n);
        if (this.pending) {
            buf = Buffer.concat([this.pending, buf]);
            this.pending = undefined;
        }
        const end = buf.length;
        let i = 0;
        try {
            while (i < end && this.ctl === ctl)
                i = this.step(buf, i, end);
        }
        catch (err) {
            this.fail(err);
            return false;
        }
        if (this.ctl === undefined && i < end && this.state === 'idle' && !this.dead) {
            // More bytes after a whole response: not a server to keep a connection to.
            this.drop();
        }
        return true;
    }
    /** Parses from i; returns where it stopped (end when it needs more bytes). */
    step(buf, i, end) {
        switch (this.state) {
            case 'head': {
                const at = buf.indexOf(HEAD_END, i);
                if (at < 0)
                    return this.keepPending(buf, i, end, MAX_HEAD, 'response head');
                this.onHead(buf.toString('latin1', i, at));
                return at + 4;
            }
            case 'length': {
                const take = Math.min(this.left, end - i);
                this.data(buf, i, i + take);
                this.left -= take;
                if (this.left === 0 && this.ctl)
                    this.finish();
                return i + take;
            }
            case 'until-close':
                this.data(buf, i, end);
                return end;
            case 'chunk-size': {
                const nl = buf.indexOf(h1_LF, i);
                if (nl < 0)
                    return this.keepPending(buf, i, end, MAX_LINE, 'chunk size line');
                this.left = chunkSize(buf, i, nl);
                this.state = this.left === 0 ? 'trailers' : 'chunk-data';
                return nl + 1;
            }
            case 'chunk-data': {
                const take = Math.min(this.left, end - i);
                this.left -= take;
                if (this.left === 0)
                    this.state = 'chunk-end';
                this.data(buf, i, i + take);
                return i + take;
            }
            case 'chunk-end': {
                // The CRLF after a chunk's data (a bare LF is taken too); `left` is 1 once its CR is read.
                const c = buf[i];
                if (c === 0x0d && this.left === 0) {
                    this.left = 1;
                    return i + 1;
                }
                if (c !== h1_LF)
                    throw new H1Error('missing CRLF after chunk data', 'H1_PARSE');
                this.left = 0;
                this.state = 'chunk-size';
                return i + 1;
            }
            case 'trailers': {
                const nl = buf.indexOf(h1_LF, i);
                if (nl < 0)
                    return this.keepPending(buf, i, end, MAX_LINE, 'trailer line');
                const blank = nl === i || (nl === i + 1 && buf[i] === 0x0d);
                if (blank)
                    this.finish();
                return nl + 1;
            }
            default:
                return end;
        }
    }
    /** Keeps bytes [i, end) until more arrive; a head or line longer than `max` is an error. */
    keepPending(buf, i, end, max, what) {
        if (end - i > max)
            throw new H1Error(`${what} longer than ${max} bytes`, 'H1_PARSE');
        this.pending = Buffer.from(buf.subarray(i, end));
        return end;
    }
    onHead(text) {
        const lines = text.split('\r\n');
        const m = /^HTTP\/1\.([01]) (\d{3})(?: (.*))?$/.exec(lines[0]);
        if (!m)
            throw new H1Error(`not an HTTP/1.x status line: ${JSON.stringify(lines[0].slice(0, 60))}`, 'H1_PARSE');
        const status = Number(m[2]);
        const headers = {};
        for (let k = 1; k < lines.length; k++) {
            const line = lines[k];
            const colon = line.indexOf(':');
            if (colon <= 0 || !TOKEN.test(line.slice(0, colon)))
                throw new H1Error(`invalid header line ${JSON.stringify(line.slice(0, 60))}`, 'H1_PARSE');
            const name = line.slice(0, colon).toLowerCase();
            const value = line.slice(colon + 1).trim();
            const had = headers[name];
            headers[name] = had === undefined ? value : Array.isArray(had) ? [...had, value] : [had, value];
        }
        if (status < 200) {
            if (status === 101)
                throw new H1Error('the server switched protocols (HTTP 101)', 'H1_PARSE');
            return; // 100 Continue, 103 Early Hints …: the answer follows
        }
        this.gotHead = true;
        const conn = joined(headers.connection).toLowerCase();
        this.keep = m[1] === '1' ? !/\bclose\b/.test(conn) : /\bkeep-alive\b/.test(conn);
        const hint = /\btimeout=(\d+)/i.exec(joined(headers['keep-alive']));
        if (hint)
            this.keepAliveMs = Math.min(this.agent.keepAliveMs, Math.max(0, Number(hint[1]) * 1000 - 1000));
        const te = joined(headers['transfer-encoding']);
        const cl = headers['content-length'];
        if (te) {
            if (!/(?:^|,)\s*chunked\s*$/i.test(te)) {
                this.state = 'until-close';
                this.keep = false;
            }
            else
                this.state = 'chunk-size';
        }
        else if (cl !== undefined) {
            const values = [...new Set(joined(cl).split(/\s*,\s*/))];
            if (values.length !== 1 || !/^\d{1,15}$/.test(values[0]))
                throw new H1Error(`invalid Content-Length ${JSON.stringify(joined(cl))}`, 'H1_PARSE');
            this.left = Number(values[0]);
            this.state = 'length';
        }
        else if (status === 204 || status === 304) {
            this.left = 0;
            this.state = 'length';
        }
        else {
            this.state = 'until-close';
            this.keep = false;
        }
        const ctl = this.ctl;
        ctl.handler?.onResponseStart?.(ctl, status, headers, m[3] ?? '');
        if (this.ctl === ctl && this.state === 'length' && this.left === 0)
            this.finish();
    }
    /** Body bytes [s, e): handed to the handler as a copy (it may keep them). */
    data(buf, s, e) {
        if (e <= s)
            return;
        const ctl = this.ctl;
        ctl.handler?.onResponseData?.(ctl, Buffer.copyBytesFrom(buf, s, e - s));
    }
    /** The response is complete. */
    finish() {
        const ctl = this.ctl;
        const h = ctl.handler;
        ctl.handler = undefined;
        ctl.conn = undefined;
        this.ctl = undefined;
        this.served++;
        this.agent.release(this, this.keep && this.state !== 'until-close');
        h?.onResponseEnd?.(ctl, {});
    }
}
/**
 * The size on a chunk-size line, bytes [s, nl) before its LF: hex digits (at most 12), then
 * optional blanks, an optional `;extension`, an optional CR. Read from the bytes, no string.
 */
function chunkSize(buf, s, nl) {
    let size = 0;
    let i = s;
    for (; i < nl && i - s < 13; i++) {
        const c = buf[i];
        const d = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : c >= 0x41 && c <= 0x46 ? c - 0x37 : -1;
        if (d < 0)
            break;
        size = size * 16 + d;
    }
    const digits = i - s;
    while (i < nl && (buf[i] === 0x20 || buf[i] === 0x09))
        i++;
    let ok = digits > 0 && digits <= 12;
    if (ok && i < nl && buf[i] === 0x3b) {
        // An extension runs to the line's end; a CR may only end it.
        const cr = buf.indexOf(0x0d, i);
        ok = cr < 0 || cr >= nl - 1;
    }
    else if (ok)
        ok = i === nl || (i === nl - 1 && buf[i] === 0x0d);
    if (!ok) {
        throw new H1Error(`invalid chunk size line ${JSON.stringify(buf.toString('latin1', s, Math.min(nl, s + 40)))}`, 'H1_PARSE');
    }
    return size;
}
function joined(h) {
    return Array.isArray(h) ? h.join(', ') : (h ?? '');
}
/** The request line and headers; a header that cannot be sent is an H1_INVALID_ARG error. */
function requestHead(req) {
    if (!req.path.startsWith('/') || BAD_VALUE.test(req.path) || / /.test(req.path))
        throw new H1Error(`invalid request path ${JSON.stringify(req.path)}`, 'H1_INVALID_ARG');
    let host = new URL(req.origin).host;
    let head = '';
    for (const name in req.headers) {
        const value = req.headers[name];
        const lower = name.toLowerCase();
        if (!TOKEN.test(name))
            throw new H1Error(`invalid header name ${JSON.stringify(name)}`, 'H1_INVALID_ARG');
        if (BAD_VALUE.test(value))
            throw new H1Error(`invalid value for header ${name}`, 'H1_INVALID_ARG');
        if (FORBIDDEN.has(lower))
            throw new H1Error(`header ${name} is set by the client and cannot be given`, 'H1_INVALID_ARG');
        if (lower === 'host')
            host = value;
        else
            head += `${name}: ${value}\r\n`;
    }
    return `${req.method} ${req.path} HTTP/1.1\r\nhost: ${host}\r\n${head}content-length: ${Buffer.byteLength(req.body)}\r\n\r\n`;
}

;// CONCATENATED MODULE: ./lib/client/errors.js
const CONNECT_CODES = new Set([
    'ECONNREFUSED',
    'ENOTFOUND',
    'EAI_AGAIN',
    'EHOSTUNREACH',
    'ENETUNREACH',
    'EADDRNOTAVAIL',
    'ERR_INVALID_URL',
    'UND_ERR_INVALID_ARG',
    'H1_INVALID_ARG',
]);
/** HTTP status → error kind; 429 is kept apart because it means "back off", not "broken". */
function classifyStatus(status) {
    if (status === 429)
        return 'http_429';
    if (status >= 300 && status < 400)
        return 'http_3xx';
    if (status >= 500)
        return 'http_5xx';
    return 'http_4xx';
}
/**
 * A thrown error → error kind. `gotHead` says whether the response head had arrived: a reset
 * before it means the server never answered; after it, the stream was cut.
 */
function classifyThrown(err, gotHead) {
    const code = errorCode(err);
    if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'H1_CONNECT_TIMEOUT')
        return 'timeout_connect';
    if (code !== undefined && CONNECT_CODES.has(code))
        return 'connect_error';
    return gotHead ? 'reset_after_first_byte' : 'reset_before_first_byte';
}
/**
 * True for a body that could not be decompressed (zlib's Z_* codes, brotli's and zstd's decoder
 * errors): the server sent bytes that do not match its Content-Encoding, a malformed response.
 */
function isDecodeError(err) {
    const code = errorCode(err);
    return code !== undefined && /^(Z_|ERR__ERROR|ERR_BROTLI|ERR_ZSTD|ERR_ZLIB)/.test(code);
}
function errorCode(err) {
    const e = err;
    if (typeof e?.code === 'string' && e.code !== 'UND_ERR_SOCKET')
        return e.code;
    if (typeof e?.cause?.code === 'string')
        return e.cause.code;
    return typeof e?.code === 'string' ? e.code : undefined;
}

// EXTERNAL MODULE: ./lib/util/clock.js
var util_clock = __webpack_require__(58394);
// EXTERNAL MODULE: ./lib/util/text.js
var util_text = __webpack_require__(28805);
;// CONCATENATED MODULE: ./lib/client/openai.js
/**
 * Sends one OpenAI-compatible completion request and times it. Never throws: every request ends in
 * exactly one RequestRecord whose outcome is `ok` or an error kind (see metrics/record.ts).
 *
 * Connections come from one undici Agent whose pools have no connection cap, so the client never
 * queues a request behind a hidden limit; the pacer's max-in-flight cap is the only limit and its
 * overflow is counted by the runner.
 */

// By path, not from 'undici': that would evaluate all of undici (see undici-parts.d.ts). Its Agent
// is imported on use (https only), below.







const DEFAULT_TIMEOUTS = { connectMs: 10_000, firstByteMs: 60_000, idleMs: 30_000, totalMs: 600_000 };
/** Redirects followed per request unless ClientOptions.maxRedirects says otherwise. */
const DEFAULT_MAX_REDIRECTS = 3;
/**
 * Chunks with generated text (content or reasoning) beyond which a stream is cut as
 * `overlong_stream`: 2 × max_tokens + 16. Chunks are not tokens: a server sending several tokens
 * per chunk sends fewer chunks, never more, and the slack covers servers that split a token's
 * text over two chunks. Reasoning counts because max_tokens bounds it too. No max_tokens: no cut.
 */
function overlongChunkLimit(maxTokens) {
    return typeof maxTokens === 'number' && Number.isFinite(maxTokens) && maxTokens > 0 ? 2 * maxTokens + 16 : Infinity;
}
const MAX_ERROR_BODY = 2048;
/** Largest whole JSON answer collected for a streaming request (a body that never ends is cut). */
const MAX_WHOLE_BODY = 16 * 1024 * 1024;
class OpenAIClient {
    opts;
    /** The connections: H1Agent (http), or undici's Agent once its module has loaded (https). */
    agent;
    /** The transport with undici's decompress interceptor: gzip, deflate, br (and zstd) bodies decoded. */
    dispatcher;
    /** undici's Agent is loaded only for https (about 9 MB of RSS a plain-http run does not pay). */
    loading;
    clock;
    maxRedirects;
    url;
    headers;
    timeouts;
    /** Credentials a server might echo back in an error; scrubbed from every error message. */
    secrets;
    constructor(opts) {
        this.opts = opts;
        this.timeouts = { ...DEFAULT_TIMEOUTS, ...opts.timeouts };
        this.url = completionUrl(opts.baseUrl, opts.endpoint);
        // Responses without Content-Encoding pass straight through (one call per chunk, no copy).
        // Error bodies are decoded too, so their message can be read.
        const decode = decompress({ skipErrorResponses: false });
        if (useH1(this.url, opts.transport)) {
            // Plain http: our own HTTP/1.1 reader (client/h1.ts), less CPU per token than undici.
            const h1 = new H1Agent({ connectTimeoutMs: this.timeouts.connectMs, keepAliveMs: KEEP_ALIVE_MS });
            this.agent = h1;
            this.dispatcher = { dispatch: decode((o, h) => h1.dispatch(o, h)) };
        }
        else {
            this.loading = __webpack_require__.e(/* import() */ 405).then(__webpack_require__.t.bind(__webpack_require__, 57405, 19)).then(({ default: Agent }) => {
                const agent = new Agent({
                    connections: null,
                    pipelining: 1,
                    keepAliveTimeout: KEEP_ALIVE_MS,
                    keepAliveTimeoutThreshold: 1_000,
                    headersTimeout: 0,
                    bodyTimeout: 0,
                    connect: { timeout: this.timeouts.connectMs },
                });
                this.agent = agent;
                return (this.dispatcher = agent.compose(decode));
            });
        }
        this.clock = opts.clock ?? util_clock/* realClock */.d;
        this.maxRedirects = opts.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
        this.headers = { 'content-type': 'application/json', accept: opts.stream ? 'text/event-stream' : 'application/json', ...opts.headers };
        if (opts.apiKey)
            this.headers.authorization = `Bearer ${opts.apiKey}`;
        this.secrets = [opts.apiKey, ...Object.values(opts.headers ?? {})].filter((x) => typeof x === 'string' && x.length >= 6);
    }
    /** The JSON body for a spec; exposed for tests and for the per-request log. */
    body(spec) {
        const b = { model: spec.model };
        if (this.opts.endpoint === 'chat')
            b.messages = spec.messages ?? [{ role: 'user', content: spec.prompt ?? '' }];
        else
            b.prompt = spec.prompt ?? (spec.messages ?? []).map((m) => m.content).join('\n');
        if (spec.maxTokens !== undefined)
            b.max_tokens = spec.maxTokens;
        b.stream = this.opts.stream;
        if (this.opts.stream)
            b.stream_options = { include_usage: true };
        return { ...b, ...spec.extra };
    }
    async send(spec, ctx) {
        const body = this.body(spec);
        const limit = overlongChunkLimit(body.max_tokens ?? body.max_completion_tokens);
        const dispatcher = this.dispatcher ?? (await this.loading);
        const run = new RequestRun(spec, ctx, this.timeouts, this.secrets, this.clock, limit);
        await run.execute(this.url, this.headers, JSON.stringify(body), dispatcher, this.opts.stream, this.maxRedirects);
        return run.record;
    }
    async close() {
        await this.loading?.catch(() => undefined);
        await this.agent?.close();
    }
}
/** How long an idle keep-alive connection is kept for the next request. */
const KEEP_ALIVE_MS = 4_000;
/** Which transport a URL gets: http → H1Agent unless undici is asked for; https (TLS) → undici. */
function useH1(url, transport) {
    return transport !== 'undici' && url.startsWith('http:');
}
/** Joins a base URL (with or without /v1) and the completion path. */
function completionUrl(baseUrl, endpoint) {
    const base = baseUrl.replace(/\/+$/, '');
    const path = endpoint === 'chat' ? '/chat/completions' : '/completions';
    return /\/v1$/.test(base) ? `${base}${path}` : `${base}/v1${path}`;
}
/** Bytes of a redirect's body read (and dropped) before its connection is closed instead. */
const MAX_DISCARD = 128 * 1024;
/**
 * State of one request in flight; owns its timers. It is the undici dispatch handler of each hop:
 * the body arrives as Buffers in onResponseData (no stream, no async iteration), each read is
 * timed where it arrives and parsed in place by the byte-level SSE parser.
 */
class RequestRun {
    t;
    secrets;
    clock;
    chunkLimit;
    record;
    abortKind;
    timer;
    /** Real time of the last read (record timestamps). */
    lastRead = 0;
    /** Send and last read on the timer clock (deadlines); the same readings when it is the real clock. */
    sentClock = 0;
    lastActivity = 0;
    sameClock;
    gotHead = false;
    lastTokenAt = 0;
    sawDone = false;
    usageOutput;
    /** Content pieces, only when the spec asked for the text (undefined otherwise: no per-chunk cost). */
    textParts;
    onCancel = () => this.abort(cancelKind(this.signal));
    signal;
    // What every hop sends.
    stream = true;
    maxRedirects = 0;
    dispatcher;
    headers = {};
    body = '';
    // Per hop / per response.
    ctl;
    mode = 'discard';
    target = '';
    hops = 0;
    /** The next hop's URL once a followed 3xx's body has been read, or why the 3xx is not followed. */
    next;
    contentType = '';
    parser;
    events = 0;
    /** Undecided until the first non-blank byte; then the pieces of a JSON body, or null for SSE. */
    wholeParts;
    wholeBytes = 0;
    /** Time of the read being parsed (every event it completes arrived then). */
    readAt = 0;
    /** A redirect body too large to read: its hop was aborted; the next hop follows its error. */
    discardCut = false;
    settled = false;
    resolve;
    onEvent = (data) => {
        this.events++;
        return this.onData(data, this.readAt);
    };
    constructor(spec, ctx, t, secrets = [], clock = util_clock/* realClock */.d, 
    /** Chunks with text beyond which the stream is cut (overlongChunkLimit). */
    chunkLimit = Infinity) {
        this.t = t;
        this.secrets = secrets;
        this.clock = clock;
        this.chunkLimit = chunkLimit;
        this.record = (0,record/* newRecord */.Mx)(spec, ctx);
        if (spec.captureText)
            this.textParts = [];
        this.signal = ctx.signal;
        if (ctx.signal?.aborted)
            this.abortKind = cancelKind(ctx.signal);
        this.sameClock = clock === util_clock/* realClock */.d;
    }
    /** Sends the request (following redirects); resolves when it has its outcome, never rejects. */
    execute(url, headers, body, dispatcher, stream, maxRedirects) {
        const r = this.record;
        r.sentAt = external_node_perf_hooks_.performance.now();
        if (this.abortKind) {
            r.endedAt = r.sentAt;
            this.settled = true;
            this.finish(this.abortKind, this.abortKind === 'incomplete' ? "not sent: the level's drain bound had expired" : 'cancelled before send');
            return Promise.resolve();
        }
        this.stream = stream;
        this.maxRedirects = maxRedirects;
        this.dispatcher = dispatcher;
        this.headers = headers;
        this.body = body;
        this.signal?.addEventListener('abort', this.onCancel, { once: true });
        this.sentClock = this.lastActivity = this.sameClock ? r.sentAt : this.clock.now();
        const done = new Promise((res) => (this.resolve = res));
        this.arm();
        if (!this.settled)
            this.send(url);
        return done;
    }
    /** Dispatches one hop; a URL or header undici rejects ends the request like a thrown error. */
    send(target) {
        this.target = target;
        this.ctl = undefined;
        this.mode = 'discard';
        this.next = undefined;
        try {
            const u = new URL(target);
            this.dispatcher.dispatch({ origin: u.origin, path: `${u.pathname}${u.search}`, method: 'POST', headers: this.headers, body: this.body }, this);
        }
        catch (err) {
            this.onResponseError(undefined, err);
        }
    }
    onRequestStart(controller) {
        this.ctl = controller;
        // Aborted while it waited for a connection: it ended then; now it is taken back before it is written.
        if (this.settled)
            controller.abort(new Error('request ended before it was sent'));
    }
    onResponseStart(_controller, statusCode, headers) {
        if (this.settled || statusCode < 200)
            return;
        const r = this.record;
        if (statusCode >= 300 && statusCode < 400) {
            // A redirect: followed (same origin, 307/308: method and body kept) or counted as http_3xx,
            // once its body has been read (so the connection is kept).
            this.next = redirectTarget(this.target, headers.location, statusCode, this.hops < this.maxRedirects);
            this.mode = 'discard';
            this.wholeBytes = 0;
            if (typeof this.next !== 'string') {
                this.gotHead = true;
                r.status = statusCode;
            }
            return;
        }
        this.gotHead = true;
        this.lastRead = external_node_perf_hooks_.performance.now();
        this.lastActivity = this.sameClock ? this.lastRead : this.clock.now();
        // The pending timer was armed for the first-byte deadline; the idle clock starts now.
        this.timer?.cancel();
        this.arm();
        if (this.settled)
            return;
        r.status = statusCode;
        this.wholeBytes = 0;
        if (statusCode >= 300) {
            this.mode = 'error';
            this.wholeParts = [];
        }
        else if (this.stream) {
            this.mode = 'stream';
            this.contentType = headerText(headers['content-type']);
            this.parser = new SseParser();
        }
        else {
            this.mode = 'whole';
            this.wholeParts = [];
        }
    }
    onResponseData(controller, chunk) {
        if (this.settled)
            return;
        if (this.mode === 'discard') {
            // More than a redirect's body should hold: the connection is closed instead of read on.
            if ((this.wholeBytes += chunk.length) > MAX_DISCARD && !this.discardCut) {
                this.discardCut = true;
                controller.abort(new Error('redirect body too large'));
            }
            return;
        }
        // Every event completed by this read arrived now: one clock read per read, not per event.
        const now = (this.readAt = this.lastRead = external_node_perf_hooks_.performance.now());
        this.lastActivity = this.sameClock ? now : this.clock.now();
        if (this.mode === 'stream') {
            if (this.wholeParts !== null) {
                this.wholeParts ??= looksLikeJson(chunk, this.contentType);
                if (this.wholeParts) {
                    this.wholeParts.push(chunk);
                    if ((this.wholeBytes += chunk.length) > MAX_WHOLE_BODY) {
                        this.finish('malformed_stream', `JSON body for a streaming request is larger than ${MAX_WHOLE_BODY} bytes`);
                        this.end(true);
                    }
                    return;
                }
            }
            // onData returns false when the request ended with an error (it may have ended it already).
            if (!this.parser.feed(chunk, this.onEvent) || this.record.outcome !== 'ok')
                this.end(true);
            return;
        }
        // The error body (bounded) or a whole answer.
        this.wholeParts.push(chunk);
        this.wholeBytes += chunk.length;
        if (this.mode === 'error' && this.wholeBytes >= MAX_ERROR_BODY)
            this.endError(true);
    }
    onResponseEnd() {
        if (this.settled)
            return;
        switch (this.mode) {
            case 'discard':
                return this.afterRedirect();
            case 'error':
                return this.endError(false);
            case 'whole':
                this.takeWhole(Buffer.concat(this.wholeParts).toString('utf8'), external_node_perf_hooks_.performance.now(), false);
                return this.end(false);
            case 'stream':
                return this.endStream();
        }
    }
    onResponseError(_controller, err) {
        if (this.settled)
            return;
        if (this.discardCut)
            return this.afterRedirect();
        if (this.mode === 'error' && this.gotHead && !this.abortKind) {
            // The status decides the kind; a body that cannot be read or decoded only loses the message.
            this.finish(classifyStatus(this.record.status), `HTTP ${this.record.status}: ${errorMessage(`(body unreadable: ${describe(err)})`)}`);
        }
        else if (this.sawDone && this.abortKind !== 'cancelled') {
            // A stream that ended with [DONE] but was held open (a proxy, keep-alive comments) is a
            // complete answer, not a timeout (nor incomplete when the drain bound cut it).
            this.complete();
        }
        else if (this.abortKind)
            this.finish(this.abortKind, abortMessage(this.abortKind, this.t));
        else if (isDecodeError(err))
            this.finish('malformed_stream', `response body could not be decompressed: ${describe(err)}`);
        else
            this.finish(classifyThrown(err, this.gotHead), describe(err));
        this.end(false);
    }
    /** A 3xx's body is read: the next hop, or the end as http_3xx. */
    afterRedirect() {
        this.discardCut = false;
        const next = this.next;
        if (typeof next === 'string') {
            this.record.redirects = ++this.hops;
            return this.send(next);
        }
        this.finish('http_3xx', next?.message ?? `HTTP ${this.record.status}`);
        this.end(false);
    }
    endError(cut) {
        const text = Buffer.concat(this.wholeParts).toString('utf8').slice(0, MAX_ERROR_BODY);
        this.finish(classifyStatus(this.record.status), `HTTP ${this.record.status}: ${errorMessage(text)}`);
        this.end(cut);
    }
    /**
     * The end of a streaming body: an SSE stream, or — when the body turned out to be JSON (see
     * looksLikeJson) — one whole answer from a server or proxy that does not stream, taken as a
     * non-streamed completion.
     */
    endStream() {
        if (this.wholeParts) {
            this.takeWhole(Buffer.concat(this.wholeParts).toString('utf8'), this.lastRead, true);
            return this.end(false);
        }
        this.readAt = this.lastRead;
        if (this.parser.end(this.onEvent) && this.record.outcome === 'ok') {
            if (this.events === 0)
                this.finish('malformed_stream', `no SSE data events in the body (content-type: ${this.contentType || 'none'})`);
            else if (!this.sawDone)
                this.finish('malformed_stream', 'stream ended without data: [DONE]');
            else
                this.complete();
        }
        this.end(false);
    }
    /** The request has its outcome: timers stop, the caller is answered; `cut` closes the connection. */
    end(cut) {
        if (this.settled)
            return;
        this.settled = true;
        this.record.endedAt = external_node_perf_hooks_.performance.now();
        this.timer?.cancel();
        this.signal?.removeEventListener('abort', this.onCancel);
        if (cut)
            this.ctl?.abort(new Error('response no longer read'));
        this.resolve?.();
    }
    /** Handles one SSE data payload; returns false when the request has ended with an error. */
    onData(data, now) {
        if (this.record.outcome !== 'ok' || this.sawDone)
            return true;
        if (data === '[DONE]') {
            this.sawDone = true;
            return true;
        }
        let obj;
        try {
            obj = JSON.parse(data);
        }
        catch {
            this.finish('malformed_stream', `chunk is not JSON: ${(0,util_text/* truncate */.x)(data, 80)}`);
            return false;
        }
        if (obj === null || typeof obj !== 'object') {
            this.finish('malformed_stream', `chunk is not a JSON object: ${(0,util_text/* truncate */.x)(data, 80)}`);
            return false;
        }
        if (obj.error) {
            const status = typeof obj.error.code === 'number' ? obj.error.code : 500;
            this.record.status = status;
            this.finish(classifyStatus(status), `error in stream: ${(0,util_text/* truncate */.x)(String(obj.error.message ?? ''), 200)}`);
            return false;
        }
        this.onChunk(obj, now);
        return this.record.outcome === 'ok';
    }
    onChunk(obj, now) {
        const r = this.record;
        if (r.responseModel === undefined && typeof obj.model === 'string')
            r.responseModel = obj.model;
        if (obj.usage)
            this.takeUsage(obj.usage);
        const choice = obj.choices?.[0];
        if (!choice)
            return;
        const delta = choice.delta ?? {};
        const content = delta.content ?? choice.text;
        const reasoning = delta.reasoning_content ?? delta.reasoning;
        const hasContent = typeof content === 'string' && content.length > 0;
        const hasReasoning = typeof reasoning === 'string' && reasoning.length > 0;
        if (!hasContent && !hasReasoning)
            return;
        const sinceSend = now - r.sentAt;
        if (r.contentChunks === 0)
            r.ttftMs = sinceSend;
        else
            r.itlMs.push(now - this.lastTokenAt);
        if (hasContent) {
            if (r.ttfcMs === undefined)
                r.ttfcMs = sinceSend;
            if (this.textParts)
                this.textParts.push(content);
        }
        r.contentChunks++;
        r.e2eMs = sinceSend;
        this.lastTokenAt = now;
        if (r.contentChunks > this.chunkLimit) {
            this.finish('overlong_stream', `cut after ${r.contentChunks} chunks with text, more than 2 × max_tokens + 16 = ${this.chunkLimit}: the server does not stop at max_tokens`);
        }
    }
    /**
     * A whole JSON answer that arrived (completely) at `now`; `nonStreamed`: it came for a streaming
     * request, so it is flagged and its TTFT equals its E2E.
     */
    takeWhole(text, now, nonStreamed) {
        const what = nonStreamed ? 'JSON body for a streaming request' : 'response';
        let obj;
        try {
            obj = JSON.parse(text);
        }
        catch {
            return this.finish('malformed_stream', `${what} is not JSON: ${(0,util_text/* truncate */.x)(text, 80)}`);
        }
        if (obj === null || typeof obj !== 'object')
            return this.finish('malformed_stream', `${what} is not a JSON object: ${(0,util_text/* truncate */.x)(text, 80)}`);
        const r = this.record;
        if (obj.error) {
            const status = typeof obj.error.code === 'number' ? obj.error.code : 500;
            r.status = status;
            return this.finish(classifyStatus(status), `error in ${what}: ${(0,util_text/* truncate */.x)(String(obj.error.message ?? ''), 200)}`);
        }
        if (!Array.isArray(obj.choices))
            return this.finish('malformed_stream', `${what} is not a completion (no choices array): ${(0,util_text/* truncate */.x)(text, 80)}`);
        if (nonStreamed)
            r.nonStreamed = true;
        if (typeof obj.model === 'string')
            r.responseModel = obj.model;
        if (obj.usage)
            this.takeUsage(obj.usage);
        const choice = obj.choices[0];
        const content = choice?.message?.content ?? choice?.text ?? '';
        const reasoning = choice?.message?.reasoning_content ?? choice?.message?.reasoning ?? '';
        if (content.length > 0 || reasoning.length > 0) {
            r.contentChunks = 1;
            r.ttftMs = r.e2eMs = now - r.sentAt;
            if (content.length > 0)
                r.ttfcMs = r.ttftMs;
        }
        if (this.textParts)
            this.textParts.push(content);
        this.complete();
        // Without streaming every token arrives at once: there is no per-token time to report
        // (TPOT would read 0 and pass any limit), only TTFT = E2E as the client saw it.
        r.tpotMs = undefined;
    }
    takeUsage(u) {
        if (typeof u.prompt_tokens === 'number')
            this.record.inputTokens = u.prompt_tokens;
        if (typeof u.completion_tokens === 'number')
            this.usageOutput = u.completion_tokens;
    }
    complete() {
        const r = this.record;
        if (this.textParts)
            r.text = this.textParts.join('');
        if (this.usageOutput !== undefined)
            r.outputTokens = this.usageOutput;
        else {
            r.outputTokens = r.contentChunks;
            r.tokensEstimated = true;
        }
        if (r.contentChunks === 0 || r.outputTokens === 0)
            return this.finish('empty_completion', 'no generated text in the response');
        if (r.e2eMs !== undefined && r.ttftMs !== undefined)
            r.tpotMs = (0,record/* computeTpot */.Jc)(r.e2eMs, r.ttftMs, r.outputTokens);
    }
    finish(kind, message) {
        if (this.record.outcome !== 'ok')
            return;
        this.record.outcome = kind;
        this.record.error = (0,util_text/* redact */.E)(message, this.secrets);
    }
    /**
     * A timeout or the caller's abort: the request ends now, with the same outcome whether undici
     * holds it on a connection (aborted there, the connection closed) or still waits for one (taken
     * back in onRequestStart, before anything is written).
     */
    abort(kind) {
        if (this.abortKind || this.settled)
            return;
        this.abortKind = kind;
        this.onResponseError(this.ctl, new Error(kind));
        this.ctl?.abort(new Error(`aborted: ${kind}`));
    }
    /** One timer per request; re-armed lazily, so a chunk costs only a clock read. */
    arm() {
        if (this.settled)
            return;
        const now = this.clock.now();
        const totalLeft = this.sentClock + this.t.totalMs - now;
        const stageLeft = this.gotHead ? this.lastActivity + this.t.idleMs - now : this.sentClock + this.t.firstByteMs - now;
        if (totalLeft <= 0)
            return this.abort('timeout_total');
        if (stageLeft <= 0)
            return this.abort(this.gotHead ? 'timeout_idle' : 'timeout_first_byte');
        this.timer = this.clock.setTimer(() => this.arm(), Math.ceil(Math.min(totalLeft, stageLeft)));
    }
}
/** What an abort of the caller's signal means: the level's drain ran out, or the user stopped. */
function cancelKind(signal) {
    return signal?.reason === record/* DRAIN_EXPIRED */.p$ ? 'incomplete' : 'cancelled';
}
/**
 * Where a 3xx leads: the URL to follow (same origin, 307/308, hops left), or why it is not
 * followed. 301/302/303 are not followed: by the HTTP rules (and undici's) they turn the POST
 * into a GET, which is no completion request. The query of a Location is not shown (it may carry
 * a token).
 */
function redirectTarget(current, location, status, hopsLeft) {
    const loc = headerText(location);
    if (!loc)
        return { message: `HTTP ${status} without a Location header` };
    let next;
    try {
        next = new URL(loc, current);
    }
    catch {
        return { message: `HTTP ${status} to an invalid Location: ${(0,util_text/* truncate */.x)(loc, 120)}` };
    }
    const shown = `${next.origin}${next.pathname}${next.search ? '?…' : ''}`;
    const to = `HTTP ${status} to ${(0,util_text/* truncate */.x)(shown, 200)}`;
    if (status !== 307 && status !== 308)
        return { message: `${to} (not followed: only 307/308 keep the POST and its body)` };
    if (next.origin !== new URL(current).origin)
        return { message: `${to} (not followed: another origin)` };
    if (!hopsLeft)
        return { message: `${to} (not followed: too many redirects)` };
    return next.href;
}
function headerText(h) {
    return Array.isArray(h) ? h.join(', ') : (h ?? '');
}
/**
 * Decides from the first bytes of a streaming response whether it is one JSON answer instead of
 * SSE: it starts with `{` or `[`, or it is labelled JSON and does not start like an SSE field
 * (a letter or `:`). Returns a list to collect it in, null for SSE, or undefined while the bytes
 * so far are blank.
 */
function looksLikeJson(chunk, type) {
    for (let i = 0; i < chunk.length; i++) {
        const c = chunk[i];
        if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09)
            continue;
        if (c === 0x7b || c === 0x5b)
            return [];
        const sseStart = c === 0x3a || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
        return !sseStart && /\bjson\b/i.test(type) ? [] : null;
    }
    return undefined;
}
function errorMessage(text) {
    try {
        const obj = JSON.parse(text);
        const m = typeof obj.error === 'string' ? obj.error : (obj.error?.message ?? obj.message);
        if (typeof m === 'string')
            return (0,util_text/* truncate */.x)(m, 200);
    }
    catch {
        /* not JSON: fall through to the raw text */
    }
    return (0,util_text/* truncate */.x)(text, 200);
}
function abortMessage(kind, t) {
    switch (kind) {
        case 'timeout_first_byte':
            return `no response head within ${t.firstByteMs} ms`;
        case 'timeout_idle':
            return `no data for ${t.idleMs} ms`;
        case 'timeout_total':
            return `request exceeded ${t.totalMs} ms`;
        case 'incomplete':
            return "still open when the level's drain bound expired";
        default:
            return 'cancelled';
    }
}
function describe(err) {
    const e = err;
    const code = e?.code ?? e?.cause?.code;
    const msg = e?.cause?.message ?? e?.message ?? String(err);
    return (0,util_text/* truncate */.x)(code ? `${code}: ${msg}` : msg, 200);
}


/***/ }),

/***/ 76264:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Z: () => (/* binding */ loadConfig)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76760);
/* harmony import */ var _parse_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(89554);
/**
 * The one way a command or the action gets its Config: an optional loadgate.yml plus overrides
 * (flags or action inputs) merged over it, all validated together by the published schema.
 */


/** Loads a Config from an optional file plus overrides; throws ConfigError listing every problem. */
function loadConfig(file, over) {
    const base = file ? (0,_parse_js__WEBPACK_IMPORTED_MODULE_1__/* .readConfigFile */ .RG)(file) : {};
    const config = (0,_parse_js__WEBPACK_IMPORTED_MODULE_1__/* .buildConfig */ .fD)((0,_parse_js__WEBPACK_IMPORTED_MODULE_1__/* .mergeRaw */ .Bh)(base, stripUndefined(over)), file ?? 'flags');
    // A dataset path in the file is relative to the file, wherever the command runs from.
    const ds = config.workload.dataset;
    if (file && ds && !(0,node_path__WEBPACK_IMPORTED_MODULE_0__.isAbsolute)(ds.path))
        ds.path = (0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)((0,node_path__WEBPACK_IMPORTED_MODULE_0__.dirname)(file), ds.path);
    return config;
}
function stripUndefined(x) {
    const out = {};
    for (const [k, v] of Object.entries(x)) {
        if (v === undefined)
            continue;
        if (v && typeof v === 'object' && !Array.isArray(v)) {
            const inner = stripUndefined(v);
            if (Object.keys(inner).length)
                out[k] = inner;
        }
        else
            out[k] = v;
    }
    return out;
}


/***/ }),

/***/ 89554:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  fD: () => (/* binding */ buildConfig),
  Bh: () => (/* binding */ mergeRaw),
  RG: () => (/* binding */ readConfigFile)
});

// UNUSED EXPORTS: didYouMean

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: ./node_modules/ajv/dist/ajv.js
var ajv = __webpack_require__(42463);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(38815);
// EXTERNAL MODULE: ./lib/util/duration.js
var duration = __webpack_require__(47402);
// EXTERNAL MODULE: ./lib/util/errors.js
var errors = __webpack_require__(99661);
// EXTERNAL MODULE: ./lib/workload/schema.js
var schema = __webpack_require__(37238);
;// CONCATENATED MODULE: ./lib/config/schema.js
/**
 * The JSON Schema of loadgate.yml. One schema serves twice: the parser validates with it (so the
 * published file can never drift from what is accepted) and editors autocomplete from the copy in
 * schema/loadgate.schema.json (a test keeps the two equal).
 */

/** Durations: 500ms, 30s, 5m, 1h (or a bare number of seconds). */
const DURATION_PATTERN = '^\\s*\\d+(\\.\\d+)?\\s*(ms|s|m|h)?\\s*$';
const schema_duration = { type: 'string', pattern: DURATION_PATTERN, description: 'A duration: 500ms, 30s, 5m, 1h.' };
const positive = { type: 'number', exclusiveMinimum: 0 };
const posInt = { type: 'integer', minimum: 1 };
const fraction = { type: 'number', exclusiveMinimum: 0, maximum: 1 };
/** SLA rule keys: <metric>_<stat>_ms for latencies, plus error_rate and goodput_ratio. */
const SLA_KEY_PATTERN = '^(ttft|ttfc|itl|tpot|e2e)_(p50|p90|p95|p99|max|mean)_ms$';
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
            description: "The built-in simulator's faults (crashes: [{replica, atMs, recoverAfterMs, detectionMs}], errorRate, latencyMs, resetRate…): in process, or POSTed to <target>/admin/faults.",
        },
    },
};
const CONFIG_SCHEMA = {
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
                    properties: { connect: schema_duration, first_byte: schema_duration, idle: schema_duration, total: schema_duration },
                },
            },
        },
        workload: schema/* WORKLOAD_SCHEMA */.M,
        warmup: {
            type: 'object',
            additionalProperties: false,
            properties: { requests: { type: 'integer', minimum: 0 }, concurrency: posInt, timeout: schema_duration },
        },
        baseline: {
            type: 'object',
            additionalProperties: false,
            properties: { rate: positive, concurrency: posInt, duration: schema_duration },
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
                level_duration: { ...schema_duration, description: 'Duration of each steps level, of the SLA-validation reference, and of a level in a ramp you compare with (default 20s).' },
                probe_duration: {
                    ...schema_duration,
                    description: 'Shortest duration of each search level (default: level_duration / 3, at least 2s, and at least min_latencies × the unloaded median E2E): a search level only has to say saturated or not.',
                },
                min_requests: {
                    ...posInt,
                    description: 'Requests a level must measure to decide (default 50). A level keeps sending past its duration until it has them (up to max_level_duration); one that still has fewer is undecided, not judged.',
                },
                min_latencies: {
                    ...positive,
                    description: 'A search level lasts at least this many unloaded median E2E latencies (default 5): shorter, it measures the batch filling up, not a sustained rate.',
                },
                max_level_duration: { ...schema_duration, description: 'Longest a level may send while gathering min_requests (default 60s, never below level_duration / probe_duration).' },
                think_time: { ...schema_duration, description: "Closed loop (load: concurrency): pause between a user's response and its next request, e.g. a chat user reading (default 0s)." },
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
                duration: schema_duration,
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
                pre_fault: { ...schema_duration, description: 'Steady load before the injection, the reference window (default 10s).' },
                fault: chaosAction,
                restore: chaosAction,
                restore_after: { ...schema_duration, description: 'Run restore this long after the injection, under load (default: when the phase ends).' },
                max_duration: { ...schema_duration, description: 'Longest the load is held after the injection (default 60s); not recovered by then = not recovered.' },
                action_timeout: { ...schema_duration, description: 'Longest a fault or restore command / HTTP call may take (default 60s); a hang is killed and reported.' },
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
                interval: schema_duration,
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
                    ...schema_duration,
                    description: 'After a level stops sending, how long requests still open may take to end (default 30s); what is still open then is cut and counted as incomplete.',
                },
            },
        },
    },
};

// EXTERNAL MODULE: ./lib/verdict/compare.js
var compare = __webpack_require__(68674);
// EXTERNAL MODULE: ./lib/client/openai.js + 3 modules
var openai = __webpack_require__(50937);
// EXTERNAL MODULE: ./lib/load/runner.js + 1 modules
var runner = __webpack_require__(33264);
// EXTERNAL MODULE: ./lib/workload/config.js + 3 modules
var config = __webpack_require__(34845);
// EXTERNAL MODULE: ./lib/target/command.js
var command = __webpack_require__(16672);
;// CONCATENATED MODULE: ./lib/config/chaos.js
/**
 * The chaos: section and the chaos rules of sla: → typed config, with the problems a schema cannot
 * see (exactly one way to inject, a command line that would need a shell, rules without a phase).
 */


/** The chaos config, or undefined when the section is absent; problems are pushed, never thrown. */
function parseChaos(raw, problems) {
    if (!raw)
        return undefined;
    const sec = (t, d) => (t === undefined ? d : ((0,duration/* parseDuration */.E)(t) ?? d));
    const tol = raw.tolerance ?? {};
    if (raw.rate !== undefined && raw.concurrency !== undefined)
        problems.push("chaos.rate and chaos.concurrency exclude each other: pick one (or neither, to hold the gate's operating point)");
    const fault = chaos_chaosAction(raw.fault, 'chaos.fault', problems) ?? {};
    const restore = raw.restore !== undefined ? chaos_chaosAction(raw.restore, 'chaos.restore', problems) : undefined;
    if (raw.restore_after !== undefined && raw.restore === undefined)
        problems.push('chaos.restore_after needs chaos.restore: what to run to undo the fault');
    const c = {
        enabled: raw.enabled === true,
        load: raw.rate !== undefined ? { kind: 'rate', value: raw.rate } : raw.concurrency !== undefined ? { kind: 'concurrency', value: raw.concurrency } : undefined,
        preFaultS: sec(raw.pre_fault, 10),
        fault,
        restore,
        restoreAfterS: raw.restore_after !== undefined ? sec(raw.restore_after, 0) : undefined,
        maxDurationS: sec(raw.max_duration, 60),
        actionTimeoutS: sec(raw.action_timeout, 60),
        tolerance: { throughput: tol.throughput ?? 0.1, ttftP99: tol.ttft_p99 ?? 0.5, errorRate: tol.error_rate ?? 0.01 },
        recoverySeconds: raw.recovery_seconds ?? 3,
    };
    if (c.preFaultS < 3)
        problems.push(`chaos.pre_fault ${raw.pre_fault}: at least 3s, so the pre-fault window has seconds enough to measure its own noise (default 10s)`);
    if (c.maxDurationS <= 0)
        problems.push('chaos.max_duration must be longer than 0 (e.g. 60s)');
    if (c.actionTimeoutS <= 0)
        problems.push('chaos.action_timeout must be longer than 0 (e.g. 60s)');
    return c;
}
function chaos_chaosAction(raw, where, problems) {
    if (!raw)
        return undefined;
    const set = ['command', 'http', 'sim'].filter((k) => raw[k] !== undefined);
    if (set.length !== 1) {
        problems.push(`${where}: give exactly one of command (run without a shell), http (a call such as POST /admin/faults) or sim (the built-in simulator's faults)${set.length ? `, not ${set.join(' and ')}` : ''}`);
        return undefined;
    }
    if (raw.command !== undefined) {
        if (Array.isArray(raw.command))
            return { command: raw.command };
        try {
            return { command: (0,command/* parseCommand */.RM)(String(raw.command), `${where}.command`) };
        }
        catch (e) {
            problems.push(e.message);
            return undefined;
        }
    }
    if (raw.http !== undefined) {
        const h = raw.http;
        const body = h.body === undefined ? undefined : typeof h.body === 'string' ? h.body : JSON.stringify(h.body);
        if (body !== undefined && h.method === 'GET')
            problems.push(`${where}.http: a GET request cannot carry a body: use method: POST (or drop body)`);
        try {
            new URL(h.url);
        }
        catch {
            problems.push(`${where}.http.url ${JSON.stringify(String(h.url).split(/[?#]/)[0])}: not a valid URL (e.g. http://127.0.0.1:8000/admin/faults)`);
        }
        const headers = { ...(h.body !== undefined && typeof h.body !== 'string' ? { 'content-type': 'application/json' } : {}), ...(h.headers ?? {}) };
        return { http: { method: h.method ?? (body !== undefined ? 'POST' : 'GET'), url: h.url, ...(body !== undefined ? { body } : {}), headers } };
    }
    return { sim: raw.sim };
}
/** recovery_s, lost_requests, error_burst from sla: (undefined when none is given). */
function parseChaosSla(sla, hasChaos, problems) {
    const s = sla ?? {};
    const out = {};
    if (s.recovery_s !== undefined)
        out.recoveryS = s.recovery_s;
    if (s.lost_requests !== undefined)
        out.lostRequests = s.lost_requests;
    if (s.error_burst !== undefined)
        out.errorBurst = s.error_burst;
    const keys = Object.keys(out);
    if (keys.length === 0)
        return undefined;
    if (!hasChaos)
        problems.push(`sla.${['recovery_s', 'lost_requests', 'error_burst'].filter((k) => s[k] !== undefined).join(', sla.')}: judged by the chaos phase, which this config does not have (add a chaos: section, or remove the rule)`);
    return out;
}

;// CONCATENATED MODULE: ./lib/config/parse.js
/**
 * loadgate.yml + overrides → Config, or every problem at once. Each problem names the field, the
 * bad value and what would be accepted; unknown keys get a did-you-mean.
 */











/** The schema's validator, compiled on first use (compiling costs memory a run without a config file never needs). */
let compiled;
const validator = () => (compiled ??= new ajv.Ajv({ allErrors: true, strict: false, verbose: true }).compile(CONFIG_SCHEMA));
/** Reads and parses a YAML file; YAML syntax errors carry line and column. */
function readConfigFile(path) {
    let text;
    try {
        text = (0,external_node_fs_.readFileSync)(path, 'utf8');
    }
    catch (e) {
        throw new errors/* ConfigError */.xL(path, [`cannot read the file (${e.code ?? 'error'}); check the path given to --config`]);
    }
    const doc = (0,dist/* parseDocument */.Tp)(text, { prettyErrors: true });
    if (doc.errors.length)
        throw new errors/* ConfigError */.xL(path, doc.errors.map((e) => e.message.split('\n')[0]));
    const value = doc.toJS() ?? {};
    if (typeof value !== 'object' || Array.isArray(value))
        throw new errors/* ConfigError */.xL(path, ['the top level must be a mapping of keys (name:, target:, saturation: …)']);
    return value;
}
/** Deep-merges `over` into `base` (objects merge, everything else replaces). */
function mergeRaw(base, over) {
    const out = { ...base };
    for (const [k, v] of Object.entries(over)) {
        if (v === undefined)
            continue;
        const b = out[k];
        out[k] = isPlainObject(b) && isPlainObject(v) ? mergeRaw(b, v) : v;
    }
    return out;
}
/** Validates a raw document and builds the typed Config with defaults. */
function buildConfig(raw, source = 'config') {
    const problems = [];
    const validate = validator();
    if (!validate(raw))
        problems.push(...(validate.errors ?? []).map(describeError));
    if (problems.length)
        throw new errors/* ConfigError */.xL(source, dedupe(problems));
    let cfg;
    try {
        cfg = toConfig(raw, source);
    }
    catch (e) {
        if (e instanceof errors/* ConfigError */.xL)
            throw new errors/* ConfigError */.xL(source, e.problems);
        throw e;
    }
    problems.push(...semanticProblems(cfg));
    const chaos = parseChaos(raw.chaos, problems);
    const chaosSla = parseChaosSla(raw.sla, chaos !== undefined, problems);
    if (chaos)
        cfg.chaos = chaos;
    if (chaosSla)
        cfg.chaosSla = chaosSla;
    if (problems.length)
        throw new errors/* ConfigError */.xL(source, problems);
    return cfg;
}
function toConfig(r, source) {
    const t = r.target ?? {};
    const s = r.saturation ?? {};
    const c = s.criteria ?? {};
    const v = r.sla_validation ?? {};
    const run = r.run ?? {};
    const to = t.timeouts ?? {};
    const b = r.baseline ?? {};
    const sla = r.sla ?? {};
    return {
        name: r.name ?? 'default',
        mode: r.mode ?? 'saturation',
        target: {
            url: t.url ?? '',
            model: t.model ?? '',
            endpoint: t.endpoint ?? 'chat',
            stream: t.stream ?? true,
            apiKeyEnv: t.api_key_env,
            label: t.label ?? '',
            hardware: t.hardware ?? '',
            headers: t.headers ?? {},
            // The client's one table of timeout defaults (client/openai.ts), so config, load and the client agree.
            timeouts: {
                connectMs: ms(to.connect, openai/* DEFAULT_TIMEOUTS */.Rh.connectMs / 1000),
                firstByteMs: ms(to.first_byte, openai/* DEFAULT_TIMEOUTS */.Rh.firstByteMs / 1000),
                idleMs: ms(to.idle, openai/* DEFAULT_TIMEOUTS */.Rh.idleMs / 1000),
                totalMs: ms(to.total, openai/* DEFAULT_TIMEOUTS */.Rh.totalMs / 1000),
            },
        },
        workload: (0,config/* parseWorkloadConfig */.bg)(r.workload, source),
        warmup: { requests: r.warmup?.requests ?? 4, concurrency: r.warmup?.concurrency ?? 2, timeoutS: sec(r.warmup?.timeout, 120) },
        baseline: { load: b.concurrency !== undefined ? 'concurrency' : 'rate', value: b.concurrency ?? b.rate ?? 1, durationS: sec(b.duration, 15) },
        saturation: {
            thinkMs: ms(s.think_time, 0),
            strategy: s.strategy ?? (s.levels ? 'steps' : 'search'),
            load: s.load ?? 'rate',
            arrival: s.arrival ?? 'constant',
            levels: s.levels ?? [],
            stopAtFirstSaturated: s.stop_at_first_saturated ?? true,
            start: s.start ?? 1,
            startAuto: s.start === undefined,
            max: s.max ?? 1000,
            precision: s.precision ?? 0.1,
            levelDurationS: sec(s.level_duration, 20),
            probeDurationS: sec(s.probe_duration, Math.max(2, sec(s.level_duration, 20) / 3)),
            maxLevels: s.max_levels ?? 14,
            minRequests: s.min_requests ?? 50,
            minLatencies: s.min_latencies ?? 5,
            maxLevelDurationS: sec(s.max_level_duration, 60),
            criteria: {
                ttftP99Factor: c.ttft_p99_factor ?? 2,
                ttftMinIncreaseMs: c.ttft_min_increase_ms ?? 25,
                maxErrorRate: c.max_error_rate ?? 0.005,
                minAchievedRatio: c.min_achieved_ratio ?? 0.95,
                sla: c.sla ?? true,
            },
        },
        slaValidation: {
            enabled: v.enabled ?? r.mode !== 'capacity-at-sla',
            operatingPoint: v.operating_point ?? 0.7,
            rate: v.rate,
            concurrency: v.concurrency,
            durationS: sec(v.duration, 60),
        },
        sla: slaRules(sla),
        goodput: { ttftMs: sla.goodput_ttft_ms, tpotMs: sla.goodput_tpot_ms },
        cost: r.cost?.gpus !== undefined || r.cost?.gpu_hour_usd !== undefined ? { gpus: r.cost?.gpus ?? 1, gpuHourUsd: r.cost?.gpu_hour_usd ?? 0 } : undefined,
        tolerances: { ...compare/* DEFAULT_TOLERANCES */.tD, ...(r.tolerances ?? {}) },
        serverMetrics: { fromTarget: r.server_metrics?.target ?? false, sources: r.server_metrics?.sources ?? [], intervalMs: ms(r.server_metrics?.interval, 1) },
        run: {
            maxInFlight: run.max_in_flight,
            seed: run.seed ?? 1,
            requestsLog: run.requests_log ?? false,
            out: run.out ?? 'loadgate-results',
            maxSendLagMs: run.max_send_lag_ms ?? runner/* DEFAULT_MAX_SEND_LAG_MS */.mD,
            drainS: sec(run.drain, runner/* DEFAULT_DRAIN_MS */.op / 1000),
        },
    };
}
function slaRules(sla) {
    const rules = [];
    const re = new RegExp(SLA_KEY_PATTERN);
    for (const [key, limit] of Object.entries(sla)) {
        const m = re.exec(key);
        if (m)
            rules.push({ key, kind: 'latency', metric: `${m[1]}_ms`, stat: m[2], max: limit });
        else if (key === 'error_rate')
            rules.push({ key, kind: 'error_rate', max: limit });
        else if (key === 'goodput_ratio')
            rules.push({ key, kind: 'goodput_ratio', min: limit });
    }
    return rules;
}
function semanticProblems(c) {
    const p = [];
    if (!c.target.url)
        p.push('target.url is required: the endpoint base URL (e.g. http://127.0.0.1:8000), or pass --target / the target-url input');
    if (!c.target.model)
        p.push('target.model is required: the model name the endpoint serves (GET /v1/models lists them)');
    const s = c.saturation;
    if (s.strategy === 'steps' && s.levels.length === 0)
        p.push('saturation.levels is required with strategy: steps (e.g. levels: [1, 5, 10, 20])');
    if (s.levels.some((x, i) => i > 0 && x <= s.levels[i - 1]))
        p.push(`saturation.levels ${JSON.stringify(s.levels)}: must be strictly ascending`);
    if (s.load === 'concurrency' && s.levels.some((x) => !Number.isInteger(x)))
        p.push(`saturation.levels ${JSON.stringify(s.levels)}: concurrency levels must be whole numbers of users`);
    if (s.start >= s.max)
        p.push(`saturation.start ${s.start} must be below saturation.max ${s.max}`);
    if (c.run.drainS <= 0)
        p.push(`run.drain ${c.run.drainS}s: must be longer than 0 (e.g. drain: 30s), or every request still open at a level's last send is cut`);
    if (c.mode === 'capacity-at-sla' && c.sla.length === 0)
        p.push('mode capacity-at-sla needs at least one sla rule (e.g. sla: {ttft_p95_ms: 400})');
    if (c.sla.some((r) => r.kind === 'goodput_ratio') && c.goodput.ttftMs === undefined && c.goodput.tpotMs === undefined)
        p.push('sla.goodput_ratio needs sla.goodput_ttft_ms and/or sla.goodput_tpot_ms to say what a good request is');
    if (c.slaValidation.rate !== undefined && c.slaValidation.concurrency !== undefined)
        p.push('sla_validation.rate and sla_validation.concurrency exclude each other: pick one');
    if (c.target.apiKeyEnv && process.env[c.target.apiKeyEnv] === undefined)
        p.push(`target.api_key_env ${c.target.apiKeyEnv}: that environment variable is not set (export it, or remove api_key_env for an endpoint without auth)`);
    return p;
}
function describeError(e) {
    const where = e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : '(top level)';
    const bad = (e.data === undefined ? '' : ` ${JSON.stringify(e.data)}`).slice(0, 80);
    switch (e.keyword) {
        case 'additionalProperties': {
            const key = e.params.additionalProperty;
            const known = knownKeys(e.schemaPath);
            const guess = didYouMean(key, known);
            const prefix = e.instancePath ? `${where}.` : '';
            return `unknown key ${prefix}${key}${guess ? ` — did you mean ${prefix}${guess}?` : ''} (known: ${known.join(', ') || 'see the schema'})`;
        }
        case 'enum':
            return `${where}${bad}: must be one of ${e.params.allowedValues.join(', ')}`;
        case 'pattern':
            return e.params.pattern === DURATION_PATTERN
                ? `${where}${bad}: expected a duration like 500ms, 30s, 5m or 1h`
                : `${where}${bad}: must match ${e.params.pattern}`;
        default:
            return `${where}${bad}: ${e.message ?? 'is not valid'}`;
    }
}
/** The property names allowed at the place an additionalProperties error points to. */
function knownKeys(schemaPath) {
    const parts = schemaPath.replace(/^#\//, '').split('/').slice(0, -1);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- walks the schema document by a path ajv gave
    let node = CONFIG_SCHEMA;
    for (const p of parts)
        node = node?.[p];
    const keys = Object.keys(node?.properties ?? {});
    if (node?.patternProperties)
        keys.push('<metric>_<p50|p90|p95|p99|max|mean>_ms (metric: ttft, ttfc, itl, tpot, e2e)');
    return keys;
}
/** The closest known key by edit distance, when close enough to be a typo. */
function didYouMean(word, candidates) {
    let best;
    let bestD = Infinity;
    for (const c of candidates) {
        const d = editDistance(word.toLowerCase(), c.toLowerCase());
        if (d < bestD)
            [best, bestD] = [c, d];
    }
    return best !== undefined && bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}
function editDistance(a, b) {
    let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const cur = [i];
        for (let j = 1; j <= b.length; j++)
            cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        prev = cur;
    }
    return prev[b.length];
}
function ms(text, defaultS) {
    return sec(text, defaultS) * 1000;
}
function sec(text, defaultS) {
    return text === undefined ? defaultS : ((0,duration/* parseDuration */.E)(text) ?? defaultS);
}
function isPlainObject(x) {
    return typeof x === 'object' && x !== null && !Array.isArray(x);
}
function dedupe(xs) {
    return [...new Set(xs)];
}


/***/ }),

/***/ 42399:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   k: () => (/* binding */ FixedWorkload)
/* harmony export */ });
class FixedWorkload {
    spec;
    constructor(o) {
        this.spec = { model: o.model, messages: [{ role: 'user', content: o.prompt }], prompt: o.prompt, maxTokens: o.maxTokens, extra: o.extra };
    }
    next() {
        return this.spec;
    }
}


/***/ }),

/***/ 36292:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   U: () => (/* binding */ levelCost)
/* harmony export */ });
/* harmony import */ var _util_num_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(21764);

function levelCost(s, c) {
    const perHour = c.gpus * c.gpuHourUsd;
    const perMillion = (tokPerS) => (tokPerS > 0 ? (0,_util_num_js__WEBPACK_IMPORTED_MODULE_0__/* .round */ .L)((perHour / (tokPerS * 3600)) * 1e6, 4) : null);
    return { usd_per_hour: (0,_util_num_js__WEBPACK_IMPORTED_MODULE_0__/* .round */ .L)(perHour, 4), usd_per_million_tokens: perMillion(s.total_tokens_per_s), usd_per_million_output_tokens: perMillion(s.output_tokens_per_s) };
}


/***/ }),

/***/ 16672:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   RM: () => (/* binding */ parseCommand),
/* harmony export */   S0: () => (/* binding */ startCommand),
/* harmony export */   TP: () => (/* binding */ killTree),
/* harmony export */   d1: () => (/* binding */ runCommand)
/* harmony export */ });
/* unused harmony exports groupRunning, procStat */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(31421);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73024);
/* harmony import */ var node_readline__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(80481);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(99661);
/**
 * Runs the user's deploy-command and teardown-command without a shell.
 *
 * The command text comes from workflow inputs, which may include text an attacker controls
 * (branch names, PR titles pasted into inputs). So it is never handed to `sh -c`: it is split into
 * argv here and spawned with `shell: false`. Shell syntax that would change meaning without a shell
 * (pipes, `&&`, `;`, redirects, `$(…)`, backticks, `$VAR`) is rejected with a message saying how to
 * get the same effect safely, rather than silently passed through as literal text.
 *
 * Each command runs in its own process group (`detached: true`), so `killTree` can stop the whole
 * tree, including servers the deploy script started in the background.
 */




const JSON_EXAMPLE = '["kubectl","apply","-f","deploy.yml"]';
/**
 * Splits command text into argv. Accepts a JSON array of strings, or one shell-like line where
 * whitespace separates words, '…' is literal, "…" is literal except for \" \\ \$ \` escapes, and a
 * backslash outside quotes escapes the next character (backslash-newline continues the line).
 * Nothing is expanded: quoted "$HOME" or '$(cmd)' reach the program as those exact characters.
 * Throws a UsageError (message names `label`) for empty text, unbalanced quotes, or shell operators
 * outside quotes.
 */
function parseCommand(text, label = 'command') {
    const src = text.trim();
    if (src === '')
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UsageError */ .eb(`${label} is empty: give a program and its arguments, e.g. "./deploy.sh staging" or ${JSON_EXAMPLE}.`);
    if (src.startsWith('['))
        return parseJsonArgv(src, label);
    const argv = [];
    let word = '';
    let inWord = false;
    let quote = null;
    let quoteStart = 0;
    for (let i = 0; i < src.length; i++) {
        const c = src[i];
        if (quote === "'") {
            if (c === "'")
                quote = null;
            else
                word += c;
            continue;
        }
        if (quote === '"') {
            if (c === '"')
                quote = null;
            else if (c === '\\' && i + 1 < src.length && '"\\$`\n'.includes(src[i + 1])) {
                if (src[i + 1] !== '\n')
                    word += src[i + 1];
                i++;
            }
            else
                word += c;
            continue;
        }
        if (c === ' ' || c === '\t') {
            if (inWord)
                argv.push(word);
            word = '';
            inWord = false;
            continue;
        }
        if (c === '\\') {
            if (i + 1 >= src.length)
                throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UsageError */ .eb(`${label} ends with a lone backslash: remove it, or write \\\\ for a literal backslash.`);
            if (src[i + 1] !== '\n') {
                word += src[i + 1];
                inWord = true;
            }
            i++;
            continue;
        }
        if (c === "'" || c === '"') {
            quote = c;
            quoteStart = i;
            inWord = true;
            continue;
        }
        const op = shellOperator(src, i);
        if (op)
            throw operatorError(label, op, i);
        word += c;
        inWord = true;
    }
    if (quote)
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UsageError */ .eb(`${label} has an unterminated ${quote === '"' ? 'double' : 'single'} quote (opened at character ${quoteStart + 1}): close it, or use the JSON array form ${JSON_EXAMPLE}.`);
    if (inWord)
        argv.push(word);
    return argv;
}
function parseJsonArgv(src, label) {
    let v;
    try {
        v = JSON.parse(src);
    }
    catch (e) {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UsageError */ .eb(`${label} starts with "[" but is not valid JSON (${e.message}): write it as a JSON array of strings, e.g. ${JSON_EXAMPLE}.`);
    }
    if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'string')) {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UsageError */ .eb(`${label} must be a non-empty JSON array of strings, e.g. ${JSON_EXAMPLE}.`);
    }
    if (v[0] === '')
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UsageError */ .eb(`${label}: the first element (the program) is empty.`);
    return v;
}
/** The shell operator starting at src[i] (outside quotes), if any. */
function shellOperator(src, i) {
    const c = src[i];
    const next = src[i + 1] ?? '';
    if (c === '|')
        return next === '|' ? '||' : '|';
    if (c === '&')
        return next === '&' ? '&&' : '&';
    if (c === ';' || c === '>' || c === '<' || c === '`' || c === '\n' || c === '\r')
        return c;
    if (c === '$' && (next === '(' || next === '{' || /[A-Za-z_0-9?@*#!$-]/.test(next)))
        return next === '(' ? '$(' : next === '{' ? '${' : `$${next}`;
    return undefined;
}
function operatorError(label, op, i) {
    const shown = op === '\n' || op === '\r' ? 'a line break' : `"${op}"`;
    const why = op.startsWith('$') ? 'variables and command substitution are not expanded' : 'commands run without a shell';
    return new _util_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UsageError */ .eb(`${label}: shell syntax ${shown} at character ${i + 1} is not supported (${why}). ` +
        `Put the commands in a script file and run that (e.g. "bash ./deploy.sh"; environment variables reach it), ` +
        `use the JSON array form ${JSON_EXAMPLE}, or quote the text if it is meant literally.`);
}
/**
 * Spawns argv (no shell) as the leader of a new process group and streams its output lines to
 * onLine. Throws a UsageError when the program cannot be started (not found, not executable, bad cwd).
 */
function childEnv(opts) {
    const env = { ...process.env, ...opts.env };
    // The runner hands every action input to the action as INPUT_*, the API key and the GitHub
    // token among them: a deploy command (maybe from the pull request) must not inherit them.
    for (const name of Object.keys(env))
        if (name.startsWith('INPUT_'))
            delete env[name];
    for (const name of opts.unsetEnv ?? [])
        delete env[name];
    return env;
}
function startCommand(argv, opts = {}) {
    const [program, ...args] = argv;
    if (program === undefined || program === '')
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UsageError */ .eb('cannot start an empty command: give a program and its arguments.');
    if (opts.cwd !== undefined && !(0,node_fs__WEBPACK_IMPORTED_MODULE_1__.existsSync)(opts.cwd))
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UsageError */ .eb(`cannot start "${program}": working directory ${opts.cwd} does not exist.`);
    const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(program, args, {
        shell: false,
        detached: true,
        cwd: opts.cwd,
        env: childEnv(opts),
        stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.on('error', () => {
        /* spawn failures are reported below; later errors (e.g. kill on a dead pid) are harmless */
    });
    if (child.pid === undefined) {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UsageError */ .eb(`cannot start "${program}": not found or not executable. Check the program name and PATH, or give its full path (e.g. "./deploy.sh" with the executable bit set, or "bash deploy.sh").`);
    }
    const mask = masker(opts.secrets ?? []);
    const onLine = opts.onLine;
    let open = 0;
    for (const stream of [child.stdout, child.stderr]) {
        open++;
        const rl = (0,node_readline__WEBPACK_IMPORTED_MODULE_2__.createInterface)({ input: stream, crlfDelay: Infinity });
        if (onLine)
            rl.on('line', (line) => onLine(mask(line)));
        rl.on('close', () => open--);
    }
    const exited = new Promise((resolve) => {
        let result;
        const done = () => {
            if (result)
                resolve(result);
        };
        child.once('close', (code, signal) => {
            result ??= { code, signal };
            done();
        });
        child.once('exit', (code, signal) => {
            result = { code, signal };
            // 'close' waits for the pipes, which a background grandchild may hold open forever.
            if (open > 0)
                setTimeout(done, 250).unref();
            else
                done();
        });
    });
    return { pid: child.pid, exited };
}
/** Runs argv to completion (teardown); on timeout kills the whole process group and says so. */
async function runCommand(argv, opts) {
    const cmd = startCommand(argv, opts);
    let timer;
    const timeout = new Promise((resolve) => {
        timer = setTimeout(() => resolve('timeout'), opts.timeoutMs);
    });
    const first = await Promise.race([cmd.exited, timeout]);
    clearTimeout(timer);
    if (first !== 'timeout')
        return { ...first, timedOut: false };
    await killTree(cmd.pid, opts.graceMs ?? 5000);
    return { ...(await cmd.exited), timedOut: true };
}
/**
 * Stops the process group led by pid: SIGTERM, then SIGKILL if any member is still running after
 * graceMs. Resolves once no member is running (zombies left for init to reap count as gone), or
 * shortly after SIGKILL. A group that is already gone is fine. pid must come from startCommand.
 */
async function killTree(pid, graceMs = 5000) {
    // kill(0) or kill(-1) would signal our own group or every process we may signal.
    if (!Number.isInteger(pid) || pid <= 1)
        throw new Error(`killTree: refusing to kill invalid pid ${pid}`);
    if (process.platform === 'win32') {
        (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawnSync)('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore' });
        return;
    }
    if (!signalGroup(pid, 'SIGTERM'))
        return;
    if (await waitGone(pid, graceMs))
        return;
    if (!signalGroup(pid, 'SIGKILL'))
        return;
    await waitGone(pid, 2000);
}
/** Sends sig to the group; false when the group no longer exists. */
function signalGroup(pgid, sig) {
    try {
        process.kill(-pgid, sig);
        return true;
    }
    catch (e) {
        if (e.code === 'ESRCH')
            return false;
        throw e;
    }
}
async function waitGone(pgid, ms) {
    const until = Date.now() + ms;
    for (;;) {
        if (!groupRunning(pgid))
            return true;
        if (Date.now() >= until)
            return false;
        await new Promise((r) => setTimeout(r, Math.min(25, Math.max(1, until - Date.now()))));
    }
}
/** Whether any non-zombie process is in group pgid. */
function groupRunning(pgid) {
    try {
        process.kill(-pgid, 0);
    }
    catch (e) {
        return e.code !== 'ESRCH';
    }
    // The group exists, but possibly only as zombies nobody reaps (a container whose PID 1 does
    // not reap orphans). On Linux, look at /proc; elsewhere assume it is running.
    if (process.platform !== 'linux')
        return true;
    try {
        for (const name of (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readdirSync)('/proc')) {
            if (!/^\d+$/.test(name))
                continue;
            const st = procStat(Number(name));
            if (st && st.pgrp === pgid && st.state !== 'Z' && st.state !== 'X')
                return true;
        }
        return false;
    }
    catch {
        return true;
    }
}
/** State letter and process group of a process, from /proc/<pid>/stat (Linux only). */
function procStat(pid) {
    try {
        const s = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync)(`/proc/${pid}/stat`, 'utf8');
        // "pid (comm) state ppid pgrp …"; comm may contain spaces and parentheses.
        const rest = s.slice(s.lastIndexOf(')') + 2).split(' ');
        return { state: rest[0] ?? '?', pgrp: Number(rest[2]) };
    }
    catch {
        return undefined;
    }
}
/** Replaces every secret (and every line of a multi-line secret) with ***, longest first. */
function masker(secrets) {
    const parts = new Set();
    for (const s of secrets) {
        if (!s)
            continue;
        parts.add(s);
        for (const l of s.split(/\r?\n/))
            if (l.trim())
                parts.add(l);
    }
    const list = [...parts].sort((a, b) => b.length - a.length);
    if (list.length === 0)
        return (line) => line;
    return (line) => {
        let out = line;
        for (const p of list)
            out = out.split(p).join('***');
        return out;
    };
}


/***/ }),

/***/ 47237:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B: () => (/* binding */ redactUrl),
/* harmony export */   C: () => (/* binding */ serverRoot)
/* harmony export */ });
/** URL helpers shared by every layer: the server root of an OpenAI-style base URL, and redaction. */
/**
 * The server root of an endpoint base URL given with or without /v1: where /metrics, /health and
 * /props live (http://h:8000/v1/ → http://h:8000).
 */
function serverRoot(baseUrl) {
    return baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '');
}
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/gi;
/**
 * A URL (or any text holding URLs) as it may be stored or printed: credentials written into a URL
 * (https://user:password@host) become ***@, everything else stays as written. Applied wherever a
 * target or metrics URL reaches results.json, metadata.json, a report, a comment or a log line.
 */
function redactUrl(text) {
    return text.replace(USERINFO, '$1***@');
}


/***/ }),

/***/ 68674:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BT: () => (/* binding */ verdictSentence),
/* harmony export */   Me: () => (/* binding */ overall),
/* harmony export */   R: () => (/* binding */ metricInfo),
/* harmony export */   fz: () => (/* binding */ compareMetrics),
/* harmony export */   mg: () => (/* binding */ judgeMetric),
/* harmony export */   tD: () => (/* binding */ DEFAULT_TOLERANCES)
/* harmony export */ });
/** Latency changes smaller than this are never judged (see judgeMetric). */
const MIN_LATENCY_CHANGE_MS = 1;
const DEFAULT_TOLERANCES = { saturation_rps: 0.05, ttft_p99_ms: 0.1, itl_p99_ms: 0.1, cost_per_million_tokens: 0.05, error_rate: 0.005 };
/** Which direction is worse, and whether the tolerance is relative or absolute. */
const METRICS = {
    saturation_rps: { label: 'Saturation', worse: 'lower', relative: true, unit: 'req/s' },
    ttft_p99_ms: { label: 'P99 TTFT at the operating point', worse: 'higher', relative: true, unit: 'ms' },
    itl_p99_ms: { label: 'P99 ITL at the operating point', worse: 'higher', relative: true, unit: 'ms' },
    cost_per_million_tokens: { label: 'Cost per million tokens at saturation', worse: 'higher', relative: true, unit: 'USD' },
    error_rate: { label: 'Error rate at the operating point', worse: 'higher', relative: false, unit: '' },
};
function metricInfo(k) {
    return METRICS[k];
}
function judgeMetric(metric, baseline, current, tolerance) {
    const info = METRICS[metric];
    const base = { metric, label: info.label, unit: info.unit, baseline, current, tolerance };
    if (!baseline || !current) {
        // A capacity the baseline had and the run lost is a regression, not a gap in the data.
        const lost = metric === 'saturation_rps' && baseline && !current;
        return { ...base, delta: null, noise: null, status: lost ? 'regression' : 'pass' };
    }
    // A latency change under a millisecond is below what one run can resolve (timer resolution,
    // scheduling on a shared machine): never a verdict, however small the latency itself.
    if (info.unit === 'ms' && Math.abs(current.value - baseline.value) < MIN_LATENCY_CHANGE_MS) {
        const scale0 = Math.abs(baseline.value) || 1;
        return { ...base, delta: round((current.value - baseline.value) / scale0), noise: round(Math.hypot(baseline.spread, current.spread) / scale0), status: 'pass' };
    }
    const scale = info.relative ? Math.abs(baseline.value) || 1 : 1;
    const delta = (current.value - baseline.value) / scale;
    const noise = Math.hypot(baseline.spread, current.spread) / scale;
    const worse = info.worse === 'higher' ? delta : -delta;
    let status = 'pass';
    if (Math.abs(delta) > tolerance) {
        // Inconclusive means "might be a regression, cannot tell"; a better figure inside the noise
        // is simply a pass (an unlucky baseline must not hold up every later pull request).
        if (Math.abs(delta) <= noise)
            status = worse > 0 ? 'inconclusive' : 'pass';
        else
            status = worse > 0 ? 'regression' : 'improvement';
    }
    return { ...base, delta: round(delta), noise: round(noise), status };
}
/** Overall: any regression wins, then any inconclusive, then any improvement, else pass. */
function overall(verdicts, comparable) {
    if (!comparable)
        return 'inconclusive';
    const has = (s) => verdicts.some((v) => v.status === s);
    if (has('regression'))
        return 'regression';
    if (has('inconclusive'))
        return 'inconclusive';
    if (has('improvement'))
        return 'improvement';
    return 'pass';
}
function compareMetrics(base, cur, tol) {
    return Object.keys(METRICS).map((k) => judgeMetric(k, base[k], cur[k], tol[k]));
}
/** The sentence that opens the report: the most important change, in plain words. */
function verdictSentence(verdicts, status, comparable) {
    if (!comparable)
        return 'This run is not comparable with the baseline (see the notes below), so no verdict on capacity is given.';
    // Capacity lost altogether (no level held) has no "from … to …": say so, before anything else.
    const lost = verdicts.find((x) => x.status === 'regression' && x.baseline && !x.current);
    if (lost?.baseline)
        return `This change loses ${lost.label.charAt(0).toLowerCase() + lost.label.slice(1)}: the baseline sustained ${fmt(lost.baseline.value)}${lost.unit ? ` ${lost.unit}` : ''}; this run sustained none of the levels it tried.`;
    const order = ['regression', 'inconclusive', 'improvement'];
    for (const s of order) {
        const v = verdicts.find((x) => x.status === s && x.baseline && x.current);
        if (!v || !v.baseline || !v.current)
            continue;
        const pct = v.delta === null ? '' : METRICS[v.metric].relative ? ` (${signed(v.delta * 100)} %)` : ` (${signed(v.delta * 100)} points)`;
        const verb = v.current.value < v.baseline.value ? 'lowers' : 'raises';
        const what = v.label.charAt(0).toLowerCase() + v.label.slice(1);
        const tail = s === 'inconclusive' ? ', within the measurement noise: inconclusive' : '';
        return `This change ${verb} ${what} from ${fmt(v.baseline.value)} to ${fmt(v.current.value)}${v.unit ? ` ${v.unit}` : ''}${pct}${tail}.`;
    }
    return status === 'pass' ? 'No change beyond tolerance and noise: capacity, latency, cost and errors hold.' : '';
}
const signed = (x) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(1)}`;
const fmt = (x) => (Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 1 ? x.toFixed(1) : x.toFixed(4));
const round = (x) => Math.round(x * 10000) / 10000;


/***/ }),

/***/ 32011:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Qx: () => (/* binding */ evaluateSla),
/* harmony export */   cL: () => (/* binding */ slaPasses),
/* harmony export */   u0: () => (/* binding */ evaluateChaosSla)
/* harmony export */ });
function evaluateSla(rules, s) {
    return rules.map((r) => {
        if (r.kind === 'latency') {
            const actual = s[r.metric][r.stat];
            // A latency with no successful sample cannot meet its limit.
            const pass = s[r.metric].count > 0 && actual <= r.max;
            return { rule: r.key, actual, limit: r.max, bound: 'max', pass };
        }
        if (r.kind === 'error_rate')
            return { rule: r.key, actual: s.error_rate, limit: r.max, bound: 'max', pass: s.requests.sent > 0 && s.error_rate <= r.max };
        // goodput_rps and achieved_rps share one window, so their ratio is the share of successes that were good.
        const ratio = s.achieved_rps > 0 && s.requests.sent > 0 ? (s.goodput_rps / s.achieved_rps) * (s.requests.ok / s.requests.sent) : 0;
        return { rule: r.key, actual: Math.round(ratio * 10000) / 10000, limit: r.min, bound: 'min', pass: ratio >= r.min };
    });
}
/**
 * The chaos rules of sla: against the phase's figures. Not recovered within the bound fails
 * recovery_s, with the bound as its actual value (it took at least that long).
 */
function evaluateChaosSla(rules, f, boundS) {
    const out = [];
    if (rules.recoveryS !== undefined) {
        const actual = f.recovered && f.recovery_s !== null ? f.recovery_s : boundS;
        out.push({ rule: 'recovery_s', actual, limit: rules.recoveryS, bound: 'max', pass: f.recovered && actual <= rules.recoveryS });
    }
    if (rules.lostRequests !== undefined)
        out.push({ rule: 'lost_requests', actual: f.lost_requests, limit: rules.lostRequests, bound: 'max', pass: f.lost_requests <= rules.lostRequests });
    if (rules.errorBurst !== undefined)
        out.push({ rule: 'error_burst', actual: f.error_burst.count, limit: rules.errorBurst, bound: 'max', pass: f.error_burst.count <= rules.errorBurst });
    return out;
}
function slaPasses(checks) {
    return checks.every((c) => c.pass);
}


/***/ }),

/***/ 13411:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   x: () => (/* binding */ VERSION)
/* harmony export */ });
/** The tool's version, recorded in every results file (a test keeps it equal to package.json's). */
const VERSION = '0.1.0';


/***/ }),

/***/ 61703:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   oP: () => (/* binding */ cacheMarkdown),
/* harmony export */   rN: () => (/* binding */ workloadRecord)
/* harmony export */ });
/* unused harmony exports FAR_ABOVE, expectedPrefixHitRate, cacheFindings */
/* harmony import */ var _config_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(34845);
/* harmony import */ var _distributions_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(98506);


/** An engine hit rate this far above the expected one (absolute) is reported as a finding. */
const FAR_ABOVE = 0.15;
/** Chars per token for a given system prompt text when no tokenizer is at hand (English average). */
const CHARS_PER_TOKEN = 4;
/** The expected prefix-cache hit rate (0..1) of the workload, or undefined when it cannot be known. */
function expectedPrefixHitRate(cfg) {
    switch ((0,_config_js__WEBPACK_IMPORTED_MODULE_0__/* .workloadKind */ .K5)(cfg)) {
        case 'fixed':
            return 1;
        case 'dataset':
            return cfg.dataset.salt ? 0 : undefined;
        case 'sessions': {
            if (cfg.dataset)
                return undefined;
            const x = cfg.sessions;
            const S = x.systemPrompt !== undefined ? x.systemPrompt.length / CHARS_PER_TOKEN : (x.systemPromptTokens ?? 0);
            const U = (0,_distributions_js__WEBPACK_IMPORTED_MODULE_1__/* .distMean */ .kH)(x.userTokens);
            const O = (0,_distributions_js__WEBPACK_IMPORTED_MODULE_1__/* .distMean */ .kH)(x.outputTokens);
            let hit = 0;
            let total = 0;
            for (let t = 1; t <= x.turns; t++) {
                const reused = S + (t - 1) * (U + O);
                hit += reused;
                total += reused + U;
            }
            return round3(total > 0 ? hit / total : 0);
        }
        case 'mix':
        case 'synthetic': {
            const sp = cfg.sharedPrefix;
            if (!sp || sp.share === 0)
                return 0;
            const mix = cfg.mix ?? (0,_config_js__WEBPACK_IMPORTED_MODULE_0__/* .defaultMix */ .mA)(cfg.maxTokens);
            const classes = Object.values(mix);
            const w = classes.reduce((a, c) => a + c.weight, 0);
            const meanInput = classes.reduce((a, c) => a + c.weight * (0,_distributions_js__WEBPACK_IMPORTED_MODULE_1__/* .distMean */ .kH)(c.input), 0) / w;
            return round3((sp.share * sp.tokens) / (sp.share * sp.tokens + meanInput));
        }
    }
}
const FIXED_PROMPT_NOTE = 'Every request sends the same prompt (workload.prompt / --prompt): an engine that caches prompts (vLLM, SGLang, llama.cpp do by default) serves all but the first from its prefix cache, so these figures include cache hits and overstate capacity for real traffic. Remove the prompt for the default synthetic workload of unique prompts.';
function workloadRecord(cfg, seed) {
    const expected = expectedPrefixHitRate(cfg);
    return {
        kind: (0,_config_js__WEBPACK_IMPORTED_MODULE_0__/* .workloadKind */ .K5)(cfg),
        salt: (0,_config_js__WEBPACK_IMPORTED_MODULE_0__/* .workloadKind */ .K5)(cfg) === 'fixed' ? null : (cfg.salt ?? null),
        seed,
        unique_prompts: (0,_config_js__WEBPACK_IMPORTED_MODULE_0__/* .uniquePrompts */ .ft)(cfg),
        expected_prefix_hit_rate: expected ?? null,
        ...((0,_config_js__WEBPACK_IMPORTED_MODULE_0__/* .workloadKind */ .K5)(cfg) === 'fixed' ? { note: FIXED_PROMPT_NOTE } : {}),
    };
}
const pct = (x) => `${(x * 100).toFixed(x > 0 && x < 0.01 ? 1 : 0)} %`;
/** Findings: levels where the engine's hit rate is far above what the workload should produce. */
function cacheFindings(rec, levels) {
    const expected = rec.expected_prefix_hit_rate;
    if (expected === null)
        return [];
    const far = levels.filter((l) => l.server?.prefix_cache_hit_rate !== undefined && l.server.prefix_cache_hit_rate > expected + FAR_ABOVE);
    if (!far.length)
        return [];
    const worst = far.reduce((a, b) => (b.server.prefix_cache_hit_rate > a.server.prefix_cache_hit_rate ? b : a));
    return [
        `The engine served up to ${pct(worst.server.prefix_cache_hit_rate)} of prompt tokens from its prefix cache (${worst.summary.name}; ${far.length} level${far.length > 1 ? 's' : ''} far above) where this workload should give about ${pct(expected)}: ` +
            'prompts are being repeated or shared somewhere (a proxy or a client adding a common prefix, another load on the same engine), so latencies and capacity look better than fresh traffic would get.',
    ];
}
/**
 * The report's "Prompt cache" section: what the workload sends, per level the distinct prompts
 * (repeats = sent − distinct) and the engine's hit rate next to the expected one, and findings.
 */
function cacheMarkdown(rec, levels) {
    const expected = rec.expected_prefix_hit_rate;
    const intro = rec.kind === 'fixed'
        ? `**Figures include cache hits.** ${FIXED_PROMPT_NOTE}`
        : rec.unique_prompts
            ? `Every prompt is unique to this run (salt ${rec.salt ?? 'random'}, seed ${rec.seed}; set \`workload.salt\` to replay it), so the engine's prompt cache gives ${expected ? `only the hits the workload asks for (expected ${pct(expected)})` : 'no hits'}.`
            : 'Dataset records are replayed as they are: a repeated record is a repeated prompt an engine may serve from its cache (`dataset.salt: true` makes each use unique).';
    const withServer = levels.some((l) => l.server?.prefix_cache_hit_rate !== undefined);
    const withDistinct = levels.some((l) => l.summary.requests.distinct_prompts !== undefined);
    const out = ['### Prompt cache', '', intro, ''];
    if (withServer || withDistinct) {
        const head = ['level', ...(withDistinct ? ['sent', 'distinct prompts', 'repeats'] : []), ...(withServer ? ['engine prefix hit', 'expected'] : [])];
        out.push(`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`);
        for (const l of levels) {
            const r = l.summary.requests;
            const d = r.distinct_prompts;
            const cells = [l.summary.name];
            if (withDistinct)
                cells.push(String(r.sent), d === undefined ? '—' : String(d), d === undefined ? '—' : String(Math.max(0, r.sent - d)));
            if (withServer)
                cells.push(l.server?.prefix_cache_hit_rate === undefined ? '—' : pct(l.server.prefix_cache_hit_rate), expected === null ? 'unknown' : pct(expected));
            out.push(`| ${cells.join(' | ')} |`);
        }
        out.push('');
    }
    const findings = cacheFindings(rec, levels);
    if (findings.length)
        out.push(...findings.map((f) => `> **Finding:** ${f}`), '');
    return out.join('\n');
}
function round3(x) {
    return Math.round(x * 1000) / 1000;
}


/***/ }),

/***/ 34845:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Vx: () => (/* binding */ datasetDigest),
  mA: () => (/* binding */ defaultMix),
  HV: () => (/* binding */ describeWorkload),
  rD: () => (/* binding */ fixedPromptConfig),
  bg: () => (/* binding */ parseWorkloadConfig),
  V: () => (/* binding */ prepareWorkload),
  ft: () => (/* binding */ uniquePrompts),
  pi: () => (/* binding */ withSalt),
  kv: () => (/* binding */ workloadFingerprint),
  US: () => (/* binding */ workloadFromConfig),
  K5: () => (/* binding */ workloadKind)
});

// UNUSED EXPORTS: DEFAULT_INPUT_TOKENS

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./node_modules/ajv/dist/ajv.js
var ajv = __webpack_require__(42463);
// EXTERNAL MODULE: ./lib/util/errors.js
var errors = __webpack_require__(99661);
// EXTERNAL MODULE: ./lib/load/workload.js
var workload = __webpack_require__(42399);
// EXTERNAL MODULE: ./lib/workload/random.js
var random = __webpack_require__(89846);
;// CONCATENATED MODULE: ./lib/workload/datasets.js
/**
 * Conversation datasets: what real traffic looks like, replayed.
 *
 * Formats:
 *  - `conversations`: a JSON array of `{prompt_content, cut_chat_history: [{role, content}]}`;
 *    prompt_content becomes the system message, system turns inside the history are skipped,
 *    other fields are ignored.
 *  - `sharegpt`: a JSON array of `{conversations: [{from: human|gpt|system, value}]}`; the messages
 *    up to and including the last human turn.
 *  - `jsonl`: one JSON object per line, `{messages: [{role, content}]}` or `{prompt: "…"}`, with an
 *    optional `max_tokens`. A JSON array of such objects is accepted too.
 * A malformed file is one DatasetError naming the file and, per problem, the record (index or
 * line) and the field, with what is expected; up to MAX_PROBLEMS are reported together.
 */




const DATASET_FORMATS = (/* unused pure expression or super */ null && (['conversations', 'sharegpt', 'jsonl']));
const MAX_PROBLEMS = 10;
class DatasetError extends errors/* UserError */.yo {
    source;
    problems;
    total;
    constructor(source, problems, total = problems.length) {
        const more = total > problems.length ? `\n  … and ${total - problems.length} more` : '';
        super(`${source}: ${total} problem${total > 1 ? 's' : ''} in the dataset:\n  - ${problems.join('\n  - ')}${more}`);
        this.source = source;
        this.problems = problems;
        this.total = total;
        this.name = 'DatasetError';
    }
}
/** Reads and parses a dataset file; `path` is resolved against `baseDir` (default cwd). */
function loadDataset(path, opts = {}) {
    const full = (0,external_node_path_.isAbsolute)(path) || !opts.baseDir ? (0,external_node_path_.resolve)(path) : (0,external_node_path_.resolve)(opts.baseDir, path);
    let text;
    try {
        text = (0,external_node_fs_.readFileSync)(full, 'utf8');
    }
    catch (e) {
        const code = e.code ?? 'error';
        throw new DatasetError(path, [
            `cannot read the file (${code}${code === 'ENOENT' ? `: no such file at ${full}` : ''}); check workload.dataset.path (relative paths are from the config file's directory)`,
        ]);
    }
    const format = opts.format && opts.format !== 'auto' ? opts.format : /\.jsonl$/i.test(path) ? 'jsonl' : 'auto';
    return parseDataset(text, { ...opts, source: opts.source ?? path, format });
}
/** Parses dataset text; throws DatasetError listing every problem (up to MAX_PROBLEMS). */
function parseDataset(text, opts = {}) {
    const source = opts.source ?? 'dataset';
    const t = text.replace(/^\uFEFF/, '');
    if (t.trim() === '')
        throw new DatasetError(source, ['the file is empty: expected a JSON array of conversations or JSON lines']);
    let format = opts.format ?? 'auto';
    let array;
    if (format !== 'jsonl' || t.trimStart().startsWith('[')) {
        const parsed = tryJson(t);
        if (parsed.ok) {
            if (!Array.isArray(parsed.value)) {
                if (format === 'auto' && isObject(parsed.value))
                    format = 'jsonl'; // a one-line JSONL file
                else
                    throw new DatasetError(source, [`the top level is ${kind(parsed.value)}: expected a JSON array of records ([{...}, {...}])`]);
            }
            else
                array = parsed.value;
        }
        else if (format === 'auto' && looksLikeJsonl(t))
            format = 'jsonl';
        else
            throw new DatasetError(source, [`not valid JSON: ${parsed.error}${format === 'auto' ? ' (for JSON lines, one object per line, use a .jsonl file or format: jsonl)' : ''}`]);
    }
    const c = new Collector(source);
    const items = [];
    let skipped = 0;
    const take = (item) => {
        if (item)
            items.push(item);
        else
            skipped++;
    };
    if (array) {
        if (format === 'auto')
            format = detect(array);
        array.forEach((rec, i) => take(record(format, rec, `record ${i}`, c)));
    }
    else {
        format = 'jsonl';
        const lines = t.split(/\r?\n/);
        lines.forEach((line, i) => {
            if (line.trim() === '')
                return;
            const where = `line ${i + 1}`;
            const parsed = tryJson(line);
            if (!parsed.ok) {
                c.add(`${where}: not valid JSON (${parsed.error}); each line must be one JSON object like {"messages": [...]} or {"prompt": "..."}`);
                skipped++;
                return;
            }
            take(record('jsonl', parsed.value, where, c));
        });
    }
    if (c.total > 0 && !opts.skipInvalid)
        throw c.error();
    if (items.length === 0)
        throw c.total > 0 ? c.error() : new DatasetError(source, ['no records: the dataset must hold at least one conversation']);
    return { source, format: format, items, skipped };
}
class Collector {
    source;
    problems = [];
    total = 0;
    constructor(source) {
        this.source = source;
    }
    add(p) {
        this.total++;
        if (this.problems.length < MAX_PROBLEMS)
            this.problems.push(p);
    }
    error() {
        return new DatasetError(this.source, this.problems, this.total);
    }
}
function detect(array) {
    const first = array.find(isObject);
    if (first && 'conversations' in first)
        return 'sharegpt';
    if (first && ('cut_chat_history' in first || 'prompt_content' in first))
        return 'conversations';
    return first && ('messages' in first || 'prompt' in first) ? 'jsonl' : 'conversations';
}
/** One record → an item, or undefined after reporting its problems. */
function record(format, rec, where, c) {
    const before = c.total;
    const item = format === 'conversations' ? conversationRecord(rec, where, c) : format === 'sharegpt' ? sharegptRecord(rec, where, c) : jsonlRecord(rec, where, c);
    return c.total === before ? item : undefined;
}
function conversationRecord(rec, where, c) {
    const before = c.total;
    const shape = '{"prompt_content": "...", "cut_chat_history": [{"role": "user", "content": "..."}]}';
    if (!isObject(rec))
        return void c.add(`${where}: is ${kind(rec)}; each record must be an object ${shape}`);
    const messages = [];
    const system = rec.prompt_content;
    if (system === undefined)
        c.add(`${where}: prompt_content is missing; it is the system prompt (a string, may be "")`);
    else if (typeof system !== 'string')
        c.add(`${where}: prompt_content must be a string, got ${kind(system)}`);
    else if (system !== '')
        messages.push({ role: 'system', content: system });
    const history = rec.cut_chat_history;
    if (!Array.isArray(history))
        return void c.add(`${where}: cut_chat_history ${history === undefined ? 'is missing' : `must be an array, got ${kind(history)}`}; expected ${shape}`);
    history.forEach((turn, j) => {
        const w = `${where}: cut_chat_history[${j}]`;
        if (!isObject(turn))
            return c.add(`${w} must be an object {"role": "user" | "assistant" | "system", "content": "..."}, got ${kind(turn)}`);
        const { role, content } = turn;
        if (role !== 'user' && role !== 'assistant' && role !== 'system')
            return c.add(`${w}.role must be "user", "assistant" or "system", got ${JSON.stringify(role) ?? 'nothing'}`);
        if (typeof content !== 'string')
            return c.add(`${w}.content must be a string, got ${kind(content)}`);
        if (role !== 'system')
            messages.push({ role, content });
    });
    return finish(messages, where, 'cut_chat_history', c, before);
}
const SHAREGPT_ROLES = {
    human: 'user',
    user: 'user',
    gpt: 'assistant',
    assistant: 'assistant',
    chatgpt: 'assistant',
    bard: 'assistant',
    bing: 'assistant',
    model: 'assistant',
    system: 'system',
};
function sharegptRecord(rec, where, c) {
    const before = c.total;
    const shape = '{"conversations": [{"from": "human", "value": "..."}, {"from": "gpt", "value": "..."}]}';
    if (!isObject(rec))
        return void c.add(`${where}: is ${kind(rec)}; each record must be an object ${shape}`);
    const conv = rec.conversations;
    if (!Array.isArray(conv))
        return void c.add(`${where}: conversations ${conv === undefined ? 'is missing' : `must be an array, got ${kind(conv)}`}; expected ${shape}`);
    const messages = [];
    conv.forEach((turn, j) => {
        const w = `${where}: conversations[${j}]`;
        if (!isObject(turn))
            return c.add(`${w} must be an object {"from": "human" | "gpt" | "system", "value": "..."}, got ${kind(turn)}`);
        const role = typeof turn.from === 'string' ? SHAREGPT_ROLES[turn.from.toLowerCase()] : undefined;
        if (!role)
            return c.add(`${w}.from must be "human", "gpt" or "system", got ${JSON.stringify(turn.from) ?? 'nothing'}`);
        if (typeof turn.value !== 'string')
            return c.add(`${w}.value must be a string, got ${kind(turn.value)}`);
        messages.push({ role, content: turn.value });
    });
    return finish(messages, where, 'conversations', c, before);
}
function jsonlRecord(rec, where, c) {
    const before = c.total;
    if (!isObject(rec))
        return void c.add(`${where}: is ${kind(rec)}; expected an object {"messages": [{"role": "user", "content": "..."}]} or {"prompt": "..."}`);
    let maxTokens;
    if (rec.max_tokens !== undefined) {
        if (Number.isInteger(rec.max_tokens) && rec.max_tokens >= 1)
            maxTokens = rec.max_tokens;
        else
            c.add(`${where}: max_tokens must be a whole number ≥ 1, got ${JSON.stringify(rec.max_tokens)}`);
    }
    if (rec.messages !== undefined) {
        if (!Array.isArray(rec.messages))
            return void c.add(`${where}: messages must be an array of {"role": ..., "content": "..."}, got ${kind(rec.messages)}`);
        const messages = [];
        rec.messages.forEach((m, j) => {
            const w = `${where}: messages[${j}]`;
            if (!isObject(m))
                return c.add(`${w} must be an object {"role": "user", "content": "..."}, got ${kind(m)}`);
            if (typeof m.role !== 'string' || m.role === '')
                return c.add(`${w}.role must be a non-empty string (system, user, assistant), got ${JSON.stringify(m.role) ?? 'nothing'}`);
            if (typeof m.content !== 'string')
                return c.add(`${w}.content must be a string, got ${kind(m.content)}`);
            messages.push({ role: m.role, content: m.content });
        });
        const item = finish(messages, where, 'messages', c, before);
        return item && { ...item, maxTokens };
    }
    if (rec.prompt !== undefined) {
        if (typeof rec.prompt !== 'string' || rec.prompt === '')
            return void c.add(`${where}: prompt must be a non-empty string, got ${kind(rec.prompt)}`);
        return { messages: [{ role: 'user', content: rec.prompt }], maxTokens };
    }
    return void c.add(`${where}: needs "messages" (an array of {"role", "content"}) or "prompt" (a string)`);
}
/** Cuts the messages after the last user turn; a conversation without one is a problem. */
function finish(messages, where, field, c, before) {
    if (c.total > before)
        return undefined; // the record already has problems; "no user turn" would only repeat them
    let last = messages.length - 1;
    while (last >= 0 && messages[last].role !== 'user')
        last--;
    if (last < 0)
        return void c.add(`${where}: ${field} is an empty conversation (no user turn); every record needs at least one user message to send`);
    return { messages: messages.slice(0, last + 1) };
}
function tryJson(text) {
    try {
        return { ok: true, value: JSON.parse(text) };
    }
    catch (e) {
        return { ok: false, error: jsonErrorWhere(text, e.message) };
    }
}
/** "<what> at line L, column C": V8's message names the problem but not always where it is. */
function jsonErrorWhere(text, message) {
    const what = message.split(/,? ("|\.\.\.)|\s+in JSON| at position| \(line/)[0].trim() || 'syntax error';
    const pos = jsonErrorOffset(text);
    const before = text.slice(0, pos);
    const line = before.split('\n').length;
    const col = pos - before.lastIndexOf('\n');
    return `${what} at line ${line}, column ${col}`;
}
/** Offset of the first JSON syntax error (a small validating scanner, run only after JSON.parse failed). */
function jsonErrorOffset(t) {
    let i = 0;
    const ws = () => {
        while (i < t.length && ' \t\n\r'.includes(t[i]))
            i++;
    };
    const fail = () => {
        throw i;
    };
    const lit = (w) => {
        if (t.startsWith(w, i))
            i += w.length;
        else
            fail();
    };
    const str = () => {
        i++;
        while (i < t.length && t[i] !== '"') {
            if (t[i] === '\\')
                i++;
            else if (t.charCodeAt(i) < 0x20)
                fail();
            i++;
        }
        if (i >= t.length)
            fail();
        i++;
    };
    const num = () => {
        const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(t.slice(i, i + 400));
        if (!m)
            fail();
        i += m[0].length;
    };
    const value = () => {
        ws();
        const c = t[i];
        if (c === '{') {
            i++;
            ws();
            if (t[i] === '}')
                return void i++;
            for (;;) {
                ws();
                if (t[i] !== '"')
                    fail();
                str();
                ws();
                if (t[i] !== ':')
                    fail();
                i++;
                value();
                ws();
                if (t[i] === ',')
                    i++;
                else if (t[i] === '}')
                    return void i++;
                else
                    fail();
            }
        }
        else if (c === '[') {
            i++;
            ws();
            if (t[i] === ']')
                return void i++;
            for (;;) {
                value();
                ws();
                if (t[i] === ',')
                    i++;
                else if (t[i] === ']')
                    return void i++;
                else
                    fail();
            }
        }
        else if (c === '"')
            str();
        else if (c === 't')
            lit('true');
        else if (c === 'f')
            lit('false');
        else if (c === 'n')
            lit('null');
        else
            num();
    };
    try {
        value();
        ws();
        return i;
    }
    catch (at) {
        return typeof at === 'number' ? at : 0;
    }
}
/** Several lines, the first of which is a JSON object on its own. */
function looksLikeJsonl(t) {
    const lines = t.split(/\r?\n/).filter((l) => l.trim() !== '');
    if (lines.length < 2)
        return false;
    const first = tryJson(lines[0]);
    return first.ok && isObject(first.value);
}
function isObject(x) {
    return typeof x === 'object' && x !== null && !Array.isArray(x);
}
function kind(x) {
    if (x === null)
        return 'null';
    if (Array.isArray(x))
        return 'an array';
    if (typeof x === 'object')
        return 'an object';
    if (typeof x === 'string')
        return `a string (${JSON.stringify(x.length > 30 ? `${x.slice(0, 30)}…` : x)})`;
    return `${typeof x === 'number' ? 'a number' : typeof x === 'boolean' ? 'a boolean' : typeof x} (${String(x)})`;
}
/**
 * Replays a dataset's records, sampled with a seed (`random`) or in order, wrapping (`cycle`).
 * Records are replayed as they are (a repeated record is a repeated prompt) unless `salt` is given.
 */
class DatasetWorkload {
    o;
    counts = [];
    constructor(o) {
        this.o = o;
    }
    /** Index of the record request `seq` sends. */
    indexOf(seq) {
        const n = this.o.dataset.items.length;
        return this.o.order === 'cycle' ? seq % n : Math.floor((0,random/* requestRandom */.HX)(this.o.seed, seq, 2)() * n);
    }
    next(seq) {
        const i = this.indexOf(seq);
        const item = this.o.dataset.items[i];
        const maxTokens = item.maxTokens ?? this.o.maxTokens;
        const exact = this.o.exactOutput && maxTokens !== undefined ? { ignore_eos: true, min_tokens: maxTokens } : undefined;
        const extra = exact || this.o.extra ? { ...exact, ...this.o.extra } : undefined;
        const counted = this.inputTokens(i, item);
        let messages = item.messages;
        let requestedInputTokens = counted;
        if (this.o.salt) {
            const [first, ...rest] = item.messages;
            messages = [{ ...first, content: `${this.o.salt.prefix(seq)}\n${first.content}` }, ...rest];
            // The newline may join the content's leading whitespace: an estimate within a token.
            if (counted !== undefined)
                requestedInputTokens = counted + this.o.salt.tokens + 1;
        }
        return {
            model: this.o.model,
            messages,
            prompt: messages.length === 1 ? messages[0].content : undefined,
            maxTokens,
            extra,
            requestedInputTokens,
        };
    }
    inputTokens(i, item) {
        if (!this.o.countTokens)
            return undefined;
        let c = this.counts[i];
        if (c === undefined)
            c = this.counts[i] = item.messages.reduce((a, m) => a + this.o.countTokens(m.content), 0);
        return c;
    }
}

// EXTERNAL MODULE: ./lib/workload/distributions.js
var distributions = __webpack_require__(98506);
;// CONCATENATED MODULE: ./lib/workload/models.js

class ModelMixWorkload {
    inner;
    seed;
    picker;
    constructor(inner, weights, seed) {
        this.inner = inner;
        this.seed = seed;
        const bad = Object.entries(weights).filter(([, w]) => !(typeof w === 'number' && w >= 0 && Number.isFinite(w)));
        if (bad.length)
            throw new Error(`models: weights must be numbers ≥ 0 (${bad.map(([k, w]) => `${k}: ${JSON.stringify(w)}`).join(', ')})`);
        this.picker = new random/* WeightedPicker */.oC(Object.entries(weights));
    }
    /** The model request `seq` is sent to. */
    modelFor(seq) {
        return this.picker.pick((0,random/* requestRandom */.HX)(this.seed, seq, 5)());
    }
    next(seq, user) {
        return { ...this.inner.next(seq, user), model: this.modelFor(seq) };
    }
    observe(record, user) {
        this.inner.observe?.(record, user);
    }
}

// EXTERNAL MODULE: ./lib/workload/prompt.js
var workload_prompt = __webpack_require__(13839);
// EXTERNAL MODULE: ./lib/workload/synthetic.js
var synthetic = __webpack_require__(87198);
;// CONCATENATED MODULE: ./lib/workload/sessions.js




class SessionWorkload {
    o;
    closed = new Map();
    idle = [];
    inFlight = new Map();
    system;
    systemTokens;
    userLen;
    outLen;
    exact;
    nextSessionId = 0;
    conversations = 0;
    constructor(o) {
        this.o = o;
        if (!Number.isInteger(o.turns) || o.turns < 1)
            throw new Error(`sessions.turns must be a whole number ≥ 1, got ${o.turns}`);
        this.userLen = (0,distributions/* lengthSampler */.XI)(o.userTokens, 'sessions.user_tokens');
        this.outLen = (0,distributions/* lengthSampler */.XI)(o.outputTokens, 'sessions.output_tokens');
        const text = o.systemPrompt ?? (o.systemPromptTokens ? o.builder.uniqueText(o.systemPromptTokens, (0,workload_prompt/* uniqueTag */.e)(o.salt ?? 0, 0, synthetic/* TAG_PURPOSE */.oG.sharedPrefix)) : undefined);
        this.system = text ? { role: 'system', content: text } : undefined;
        this.systemTokens = text ? (o.systemPromptTokens ?? o.builder.count(text)) : 0;
        this.exact = o.exactOutput ?? true;
    }
    /** Conversations started so far (all sessions). */
    get conversationsStarted() {
        return this.conversations;
    }
    next(seq, user) {
        const s = this.sessionFor(user);
        if (s.conversation === 0 || s.turn >= s.turns)
            this.startConversation(s);
        const rand = (0,random/* requestRandom */.HX)(this.o.seed, seq, 3);
        let content;
        let userTokens;
        if (s.script) {
            content = s.script[s.turn];
            userTokens = this.o.builder.count(content);
        }
        else {
            userTokens = this.userLen(rand);
            // Tagged by (salt, seq): user content never shares a prefix with another turn, here or in another run.
            content = this.o.builder.uniqueText(userTokens, (0,workload_prompt/* uniqueTag */.e)(this.o.salt ?? 0, seq, synthetic/* TAG_PURPOSE */.oG.session), 1 + Math.floor(rand() * 0x7fffffff));
        }
        const maxTokens = this.outLen(rand);
        s.messages.push({ role: 'user', content });
        s.tokens += userTokens;
        s.pendingTokens = userTokens;
        this.inFlight.set(seq, s);
        const extra = this.exact ? { ...(0,synthetic/* exactOutputFields */.wF)(maxTokens), ...this.o.extra } : this.o.extra;
        return { model: this.o.model, messages: s.messages.slice(), maxTokens, extra, requestedInputTokens: s.tokens, captureText: true };
    }
    observe(record) {
        const s = this.inFlight.get(record.id);
        if (!s)
            return;
        this.inFlight.delete(record.id);
        if (record.outcome === 'ok') {
            const reply = record.text ?? this.o.builder.text(Math.max(1, record.outputTokens ?? 1));
            s.messages.push({ role: 'assistant', content: reply });
            s.tokens += record.outputTokens ?? this.o.builder.count(reply);
            s.turn++;
        }
        else {
            // No answer: forget the question; the turn is asked again (with new content) next time.
            s.messages.pop();
            s.tokens -= s.pendingTokens ?? 0;
        }
        s.pendingTokens = undefined;
        if (!this.closed.has(s.id))
            this.idle.push(s);
    }
    /** The conversation state of a closed-loop user (for tests and debugging). */
    sessionOf(user) {
        return this.closed.get(user);
    }
    sessionFor(user) {
        if (user !== undefined) {
            let s = this.closed.get(user);
            if (!s)
                this.closed.set(user, (s = this.newSession(user)));
            return s;
        }
        return this.idle.pop() ?? this.newSession(-1 - this.nextSessionId);
    }
    newSession(id) {
        this.nextSessionId++;
        return { id, conversation: 0, turn: 0, turns: this.o.turns, messages: [], tokens: 0 };
    }
    startConversation(s) {
        const n = this.conversations++;
        s.conversation++;
        s.turn = 0;
        s.messages = [];
        s.tokens = 0;
        s.script = undefined;
        s.turns = this.o.turns;
        const ds = this.o.dataset;
        if (ds) {
            // Conversations are taken in a seeded order, one per started conversation.
            const item = ds.items[Math.floor((0,random/* requestRandom */.HX)(this.o.seed, n, 4)() * ds.items.length)];
            const sys = item.messages.find((m) => m.role === 'system');
            const script = item.messages.filter((m) => m.role === 'user').map((m) => m.content);
            s.script = script;
            s.turns = Math.min(this.o.turns, script.length);
            const system = sys ?? this.system;
            if (system) {
                s.messages.push(system);
                s.tokens += sys ? this.o.builder.count(sys.content) : this.systemTokens;
            }
            return;
        }
        if (this.system) {
            s.messages.push(this.system);
            s.tokens += this.systemTokens;
        }
    }
}

// EXTERNAL MODULE: ./lib/workload/schema.js
var schema = __webpack_require__(37238);
// EXTERNAL MODULE: ./lib/workload/tokenizer.js
var tokenizer = __webpack_require__(50748);
;// CONCATENATED MODULE: ./lib/workload/config.js
/**
 * The `workload:` section of loadgate.yml: its JSON Schema, the typed WorkloadConfig with
 * defaults, and the factory that turns it into a Workload.
 *
 * Kinds, by what is given: `sessions` (multi-turn, synthetic or from `dataset`), else `dataset`,
 * else `mix` (synthetic lengths), else the fixed `prompt`, else (nothing given) `synthetic`: the
 * default, unique prompts of DEFAULT_INPUT_TOKENS and max_tokens. `models` wraps any of them.
 *
 * Every kind but a fixed prompt and a plain dataset sends prompts unique to the run: the per-run
 * `salt` (drawn with drawSalt() when the config gives none, see withSalt) keys a tag at the start of
 * each prompt. The salt is not part of the workload fingerprint: runs with different salts compare.
 */















/**
 * Input lengths of the default synthetic workload (its output is max_tokens, default 128). At most
 * 768 so prompt + 128 output fit a 1,024-token context (llama-server's default: -c 4096 over 4 slots).
 */
const DEFAULT_INPUT_TOKENS = { type: 'normal', mean: 512, sd: 128, min: 64, max: 768 };
const DEFAULT_USER_TOKENS = { type: 'normal', mean: 128, sd: 64, min: 8, max: 512 };
const DEFAULT_SYSTEM_PROMPT_TOKENS = 256;
const DEFAULT_TURNS = 5;
/** The schema's validator, compiled on first use (a fixed --prompt needs none: fixedPromptConfig). */
let compiled;
const validator = () => (compiled ??= new ajv.Ajv({ allErrors: true, strict: false, verbose: true }).compile(schema/* WORKLOAD_SCHEMA */.M));
/** Validates the raw `workload:` mapping (undefined = all defaults) and applies defaults; throws ConfigError with every problem. */
function parseWorkloadConfig(raw, source = 'config') {
    const r = (raw ?? {}); // eslint-disable-line @typescript-eslint/no-explicit-any
    const validate = validator();
    if (!validate(r))
        throw new errors/* ConfigError */.xL(source, [...new Set((validate.errors ?? []).filter(useful).map(describe))]);
    const problems = [];
    const maxTokens = r.max_tokens ?? 128;
    let mix;
    if (r.mix) {
        mix = {};
        for (const [name, v] of Object.entries(r.mix)) {
            const preset = synthetic/* MIX_PRESETS */.Y4[name];
            const c = typeof v === 'number' ? { weight: v } : v;
            const input = c.input ?? preset?.input;
            const output = c.output ?? preset?.output;
            if (!input || !output) {
                problems.push(`workload.mix.${name}: not a built-in class (${Object.keys(synthetic/* MIX_PRESETS */.Y4).join(', ')}), so give {weight, input, output} with token-length distributions`);
                continue;
            }
            problems.push(...(0,distributions/* checkDist */.H2)(input, `workload.mix.${name}.input`), ...(0,distributions/* checkDist */.H2)(output, `workload.mix.${name}.output`));
            mix[name] = { weight: c.weight, input, output };
        }
        if (Object.values(r.mix).every((v) => (typeof v === 'number' ? v : v.weight) === 0))
            problems.push('workload.mix: at least one class needs a weight > 0');
    }
    let sessions;
    if (r.sessions) {
        const s = r.sessions;
        if (s.system_prompt !== undefined && s.system_prompt_tokens !== undefined)
            problems.push('workload.sessions: system_prompt and system_prompt_tokens exclude each other: give the text or a length');
        sessions = {
            turns: s.turns ?? DEFAULT_TURNS,
            systemPrompt: s.system_prompt,
            systemPromptTokens: s.system_prompt === undefined ? (s.system_prompt_tokens ?? DEFAULT_SYSTEM_PROMPT_TOKENS) : undefined,
            userTokens: s.user_tokens ?? DEFAULT_USER_TOKENS,
            outputTokens: s.output_tokens ?? maxTokens,
        };
        problems.push(...(0,distributions/* checkDist */.H2)(sessions.userTokens, 'workload.sessions.user_tokens'), ...(0,distributions/* checkDist */.H2)(sessions.outputTokens, 'workload.sessions.output_tokens'));
    }
    if (r.models && Object.values(r.models).every((w) => w === 0))
        problems.push('workload.models: at least one model needs a weight > 0');
    if (r.mix && r.dataset)
        problems.push('workload.mix and workload.dataset exclude each other: a mix builds synthetic prompts, a dataset replays recorded ones');
    if (r.mix && r.sessions)
        problems.push('workload.mix and workload.sessions exclude each other: sessions take their lengths from sessions.user_tokens and sessions.output_tokens');
    if (r.prompt !== undefined && (r.mix || r.dataset || r.sessions))
        problems.push('workload.prompt is only used without dataset, mix or sessions: remove it (or them)');
    if (r.shared_prefix && (r.prompt !== undefined || r.dataset || r.sessions))
        problems.push('workload.shared_prefix applies to synthetic prompts (the default or a mix): a fixed prompt is all shared, a dataset has its own prompts, sessions use sessions.system_prompt_tokens');
    if (problems.length)
        throw new errors/* ConfigError */.xL(source, problems);
    const d = r.dataset;
    return {
        ...(r.prompt !== undefined ? { prompt: r.prompt } : {}),
        maxTokens,
        ...(r.salt !== undefined ? { salt: r.salt } : {}),
        ...(r.shared_prefix ? { sharedPrefix: { tokens: r.shared_prefix.tokens, share: r.shared_prefix.share } } : {}),
        ignoreEos: r.ignore_eos ?? Boolean(r.mix || r.sessions),
        extraBody: r.extra_body ?? {},
        tokenizer: r.tokenizer ?? 'o200k',
        ...(d ? { dataset: { path: d.path, format: d.format ?? 'auto', order: d.order ?? 'random', skipInvalid: d.skip_invalid ?? false, salt: d.salt ?? false } } : {}),
        ...(mix ? { mix } : {}),
        ...(sessions ? { sessions } : {}),
        ...(r.models ? { models: { ...r.models } } : {}),
    };
}
/**
 * One fixed prompt (`load --prompt`): exactly what parseWorkloadConfig gives for `{ prompt,
 * max_tokens }`, without compiling the schema for it. The caller has checked both (a non-empty
 * prompt; max_tokens a positive integer or undefined for the default).
 */
function fixedPromptConfig(prompt, maxTokens) {
    return { prompt, maxTokens: maxTokens ?? 128, ignoreEos: false, extraBody: {}, tokenizer: 'o200k' };
}
function workloadKind(cfg) {
    return cfg.sessions ? 'sessions' : cfg.dataset ? 'dataset' : cfg.mix ? 'mix' : cfg.prompt !== undefined ? 'fixed' : 'synthetic';
}
/** The class the default synthetic workload draws every request from. */
function defaultMix(maxTokens) {
    return { synthetic: { weight: 1, input: DEFAULT_INPUT_TOKENS, output: maxTokens } };
}
/** A fresh per-run salt (crypto random, 0 … 2^32 − 1). */
function drawSalt() {
    return (0,external_node_crypto_.randomInt)(0, 2 ** 32);
}
/** The config with its salt fixed: the user's, or a freshly drawn one. Call once per run and record it. */
function withSalt(cfg) {
    return { ...cfg, salt: cfg.salt ?? drawSalt() };
}
/**
 * True when every request's prompt is unique in the run (up to shared_prefix and session history,
 * which are shared on purpose): false for a fixed prompt and for a dataset replayed without salt.
 */
function uniquePrompts(cfg) {
    const k = workloadKind(cfg);
    // Sessions from a dataset replay its user turns as recorded (a conversation may be drawn twice).
    return k === 'fixed' ? false : k === 'dataset' ? cfg.dataset.salt : k === 'sessions' ? !cfg.dataset : true;
}
/** True when building the workload needs the tokenizer (mix, sessions, and datasets for input counts). */
function needsTokenizer(cfg) {
    return workloadKind(cfg) !== 'fixed';
}
/** Loads what workloadFromConfig needs asynchronously (the tokenizer); call once before it. */
async function prepareWorkload(cfg) {
    if (needsTokenizer(cfg))
        await (0,tokenizer/* loadTokenizer */.Ym)(cfg.tokenizer);
}
/**
 * Builds the workload. Synchronous: `await prepareWorkload(cfg)` first (it loads the tokenizer).
 * Each call returns fresh state (sessions), so each sender gets its own. Throws DatasetError for a
 * malformed dataset.
 */
function workloadFromConfig(cfg, opts) {
    const base = baseWorkload(cfg, opts);
    return cfg.models ? new ModelMixWorkload(base, cfg.models, opts.seed) : base;
}
function baseWorkload(cfg, opts) {
    const kind = workloadKind(cfg);
    const exactOutput = cfg.ignoreEos;
    const extra = Object.keys(cfg.extraBody).length ? cfg.extraBody : undefined;
    if (kind === 'fixed') {
        // The same body as before workload kinds existed (ignore_eos only), so baselines stay comparable.
        return new workload/* FixedWorkload */.k({ model: opts.model, prompt: cfg.prompt, maxTokens: cfg.maxTokens, extra: { ...cfg.extraBody, ...(cfg.ignoreEos ? { ignore_eos: true } : {}) } });
    }
    // No salt in the config (a caller that did not call withSalt): fresh prompts all the same.
    const runSalt = cfg.salt ?? drawSalt();
    const salt = opts.variant ? (0,random/* hash3 */.CP)(runSalt, stringHash(opts.variant), 0x5a17) : runSalt;
    const tok = tokenizerFor(cfg);
    const dataset = cfg.dataset ? datasetFor(cfg.dataset, opts.baseDir) : undefined;
    if (cfg.sessions) {
        const s = cfg.sessions;
        return new SessionWorkload({
            model: opts.model,
            seed: opts.seed,
            salt,
            builder: builderFor(tok),
            turns: s.turns,
            systemPrompt: s.systemPrompt,
            systemPromptTokens: s.systemPromptTokens,
            userTokens: s.userTokens,
            outputTokens: s.outputTokens,
            dataset,
            exactOutput,
            extra,
        });
    }
    if (dataset) {
        const b = builderFor(tok);
        // The tag as built, its leading space kept: each word is one token only with it (" word"), so the
        // prefix is exactly tagTokens; trimmed, the first word could split in two (a count off by one).
        const perUse = cfg.dataset.salt ? { prefix: (seq) => b.tag((0,workload_prompt/* uniqueTag */.e)(salt, seq, synthetic/* TAG_PURPOSE */.oG.dataset)), tokens: b.tagTokens } : undefined;
        return new DatasetWorkload({
            dataset,
            model: opts.model,
            order: cfg.dataset.order,
            seed: opts.seed,
            maxTokens: cfg.maxTokens,
            exactOutput,
            extra,
            countTokens: (t) => tok.encode(t).length,
            salt: perUse,
        });
    }
    const mix = cfg.mix ?? defaultMix(cfg.maxTokens);
    return new synthetic/* SyntheticWorkload */.ZS({ model: opts.model, mix, builder: builderFor(tok), seed: opts.seed, salt, sharedPrefix: cfg.sharedPrefix, exactOutput, extra });
}
/** A 32-bit FNV-1a hash of a string (variants into salts). */
function stringHash(s) {
    let h = 0x811c9dc5;
    for (let i = 0; i < s.length; i++)
        h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
    return h;
}
function tokenizerFor(cfg) {
    const t = (0,tokenizer/* loadedTokenizer */.rP)(cfg.tokenizer);
    if (!t)
        throw new Error(`the ${cfg.tokenizer} tokenizer is not loaded: await prepareWorkload(config) before workloadFromConfig`);
    return t;
}
/** One prompt builder per tokenizer: its per-length cache is shared by every workload. */
const builders = new Map();
function builderFor(tok) {
    let b = builders.get(tok.family);
    if (!b)
        builders.set(tok.family, (b = new workload_prompt/* PromptBuilder */.u(tok)));
    return b;
}
/** Parsed datasets by resolved path and options (A/B sides and repeated runs read the file once). */
const datasets = new Map();
function datasetFor(d, baseDir) {
    const full = (0,external_node_path_.isAbsolute)(d.path) || !baseDir ? (0,external_node_path_.resolve)(d.path) : (0,external_node_path_.resolve)(baseDir, d.path);
    const key = `${full}\0${d.format}\0${d.skipInvalid}`;
    let ds = datasets.get(key);
    if (!ds)
        datasets.set(key, (ds = loadDataset(d.path, { baseDir, format: d.format, skipInvalid: d.skipInvalid })));
    return ds;
}
const pct = (w, total) => `${Math.round((w / total) * 100)}%`;
function weights(m) {
    const entries = Object.entries(m).map(([k, v]) => [k, typeof v === 'number' ? v : v.weight]);
    const total = entries.reduce((a, [, w]) => a + w, 0) || 1;
    return entries.map(([k, w]) => `${k} ${pct(w, total)}`).join(' / ');
}
/** A one-line description, e.g. "mix chat 70% / code 20% / summarization 10% (o200k, exact output)". */
function describeWorkload(cfg) {
    let s;
    const prefix = cfg.sharedPrefix ? `, shared prefix ${cfg.sharedPrefix.tokens} tok on ${pct(cfg.sharedPrefix.share, 1)}` : '';
    switch (workloadKind(cfg)) {
        case 'synthetic':
            s = `synthetic unique prompts, input ${(0,distributions/* describeDist */.o3)(DEFAULT_INPUT_TOKENS)} tok, max_tokens ${cfg.maxTokens}${prefix} (${cfg.tokenizer}${cfg.ignoreEos ? ', exact output' : ''})`;
            break;
        case 'fixed':
            s = `fixed prompt (cache hits included), max_tokens ${cfg.maxTokens}${cfg.ignoreEos ? ' (ignore_eos)' : ''}`;
            break;
        case 'dataset':
            s = `dataset ${cfg.dataset.path} (${cfg.dataset.format === 'auto' ? '' : `${cfg.dataset.format}, `}${cfg.dataset.order}${cfg.dataset.salt ? ', salted' : ''}), max_tokens ${cfg.maxTokens}${cfg.ignoreEos ? ', exact output' : ''}`;
            break;
        case 'mix':
            s = `mix ${weights(cfg.mix)}${prefix} (${cfg.tokenizer}${cfg.ignoreEos ? ', exact output' : ''})`;
            break;
        case 'sessions': {
            const x = cfg.sessions;
            const sys = x.systemPrompt !== undefined ? 'given system prompt' : `system ${x.systemPromptTokens} tok`;
            const users = cfg.dataset ? `user turns from ${cfg.dataset.path}` : `user ${(0,distributions/* describeDist */.o3)(x.userTokens)} tok`;
            s = `sessions of ${x.turns} turns, ${sys}, ${users}, output ${(0,distributions/* describeDist */.o3)(x.outputTokens)} tok (${cfg.tokenizer}${cfg.ignoreEos ? ', exact output' : ''})`;
            break;
        }
    }
    return cfg.models ? `${s}; models ${weights(cfg.models)}` : s;
}
/**
 * A stable string of everything that shapes the traffic (hash it). Keys are sorted, so the
 * order keys were written in does not matter. The dataset is identified by its path; add
 * datasetDigest() to cover its contents. The per-run salt is left out: it changes the prompts'
 * words, not their lengths or shape, so runs with different salts compare.
 */
function workloadFingerprint(cfg) {
    return canonical({ kind: workloadKind(cfg), ...cfg, salt: undefined, ...(workloadKind(cfg) === 'fixed' ? {} : { prompt: undefined }) });
}
/** sha256 of a dataset file's bytes (for fingerprints that should change when the data does). */
function datasetDigest(path, baseDir) {
    const full = (0,external_node_path_.isAbsolute)(path) || !baseDir ? (0,external_node_path_.resolve)(path) : (0,external_node_path_.resolve)(baseDir, path);
    return (0,external_node_crypto_.createHash)('sha256').update((0,external_node_fs_.readFileSync)(full)).digest('hex');
}
function canonical(x) {
    if (x === undefined)
        return 'null';
    if (x === null || typeof x !== 'object')
        return JSON.stringify(x);
    if (Array.isArray(x))
        return `[${x.map(canonical).join(',')}]`;
    const o = x;
    return `{${Object.keys(o)
        .filter((k) => o[k] !== undefined)
        .sort()
        .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
        .join(',')}}`;
}
/** ajv reports every failing if/then and type branch; keep the ones that say something. */
function useful(e) {
    return e.keyword !== 'if';
}
function describe(e) {
    const where = `workload${e.instancePath.replace(/\//g, '.')}`;
    const bad = (e.data === undefined || typeof e.data === 'object' ? '' : ` ${JSON.stringify(e.data)}`).slice(0, 80);
    switch (e.keyword) {
        case 'additionalProperties': {
            const key = e.params.additionalProperty;
            const known = Object.keys(e.parentSchema?.properties ?? {});
            return `unknown key ${where}.${key}${known.length ? ` (known: ${known.join(', ')})` : ''}`;
        }
        case 'enum':
            return `${where}${bad}: must be one of ${e.params.allowedValues.join(', ')}`;
        case 'required':
            return `${where}: ${e.params.missingProperty} is required`;
        case 'type':
            return `${where}${bad}: must be ${String(e.params.type).replace(',', ' or ')}${e.parentSchema?.description ? ` — ${e.parentSchema.description}` : ''}`;
        default:
            return `${where}${bad}: ${e.message ?? 'is not valid'}`;
    }
}


/***/ }),

/***/ 98506:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   H2: () => (/* binding */ checkDist),
/* harmony export */   XI: () => (/* binding */ lengthSampler),
/* harmony export */   kH: () => (/* binding */ distMean),
/* harmony export */   o3: () => (/* binding */ describeDist)
/* harmony export */ });
/* harmony import */ var _random_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(89846);
/**
 * Token-length distributions: fixed, uniform, normal clipped to [min, max], or a weighted
 * histogram. Every draw is a whole number ≥ 1.
 */

/** A sampler for `d`; throws a one-line error naming `where` when `d` is inconsistent. */
function lengthSampler(d, where = 'distribution') {
    const problems = checkDist(d, where);
    if (problems.length)
        throw new Error(problems.join('; '));
    if (typeof d === 'number')
        return () => d;
    switch (d.type) {
        case 'fixed':
            return () => d.value;
        case 'uniform':
            return (rand) => d.min + Math.floor(rand() * (d.max - d.min + 1));
        case 'normal': {
            const lo = Math.max(1, d.min ?? 1);
            const hi = d.max ?? Infinity;
            return (rand) => Math.min(hi, Math.max(lo, Math.round(d.mean + d.sd * (0,_random_js__WEBPACK_IMPORTED_MODULE_0__/* .gaussian */ ._D)(rand))));
        }
        case 'histogram': {
            const picker = new _random_js__WEBPACK_IMPORTED_MODULE_0__/* .WeightedPicker */ .oC(d.buckets.map((b) => [b, b.weight]));
            return (rand) => {
                const b = picker.pick(rand());
                if (b.value !== undefined)
                    return b.value;
                return b.min + Math.floor(rand() * (b.max - b.min + 1));
            };
        }
    }
}
/** Problems with a distribution (empty when valid), each naming `where`. */
function checkDist(d, where) {
    const len = (x) => Number.isInteger(x) && x >= 1;
    if (typeof d === 'number')
        return len(d) ? [] : [`${where}: a fixed length must be a whole number ≥ 1, got ${d}`];
    switch (d.type) {
        case 'fixed':
            return len(d.value) ? [] : [`${where}.value must be a whole number ≥ 1, got ${d.value}`];
        case 'uniform':
            return len(d.min) && len(d.max) && d.min <= d.max ? [] : [`${where}: uniform needs whole numbers 1 ≤ min ≤ max, got min ${d.min}, max ${d.max}`];
        case 'normal': {
            const p = [];
            if (!(d.mean > 0))
                p.push(`${where}.mean must be > 0, got ${d.mean}`);
            if (!(d.sd >= 0))
                p.push(`${where}.sd must be ≥ 0, got ${d.sd}`);
            if (d.min !== undefined && !len(d.min))
                p.push(`${where}.min must be a whole number ≥ 1, got ${d.min}`);
            if (d.max !== undefined && !len(d.max))
                p.push(`${where}.max must be a whole number ≥ 1, got ${d.max}`);
            if (d.min !== undefined && d.max !== undefined && d.min > d.max)
                p.push(`${where}: min ${d.min} is above max ${d.max}`);
            return p;
        }
        case 'histogram': {
            if (!Array.isArray(d.buckets) || d.buckets.length === 0)
                return [`${where}.buckets: give at least one {value, weight} or {min, max, weight}`];
            const p = [];
            d.buckets.forEach((b, i) => {
                const w = `${where}.buckets[${i}]`;
                if (!(b.weight >= 0))
                    p.push(`${w}.weight must be ≥ 0, got ${b.weight}`);
                if (b.value !== undefined) {
                    if (!len(b.value))
                        p.push(`${w}.value must be a whole number ≥ 1, got ${b.value}`);
                    if (b.min !== undefined || b.max !== undefined)
                        p.push(`${w}: give either value or min/max, not both`);
                }
                else if (!(len(b.min) && len(b.max) && b.min <= b.max))
                    p.push(`${w}: needs value, or whole numbers 1 ≤ min ≤ max`);
            });
            if (!d.buckets.some((b) => b.weight > 0))
                p.push(`${where}.buckets: at least one weight must be > 0`);
            return p;
        }
        default:
            return [`${where}.type must be fixed, uniform, normal or histogram`];
    }
}
/** The distribution's mean before rounding and clipping (for descriptions; exact for fixed/uniform/histogram). */
function distMean(d) {
    if (typeof d === 'number')
        return d;
    switch (d.type) {
        case 'fixed':
            return d.value;
        case 'uniform':
            return (d.min + d.max) / 2;
        case 'normal':
            return d.mean;
        case 'histogram': {
            const total = d.buckets.reduce((a, b) => a + b.weight, 0);
            return d.buckets.reduce((a, b) => a + b.weight * (b.value ?? (b.min + b.max) / 2), 0) / total;
        }
    }
}
/** Short text form: 512, uniform(64,256), normal(300±100 in [16,1024]), histogram(3 buckets). */
function describeDist(d) {
    if (typeof d === 'number')
        return String(d);
    switch (d.type) {
        case 'fixed':
            return String(d.value);
        case 'uniform':
            return `uniform(${d.min},${d.max})`;
        case 'normal':
            return `normal(${d.mean}±${d.sd}${d.min !== undefined || d.max !== undefined ? ` in [${d.min ?? 1},${d.max ?? '∞'}]` : ''})`;
        case 'histogram':
            return `histogram(${d.buckets.length} buckets, mean ${Math.round(distMean(d))})`;
    }
}


/***/ }),

/***/ 34057:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   HV: () => (/* reexport safe */ _config_js__WEBPACK_IMPORTED_MODULE_0__.HV),
/* harmony export */   US: () => (/* reexport safe */ _config_js__WEBPACK_IMPORTED_MODULE_0__.US),
/* harmony export */   V: () => (/* reexport safe */ _config_js__WEBPACK_IMPORTED_MODULE_0__.V),
/* harmony export */   Vx: () => (/* reexport safe */ _config_js__WEBPACK_IMPORTED_MODULE_0__.Vx),
/* harmony export */   bg: () => (/* reexport safe */ _config_js__WEBPACK_IMPORTED_MODULE_0__.bg),
/* harmony export */   kv: () => (/* reexport safe */ _config_js__WEBPACK_IMPORTED_MODULE_0__.kv),
/* harmony export */   oP: () => (/* reexport safe */ _cache_js__WEBPACK_IMPORTED_MODULE_1__.oP),
/* harmony export */   pi: () => (/* reexport safe */ _config_js__WEBPACK_IMPORTED_MODULE_0__.pi),
/* harmony export */   rD: () => (/* reexport safe */ _config_js__WEBPACK_IMPORTED_MODULE_0__.rD),
/* harmony export */   rN: () => (/* reexport safe */ _cache_js__WEBPACK_IMPORTED_MODULE_1__.rN)
/* harmony export */ });
/* harmony import */ var _config_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(34845);
/* harmony import */ var _cache_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(61703);
/** Workloads beyond the fixed prompt: datasets, synthetic length mixes, multi-turn sessions, model mixes. */




/***/ }),

/***/ 13839:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   e: () => (/* binding */ uniqueTag),
/* harmony export */   u: () => (/* binding */ PromptBuilder)
/* harmony export */ });
/* harmony import */ var _util_random_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(75073);
/* harmony import */ var _random_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(89846);
/**
 * Prompt text of an exact token count under a real tokenizer.
 *
 * The text is a deterministic stream of lowercase words, each unit " word" (sometimes followed by
 * "," or "."). Every unit is a whole number of pre-tokens under the o200k / cl100k / llama3
 * pre-tokenisers, and BPE never merges across pre-tokens, so a text's token count is the sum of
 * its units' counts: each distinct unit is encoded once, a prefix of the stream is found by binary
 * search over cumulative counts, and the remainder is filled with one-token words. The first text
 * of each length is checked by encoding it whole and corrected (trimmed or extended) if needed.
 *
 * Per length, the text is cached as units; `text(n, rotation)` rotates those units (same token
 * count). That alone is not enough against prefix caches (vLLM, SGLang, llama.cpp cache by default):
 * a length has only as many rotations as units, and the text is the same in every run. So
 * `uniqueText(n, tag, rotation)` starts the text with a tag: `tagTokens` one-token words spelling a
 * 48-bit number in base (number of one-token words), followed by the body of n − tagTokens tokens.
 * Callers make the number unique per request and run with `uniqueTag(salt, seq)` (a keyed
 * permutation of the sequence number), so no two prompts share even their first KV block (engines
 * cache in blocks of ~16 tokens from the start). Tag and body are whole pre-tokens, so the count
 * stays exact without encoding the prompt; the first few unique texts are encoded whole and checked.
 */


const WORDS = ('time year people way day man thing woman life child world school state family student group country problem hand part ' +
    'place case week company system program question work government number night point home water room mother area money ' +
    'story fact month lot right study book eye job word business issue side kind head house service friend father power hour ' +
    'game line end member law car city community name president team minute idea kid body information back parent face others ' +
    'level office door health person art war history party result change morning reason research girl guy moment air teacher ' +
    'force education foot boy age policy process music market sense nation plan college interest death experience effect use ' +
    'class control care field development role effort rate heart drug show leader light voice wife police mind price report ' +
    'decision son view relationship town road arm difference value building action model season society tax director position ' +
    'player record paper space ground form event official matter center couple site project activity star table need court ' +
    'say make go know take see come think look want give find tell ask seem feel try leave call keep let begin help talk turn ' +
    'start run move like live believe hold bring happen write provide sit stand lose pay meet include continue set learn lead ' +
    'understand watch follow stop create speak read allow add spend grow open walk win offer remember love consider appear buy ' +
    'wait serve die send expect build stay fall cut reach kill remain suggest raise pass sell require decide return explain hope ' +
    'good new first last long great little own other old big high different small large next early young important few public ' +
    'bad same able the of and to in for on with at by from up about into over after beneath under again further then once here ' +
    'there when where why how all any both each more most some such only very just also well still even').split(' ');
/** A deterministic word source, independent of the run's seed (the same text across runs). */
const SOURCE_SEED = 0x5eed;
/** Bits of the number a tag spells (a 48-bit permutation of the request sequence number). */
const TAG_BITS = 48;
/** Unique texts encoded whole and checked, per builder (a sampled check; the rest rely on the unit sums). */
const CHECKED_UNIQUE = 4;
/**
 * A number unique per (salt, seq) for seq < 2^48: a 4-round Feistel permutation of seq over 48 bits
 * keyed by the salt (and `purpose`, to keep e.g. a shared prefix's tag apart from requests'). A
 * permutation, so distinct sequence numbers of one run never share a tag; different salts give
 * unrelated tags, so runs do not repeat each other's prompts.
 */
function uniqueTag(salt, seq, purpose = 0) {
    if (!Number.isSafeInteger(seq) || seq < 0)
        throw new Error(`uniqueTag: seq must be a whole number ≥ 0, got ${seq}`);
    let l = Math.floor(seq / 0x1000000) % 0x1000000;
    let r = seq % 0x1000000;
    for (let round = 0; round < 4; round++) {
        const f = (0,_random_js__WEBPACK_IMPORTED_MODULE_0__/* .hash3 */ .CP)(salt >>> 0, r, purpose * 8 + round) & 0xffffff;
        [l, r] = [r, l ^ f];
    }
    return l * 0x1000000 + r;
}
class PromptBuilder {
    tokenizer;
    unitCount = new Map();
    /** The word stream: units, and cumulative token counts (cum[k] = tokens of units[0..k)). */
    stream = [];
    cum = [0];
    rand = (0,_util_random_js__WEBPACK_IMPORTED_MODULE_1__/* .seededRandom */ .I)(SOURCE_SEED);
    cache = new Map();
    fillers;
    /** Tokens (one-token words) of a tag: enough base-(fillers) digits for TAG_BITS bits. */
    tagTokens;
    checked = 0;
    constructor(tokenizer) {
        this.tokenizer = tokenizer;
        // One-token units to fill the remainder exactly; every family has plenty among common words.
        this.fillers = [...new Set(WORDS)].map((w) => ` ${w}`).filter((u) => this.countUnit(u) === 1);
        if (this.fillers.length < 16)
            throw new Error(`tokenizer ${tokenizer.family}: too few one-token filler words (${this.fillers.length})`);
        this.tagTokens = Math.ceil(TAG_BITS / Math.log2(this.fillers.length));
    }
    /**
     * The tag text of `value` (0 ≤ value < 2^48): `tagTokens` one-token words, least significant
     * digit first (so tags of nearby values differ in their first word). Fewer words when `tokens`
     * is smaller (then only the low digits are spelled).
     */
    tag(value, tokens = this.tagTokens) {
        const base = this.fillers.length;
        let out = '';
        for (let i = 0, v = value; i < tokens; i++, v = Math.floor(v / base))
            out += this.fillers[v % base];
        return out;
    }
    /**
     * Text of exactly `n` tokens that starts with the tag of `tag` (see uniqueTag), then the body
     * `text(n − tagTokens, rotation)`. Prompts with distinct tags differ in their first word; when
     * n ≤ tagTokens the prompt is the tag's first n words alone.
     */
    uniqueText(n, tag, rotation = 0) {
        if (!Number.isInteger(n) || n < 1)
            throw new Error(`prompt length must be a whole number of tokens ≥ 1, got ${n}`);
        const k = Math.min(n, this.tagTokens);
        const out = k === n ? this.tag(tag, k) : this.tag(tag, k) + this.text(n - k, rotation);
        if (this.checked < CHECKED_UNIQUE) {
            this.checked++;
            const c = this.count(out);
            if (c !== n)
                throw new Error(`prompt builder (${this.tokenizer.family}): a unique prompt of ${n} tokens encodes to ${c}; please report this with the tokenizer family`);
        }
        return out;
    }
    /** Tokens in `text` under this tokenizer. */
    count(text) {
        return this.tokenizer.encode(text).length;
    }
    /**
     * Text of exactly `n` tokens (n ≥ 1). `rotation` (any integer) picks where the text starts
     * within its units, so different rotations share no prefix; 0 is the same text every time.
     */
    text(n, rotation = 0) {
        const { text, offsets } = this.build(n);
        const r = ((rotation % offsets.length) + offsets.length) % offsets.length;
        if (r === 0)
            return text;
        const at = offsets[r];
        return text.slice(at) + text.slice(0, at);
    }
    /** Distinct lengths built so far (each cached). */
    get cachedLengths() {
        return this.cache.size;
    }
    build(n) {
        if (!Number.isInteger(n) || n < 1)
            throw new Error(`prompt length must be a whole number of tokens ≥ 1, got ${n}`);
        const hit = this.cache.get(n);
        if (hit)
            return hit;
        this.extendTo(n);
        // Largest k with cum[k] ≤ n.
        let lo = 0;
        let hi = this.cum.length - 1;
        while (lo < hi) {
            const mid = (lo + hi + 1) >> 1;
            if (this.cum[mid] <= n)
                lo = mid;
            else
                hi = mid - 1;
        }
        const units = this.stream.slice(0, lo);
        for (let i = 0, left = n - this.cum[lo]; i < left; i++)
            units.push(this.fillers[i % this.fillers.length]);
        const fixed = this.correct(units, n);
        const offsets = new Array(fixed.length);
        let at = 0;
        for (let i = 0; i < fixed.length; i++) {
            offsets[i] = at;
            at += fixed[i].length;
        }
        const built = { text: fixed.join(''), offsets };
        this.cache.set(n, built);
        return built;
    }
    /** Checks the whole text once and trims or extends it until it has exactly n tokens. */
    correct(units, n) {
        for (let guard = 0; guard < 64; guard++) {
            const c = this.count(units.join(''));
            if (c === n)
                return units;
            if (c > n) {
                // Drop units from the end, then refill with one-token units.
                let excess = c - n;
                while (excess > 0 && units.length > 1)
                    excess -= this.countUnit(units.pop());
                for (let i = 0; i < -excess; i++)
                    units.push(this.fillers[i % this.fillers.length]);
            }
            else
                for (let i = 0; i < n - c; i++)
                    units.push(this.fillers[i % this.fillers.length]);
        }
        throw new Error(`could not build a prompt of exactly ${n} tokens with tokenizer ${this.tokenizer.family}`);
    }
    countUnit(u) {
        let c = this.unitCount.get(u);
        if (c === undefined) {
            c = this.tokenizer.encode(u).length;
            this.unitCount.set(u, c);
        }
        return c;
    }
    extendTo(n) {
        while (this.cum[this.cum.length - 1] < n) {
            const w = WORDS[Math.floor(this.rand() * WORDS.length)];
            const p = this.rand();
            const unit = p < 0.06 ? ` ${w}.` : p < 0.12 ? ` ${w},` : ` ${w}`;
            this.stream.push(unit);
            this.cum.push(this.cum[this.cum.length - 1] + this.countUnit(unit));
        }
    }
}


/***/ }),

/***/ 89846:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CP: () => (/* binding */ hash3),
/* harmony export */   HX: () => (/* binding */ requestRandom),
/* harmony export */   _D: () => (/* binding */ gaussian),
/* harmony export */   oC: () => (/* binding */ WeightedPicker)
/* harmony export */ });
/* harmony import */ var _util_random_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(75073);
/** Seeded randomness keyed by request sequence number, so a request's draws do not depend on send order. */

/** A 32-bit hash of (seed, seq, salt) (murmur3 finaliser over a simple mix). */
function hash3(seed, seq, salt = 0) {
    let h = (seed ^ Math.imul(seq + 0x9e3779b9, 0x85ebca6b) ^ Math.imul(salt + 0x7f4a7c15, 0xc2b2ae35)) >>> 0;
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return h >>> 0;
}
/** A fresh PRNG for one request (seed, seq) and purpose (salt). */
function requestRandom(seed, seq, salt = 0) {
    return (0,_util_random_js__WEBPACK_IMPORTED_MODULE_0__/* .seededRandom */ .I)(hash3(seed, seq, salt));
}
/** Picks a key by weight with one uniform draw u ∈ [0, 1). Weights need not sum to 1. */
class WeightedPicker {
    items;
    cum;
    constructor(entries) {
        const kept = entries.filter(([, w]) => w > 0);
        if (kept.length === 0)
            throw new Error('at least one weight must be > 0');
        this.items = kept.map(([k]) => k);
        let total = 0;
        this.cum = kept.map(([, w]) => (total += w));
        for (let i = 0; i < this.cum.length; i++)
            this.cum[i] /= total;
    }
    pick(u) {
        for (let i = 0; i < this.cum.length; i++)
            if (u < this.cum[i])
                return this.items[i];
        return this.items[this.items.length - 1];
    }
}
/** Standard normal draw (Box–Muller). */
function gaussian(rand) {
    let u = rand();
    while (u <= Number.EPSILON)
        u = rand();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}


/***/ }),

/***/ 37238:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   M: () => (/* binding */ WORKLOAD_SCHEMA)
/* harmony export */ });
/* harmony import */ var _synthetic_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(87198);
/* harmony import */ var _tokenizer_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(50748);
/**
 * The JSON Schema of loadgate.yml's `workload:` section, pure data in the style of
 * src/config/schema.ts (it imports nothing that imports the config parser, so CONFIG_SCHEMA can
 * embed it without an import cycle).
 */


const posInt = { type: 'integer', minimum: 1 };
/** A token-length distribution: a whole number (fixed) or {type: fixed | uniform | normal | histogram, …}. */
const lengthDist = {
    description: 'Token lengths: a whole number, or {type: fixed, value} | {type: uniform, min, max} | {type: normal, mean, sd, min?, max?} (clipped) | {type: histogram, buckets: [{value | min+max, weight}]}.',
    type: ['integer', 'object'],
    minimum: 1,
    additionalProperties: false,
    required: ['type'],
    properties: {
        type: { enum: ['fixed', 'uniform', 'normal', 'histogram'] },
        value: posInt,
        min: posInt,
        max: posInt,
        mean: { type: 'number', exclusiveMinimum: 0 },
        sd: { type: 'number', minimum: 0 },
        buckets: {
            type: 'array',
            minItems: 1,
            items: {
                type: 'object',
                additionalProperties: false,
                required: ['weight'],
                properties: { value: posInt, min: posInt, max: posInt, weight: { type: 'number', minimum: 0 } },
            },
        },
    },
    allOf: [
        { if: { type: 'object', properties: { type: { const: 'fixed' } } }, then: { required: ['value'] } },
        { if: { type: 'object', properties: { type: { const: 'uniform' } } }, then: { required: ['min', 'max'] } },
        { if: { type: 'object', properties: { type: { const: 'normal' } } }, then: { required: ['mean', 'sd'] } },
        { if: { type: 'object', properties: { type: { const: 'histogram' } } }, then: { required: ['buckets'] } },
    ],
};
/** The JSON Schema of `workload:` (drop it into CONFIG_SCHEMA.properties.workload). */
const WORKLOAD_SCHEMA = {
    type: 'object',
    additionalProperties: false,
    properties: {
        prompt: {
            type: 'string',
            minLength: 1,
            description: 'One fixed prompt sent every time (instead of the default synthetic workload of unique prompts). Engines that cache prompts serve it from cache: the figures then include cache hits.',
        },
        salt: {
            type: 'integer',
            minimum: 0,
            maximum: 4294967295,
            description: 'Makes every prompt of the run unique (also against earlier runs). Drawn at random per run and recorded in the results; set it only to replay a run exactly. The seed (run.seed) fixes lengths, classes and order.',
        },
        shared_prefix: {
            type: 'object',
            additionalProperties: false,
            required: ['tokens', 'share'],
            description: 'A system prompt shared by a share of the synthetic requests, the same within a run, e.g. {tokens: 1000, share: 0.8}: the prefix-cache hits real traffic would get.',
            properties: {
                tokens: { ...posInt, description: 'Length of the shared prefix in tokens.' },
                share: { type: 'number', minimum: 0, maximum: 1, description: 'Fraction of requests that carry it (0..1).' },
            },
        },
        max_tokens: {
            ...posInt,
            description: 'max_tokens for the default synthetic workload, a fixed prompt and dataset requests (default 128); sessions.output_tokens defaults to it.',
        },
        ignore_eos: {
            type: 'boolean',
            description: 'Ask servers to generate exactly max_tokens: ignore_eos (and, except for the fixed prompt, min_tokens = max_tokens). Default true with mix or sessions, else false; set false for servers that reject unknown fields.',
        },
        extra_body: { type: 'object', description: 'Extra fields merged into every request body.' },
        tokenizer: { enum: [..._tokenizer_js__WEBPACK_IMPORTED_MODULE_1__/* .TOKENIZER_FAMILIES */ .$u], description: 'Tokenizer family used to build prompts of exact token lengths and to count dataset prompts (default o200k).' },
        dataset: {
            type: 'object',
            additionalProperties: false,
            required: ['path'],
            properties: {
                path: { type: 'string', minLength: 1, description: 'JSON or JSONL file, relative to the config file.' },
                format: {
                    enum: ['auto', 'conversations', 'sharegpt', 'jsonl'],
                    description: 'conversations: [{prompt_content, cut_chat_history}]; sharegpt: [{conversations: [{from, value}]}]; jsonl: {messages} or {prompt} per line. Default auto.',
                },
                order: { enum: ['random', 'cycle'], description: 'random: seeded sampling (default); cycle: in file order, wrapping.' },
                skip_invalid: { type: 'boolean', description: 'Skip malformed records instead of failing (default false).' },
                salt: {
                    type: 'boolean',
                    description: 'Put a short prefix unique to each use before each record, so an engine cannot serve repeated records from its prompt cache (default false: records are replayed as they are).',
                },
            },
        },
        mix: {
            type: 'object',
            minProperties: 1,
            description: `Synthetic classes by weight, e.g. {chat: 0.7, code: 0.2, summarization: 0.1}. Built-in classes: ${Object.keys(_synthetic_js__WEBPACK_IMPORTED_MODULE_0__/* .MIX_PRESETS */ .Y4).join(', ')}; any class can be {weight, input, output} with length distributions.`,
            additionalProperties: {
                type: ['number', 'object'],
                minimum: 0,
                additionalProperties: false,
                required: ['weight'],
                properties: { weight: { type: 'number', minimum: 0 }, input: lengthDist, output: lengthDist },
            },
        },
        sessions: {
            type: 'object',
            additionalProperties: false,
            description: 'Multi-turn conversations, one per closed-loop user: shared system prompt, growing history, the real replies.',
            properties: {
                turns: { ...posInt, description: 'User turns per conversation before a new one starts (default 5).' },
                system_prompt: { type: 'string', minLength: 1, description: 'Shared system prompt text.' },
                system_prompt_tokens: { ...posInt, description: 'Or: a built shared system prompt of this many tokens (default 256 when neither is given).' },
                user_tokens: lengthDist,
                output_tokens: lengthDist,
            },
        },
        models: {
            type: 'object',
            minProperties: 1,
            description: 'Send each request to a model drawn by weight, e.g. {llama-8b: 0.7, llama-70b: 0.3}; every figure is then broken down per model.',
            additionalProperties: { type: 'number', minimum: 0 },
        },
    },
};


/***/ }),

/***/ 87198:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Y4: () => (/* binding */ MIX_PRESETS),
/* harmony export */   ZS: () => (/* binding */ SyntheticWorkload),
/* harmony export */   oG: () => (/* binding */ TAG_PURPOSE),
/* harmony export */   wF: () => (/* binding */ exactOutputFields)
/* harmony export */ });
/* harmony import */ var _distributions_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(98506);
/* harmony import */ var _prompt_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(13839);
/* harmony import */ var _random_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(89846);



/** uniqueTag purposes: request prompts and the run's shared prefix never share a tag. */
const TAG_PURPOSE = { request: 0, sharedPrefix: 1, session: 2, dataset: 3 };
/** Built-in classes: a bare weight (e.g. `chat: 0.7`) uses these lengths. */
const MIX_PRESETS = {
    chat: { input: { type: 'normal', mean: 256, sd: 128, min: 16, max: 1024 }, output: { type: 'normal', mean: 200, sd: 100, min: 16, max: 512 } },
    code: { input: { type: 'normal', mean: 768, sd: 256, min: 64, max: 2048 }, output: { type: 'normal', mean: 384, sd: 128, min: 32, max: 1024 } },
    summarization: { input: { type: 'uniform', min: 1024, max: 3072 }, output: { type: 'normal', mean: 192, sd: 64, min: 32, max: 384 } },
    rag: { input: { type: 'uniform', min: 2048, max: 6144 }, output: { type: 'normal', mean: 256, sd: 96, min: 32, max: 768 } },
    reasoning: { input: { type: 'normal', mean: 384, sd: 128, min: 32, max: 1024 }, output: { type: 'uniform', min: 1024, max: 4096 } },
};
/** Body fields that make servers generate exactly max_tokens. */
function exactOutputFields(maxTokens) {
    return { ignore_eos: true, min_tokens: maxTokens };
}
class SyntheticWorkload {
    o;
    picker;
    exact;
    prefix;
    constructor(o) {
        this.o = o;
        const problems = Object.entries(o.mix).flatMap(([name, c]) => [
            ...(c.weight >= 0 ? [] : [`mix.${name}.weight must be ≥ 0, got ${c.weight}`]),
            ...(0,_distributions_js__WEBPACK_IMPORTED_MODULE_1__/* .checkDist */ .H2)(c.input, `mix.${name}.input`),
            ...(0,_distributions_js__WEBPACK_IMPORTED_MODULE_1__/* .checkDist */ .H2)(c.output, `mix.${name}.output`),
        ]);
        const sp = o.sharedPrefix;
        if (sp && (!Number.isInteger(sp.tokens) || sp.tokens < 1 || !(sp.share >= 0 && sp.share <= 1)))
            problems.push(`shared_prefix needs tokens ≥ 1 (whole) and share in 0..1, got ${JSON.stringify(sp)}`);
        if (problems.length)
            throw new Error(problems.join('; '));
        this.prefix = sp && sp.share > 0 ? o.builder.uniqueText(sp.tokens, (0,_prompt_js__WEBPACK_IMPORTED_MODULE_0__/* .uniqueTag */ .e)(o.salt, 0, TAG_PURPOSE.sharedPrefix)) : undefined;
        this.picker = new _random_js__WEBPACK_IMPORTED_MODULE_2__/* .WeightedPicker */ .oC(Object.entries(o.mix).map(([name, c]) => [{ name, input: (0,_distributions_js__WEBPACK_IMPORTED_MODULE_1__/* .lengthSampler */ .XI)(c.input), output: (0,_distributions_js__WEBPACK_IMPORTED_MODULE_1__/* .lengthSampler */ .XI)(c.output) }, c.weight]));
        this.exact = o.exactOutput ?? true;
    }
    /** The class, input and output lengths request `seq` gets (deterministic in seed and seq). */
    draw(seq) {
        const rand = (0,_random_js__WEBPACK_IMPORTED_MODULE_2__/* .requestRandom */ .HX)(this.o.seed, seq, 1);
        const k = this.picker.pick(rand());
        const d = { klass: k.name, input: k.input(rand), output: k.output(rand), rotation: Math.floor(rand() * 0x7fffffff) };
        // Drawn from its own stream, so adding a shared prefix leaves classes and lengths as they were.
        const shared = this.o.sharedPrefix !== undefined && (0,_random_js__WEBPACK_IMPORTED_MODULE_2__/* .requestRandom */ .HX)(this.o.seed, seq, 5)() < this.o.sharedPrefix.share;
        return { ...d, shared };
    }
    /** The run's shared prefix text (undefined without shared_prefix). */
    get sharedPrefixText() {
        return this.prefix;
    }
    next(seq) {
        const d = this.draw(seq);
        const content = this.o.builder.uniqueText(d.input, (0,_prompt_js__WEBPACK_IMPORTED_MODULE_0__/* .uniqueTag */ .e)(this.o.salt, seq, TAG_PURPOSE.request), d.rotation);
        const extra = this.exact ? { ...exactOutputFields(d.output), ...this.o.extra } : this.o.extra;
        if (d.shared && this.prefix !== undefined) {
            // A system message for chat; for completions the two texts are joined (whole pre-tokens: the counts add up).
            return {
                model: this.o.model,
                messages: [
                    { role: 'system', content: this.prefix },
                    { role: 'user', content },
                ],
                prompt: this.prefix + content,
                maxTokens: d.output,
                requestedInputTokens: this.o.sharedPrefix.tokens + d.input,
                extra,
            };
        }
        return { model: this.o.model, messages: [{ role: 'user', content }], prompt: content, maxTokens: d.output, requestedInputTokens: d.input, extra };
    }
}


/***/ }),

/***/ 50748:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $u: () => (/* binding */ TOKENIZER_FAMILIES),
/* harmony export */   Ym: () => (/* binding */ loadTokenizer),
/* harmony export */   rP: () => (/* binding */ loadedTokenizer)
/* harmony export */ });
/**
 * Real tokenizers for building prompts of an exact token length. Each family is loaded on first
 * use (the vocabularies are megabytes: o200k ~130 ms, cl100k ~50 ms, llama3 ~350 ms to load), so
 * commands that never build synthetic prompts pay nothing. ncc puts each in its own chunk file
 * beside the bundle (scripts/bundle.mjs), so a run that needs none does not even parse them.
 */
const TOKENIZER_FAMILIES = ['o200k', 'cl100k', 'llama3'];
/** Special-token strings in text (e.g. from a dataset) count as plain text instead of throwing. */
const PLAIN = { disallowedSpecial: new Set() };
const loading = new Map();
const ready = new Map();
/** The tokenizer of a family; loaded once per process. */
function loadTokenizer(family) {
    let p = loading.get(family);
    if (!p) {
        p = load(family).then((t) => {
            ready.set(family, t);
            return t;
        });
        loading.set(family, p);
    }
    return p;
}
/** The tokenizer if loadTokenizer(family) has finished, for synchronous callers. */
function loadedTokenizer(family) {
    return ready.get(family);
}
async function load(family) {
    switch (family) {
        case 'o200k': {
            const m = await Promise.all(/* import() */[__webpack_require__.e(626), __webpack_require__.e(877)]).then(__webpack_require__.bind(__webpack_require__, 23877));
            return { family, encode: (t) => m.encode(t, PLAIN), decode: (ids) => m.decode(ids) };
        }
        case 'cl100k': {
            const m = await Promise.all(/* import() */[__webpack_require__.e(626), __webpack_require__.e(79)]).then(__webpack_require__.bind(__webpack_require__, 84079));
            return { family, encode: (t) => m.encode(t, PLAIN), decode: (ids) => m.decode(ids) };
        }
        case 'llama3': {
            const m = await __webpack_require__.e(/* import() */ 416).then(__webpack_require__.bind(__webpack_require__, 66416));
            const tok = m.default;
            return { family, encode: (t) => tok.encode(t, { bos: false, eos: false }), decode: (ids) => tok.decode(ids) };
        }
        default:
            throw new Error(`unknown tokenizer family "${String(family)}": use one of ${TOKENIZER_FAMILIES.join(', ')}`);
    }
}


/***/ })

};
