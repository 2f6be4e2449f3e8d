export const id = 799;
export const ids = [799];
export const modules = {

/***/ 43091:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   RU: () => (/* binding */ offeredOf),
/* harmony export */   UE: () => (/* binding */ rampStages),
/* harmony export */   cg: () => (/* binding */ arrivalOffsets),
/* harmony export */   gV: () => (/* binding */ stageOf)
/* harmony export */ });
/* harmony import */ var _util_random_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(75073);
/**
 * When to send. A stage is either open loop (requests arrive at a rate, whether or not earlier ones
 * finished — the only honest way to measure latency under a given load) or closed loop (a fixed
 * number of users, each sending its next request when the last one ends).
 */

/**
 * Send offsets in milliseconds from the stage start, in increasing order, for an open-loop stage.
 * Constant arrivals are evenly spaced; Poisson arrivals have exponential gaps with the same mean,
 * drawn from a seeded generator so runs are repeatable.
 */
function* arrivalOffsets(stage, seed = 1) {
    const max = stage.maxRequests ?? Infinity;
    let n = 0;
    for (const t of stage.rateEnd === undefined || stage.rateEnd === stage.rate ? steadyOffsets(stage, seed) : rampOffsets(stage, stage.rateEnd, seed)) {
        if (n++ >= max)
            return;
        yield t;
    }
}
function* steadyOffsets(stage, seed) {
    const horizon = stage.durationS * 1000;
    if (stage.rate <= 0)
        return;
    const meanGap = 1000 / stage.rate;
    if (stage.arrival === 'constant') {
        for (let i = 0; i * meanGap < horizon; i++)
            yield i * meanGap;
        return;
    }
    const rand = (0,_util_random_js__WEBPACK_IMPORTED_MODULE_0__/* .seededRandom */ .I)(seed);
    for (let t = 0; t < horizon; t += -Math.log(1 - rand()) * meanGap)
        yield t;
}
/**
 * A linear ramp r(t) = r0 + (r1 − r0)·t/T. The expected count by t is Λ(t) = r0·t + (r1 − r0)·t²/2T;
 * the k-th send is at Λ⁻¹(k) (constant: k = 0, 1, 2…; Poisson: k = cumulative unit-rate exponential
 * gaps, i.e. a Poisson process of rate r(t) by time change), so the rate changes continuously.
 */
function* rampOffsets(stage, r1, seed) {
    const T = stage.durationS;
    const r0 = stage.rate;
    if (T <= 0 || (r0 <= 0 && r1 <= 0))
        return;
    const a = (r1 - r0) / (2 * T);
    const total = r0 * T + a * T * T; // Λ(T)
    const inverse = (k) => (Math.abs(a) < 1e-12 ? k / r0 : (-r0 + Math.sqrt(Math.max(0, r0 * r0 + 4 * a * k))) / (2 * a));
    const rand = stage.arrival === 'poisson' ? (0,_util_random_js__WEBPACK_IMPORTED_MODULE_0__/* .seededRandom */ .I)(seed) : undefined;
    for (let k = 0; k < total; k += rand ? -Math.log(1 - rand()) : 1) {
        const t = inverse(k) * 1000;
        if (t >= T * 1000)
            return;
        yield t;
    }
}
/** Describes a stage as its offered load, for summaries. */
function offeredOf(stage) {
    // A ramp offers its mean rate over the stage.
    return stage.kind === 'rate' ? { kind: 'rate', value: stage.rateEnd === undefined ? stage.rate : (stage.rate + stage.rateEnd) / 2 } : { kind: 'concurrency', value: stage.users };
}
/** A linear ramp expressed as equal steps (each `stepS` long) from `from` to `to` req/s. */
function rampStages(from, to, steps, stepS, arrival = 'constant') {
    if (steps < 1)
        return [];
    if (steps === 1)
        return [{ kind: 'rate', rate: to, arrival, durationS: stepS }];
    return Array.from({ length: steps }, (_, i) => ({ kind: 'rate', rate: from + ((to - from) * i) / (steps - 1), arrival, durationS: stepS }));
}
/** A stage at `value` of the given kind of load (req/s for rate, users for concurrency). */
function stageOf(load, value, durationS, arrival = 'constant', thinkMs = 0) {
    return load === 'rate' ? { kind: 'rate', rate: value, arrival, durationS } : { kind: 'concurrency', users: value, thinkMs, durationS };
}


/***/ }),

/***/ 33264:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  op: () => (/* binding */ DEFAULT_DRAIN_MS),
  mD: () => (/* binding */ DEFAULT_MAX_SEND_LAG_MS),
  wx: () => (/* binding */ runLevelDetailed)
});

// UNUSED EXPORTS: runLevel, steadyRate

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:events"
var external_node_events_ = __webpack_require__(78474);
// EXTERNAL MODULE: ./lib/metrics/aggregate.js
var aggregate = __webpack_require__(64982);
// EXTERNAL MODULE: ./lib/metrics/record.js
var record = __webpack_require__(32048);
// EXTERNAL MODULE: ./lib/load/pacer.js
var pacer = __webpack_require__(43091);
// EXTERNAL MODULE: ./lib/util/clock.js
var util_clock = __webpack_require__(58394);
;// CONCATENATED MODULE: ./lib/load/level-memory.js
/**
 * What a level keeps per request, in memory that does not grow with the level's length: a soak of
 * hours runs one level, so anything kept per request would grow linearly with it.
 *  - SteadyWindow: the steady-window completion rate (runner.ts steadyRate) from counters and a
 *    short queue instead of every end time;
 *  - DistinctCounter: how many distinct prompts were sent, from 8-byte fingerprints in one typed
 *    array instead of a Set of strings (~8 instead of ~130 bytes per distinct prompt; a run of
 *    unique prompts still needs one per prompt to stay exact).
 */
/**
 * Successful completions for the steady window: those at or before the last send. The last send
 * only ever moves later, so an end at or before the latest send seen so far is inside the window
 * for good and is folded into (count, first, last) at once; ends after it wait in a queue (about
 * the requests that ended since the latest recorded send) until a later send covers them or the
 * level ends. The result is exactly steadyRate(every ok end, last send).
 */
class SteadyWindow {
    n = 0;
    t0 = Infinity;
    t1 = -Infinity;
    lastSend = -Infinity;
    /** Ends after `lastSend`, in arrival order (nearly ascending); `head` of them already folded. */
    waiting = [];
    head = 0;
    /** A request's send time (any order). */
    sent(at) {
        if (!(at > this.lastSend))
            return;
        this.lastSend = at;
        const w = this.waiting;
        // Ends arrive in time order, so the covered ones are at the front; one out of order behind a
        // later end waits for it (or for the level's end): still counted, only later.
        while (this.head < w.length && w[this.head] <= at)
            this.fold(w[this.head++]);
        if (this.head === w.length) {
            this.waiting = [];
            this.head = 0;
        }
        else if (this.head > 1024 && this.head * 2 > w.length) {
            this.waiting = w.slice(this.head);
            this.head = 0;
        }
    }
    /** A successful request's end time. */
    ok(end) {
        if (end <= this.lastSend)
            this.fold(end);
        else
            this.waiting.push(end);
    }
    /** The steady rate (completions/s) with the level's final last send; see runner.ts steadyRate. */
    rate(lastSend) {
        if (!Number.isFinite(lastSend))
            return undefined;
        let { n, t0, t1 } = this;
        for (let i = this.head; i < this.waiting.length; i++) {
            const e = this.waiting[i];
            if (e > lastSend)
                continue;
            n++;
            if (e < t0)
                t0 = e;
            if (e > t1)
                t1 = e;
        }
        if (n < 3 || t1 <= t0)
            return undefined;
        return ((n - 1) * 1000) / (t1 - t0);
    }
    fold(e) {
        this.n++;
        if (e < this.t0)
            this.t0 = e;
        if (e > this.t1)
            this.t1 = e;
    }
}
/**
 * Counts distinct keys given as digests (≥ 8 bytes, e.g. SHA-1 of the prompt): an open-addressing
 * set of their first 64 bits in a Uint32Array, doubled at half full. Two different prompts count
 * as one only if 64 bits of their SHA-1 agree (odds ~n²/2⁶⁵: 3·10⁻⁸ at a million prompts).
 */
class DistinctCounter {
    table = new Uint32Array(2 * 1024);
    count = 0;
    get size() {
        return this.count;
    }
    add(digest) {
        // (0, 0) marks an empty slot: a digest whose first 64 bits are zero is stored as (0, 1).
        const hi = ((digest[0] << 24) | (digest[1] << 16) | (digest[2] << 8) | digest[3]) >>> 0;
        let lo = ((digest[4] << 24) | (digest[5] << 16) | (digest[6] << 8) | digest[7]) >>> 0;
        if (hi === 0 && lo === 0)
            lo = 1;
        if (this.insert(this.table, hi, lo)) {
            this.count++;
            if (this.count * 4 > this.table.length)
                this.grow();
        }
    }
    /** True when (hi, lo) was not there yet. */
    insert(table, hi, lo) {
        const mask = table.length / 2 - 1;
        for (let i = lo & mask;; i = (i + 1) & mask) {
            const h = table[2 * i];
            const l = table[2 * i + 1];
            if (h === 0 && l === 0) {
                table[2 * i] = hi;
                table[2 * i + 1] = lo;
                return true;
            }
            if (h === hi && l === lo)
                return false;
        }
    }
    grow() {
        const old = this.table;
        const next = new Uint32Array(old.length * 2);
        for (let i = 0; i < old.length; i += 2)
            if (old[i] !== 0 || old[i + 1] !== 0)
                this.insert(next, old[i], old[i + 1]);
        this.table = next;
    }
}

;// CONCATENATED MODULE: ./lib/load/runner.js
/**
 * Runs one load level: the pacer decides when, the sender sends and times, the accumulator folds.
 * Every request handed to the sender is awaited and counted exactly once, including when the run
 * is cancelled (those end as `cancelled`) or still open when the level's drain bound expires
 * (those end as `incomplete`), so a level's counts always add up and every level ends.
 */







/** The drain bound when none is given: long enough for any sane completion, short enough that a level ends. */
const DEFAULT_DRAIN_MS = 30_000;
/** The P99 send lag above which a level measured the generator, not the endpoint (run.max_send_lag_ms's default). */
const DEFAULT_MAX_SEND_LAG_MS = 50;
/** Runs `stage` to completion (or cancellation) and returns its summary. */
async function runLevel(name, stage, opts) {
    return (await runLevelDetailed(name, stage, opts)).summary;
}
/**
 * Runs `stage`: sends until its sizing is met or its duration is up, then drains (bounded), then
 * summarises. Achieved throughput is measured over the steady window (see steadyRate).
 */
async function runLevelDetailed(name, stage, opts) {
    if (opts.signal)
        (0,external_node_events_.setMaxListeners)(0, opts.signal);
    const clock = opts.clock ?? util_clock/* realClock */.d;
    const drainMs = opts.drainMs ?? DEFAULT_DRAIN_MS;
    // Requests get the level's own signal: the user's cancel passes through with its reason, and
    // the drain bound aborts with DRAIN_EXPIRED, which the client counts as `incomplete`.
    const level = new AbortController();
    (0,external_node_events_.setMaxListeners)(0, level.signal);
    const onUserAbort = () => level.abort(opts.signal?.reason);
    if (opts.signal?.aborted)
        onUserAbort();
    else
        opts.signal?.addEventListener('abort', onUserAbort, { once: true });
    // Aborted when the level stops sending, so sleeps of the pacer and of closed-loop users end.
    const sending = new AbortController();
    (0,external_node_events_.setMaxListeners)(0, sending.signal);
    const onSendingAbort = () => sending.abort();
    if (level.signal.aborted)
        sending.abort();
    else
        level.signal.addEventListener('abort', onSendingAbort, { once: true });
    const acc = new aggregate/* LevelAccumulator */.tG(name, (0,pacer/* offeredOf */.RU)(stage), opts.goodput);
    const start = clock.now();
    const state = {
        acc,
        inFlight: 0,
        ended: 0,
        pending: new Set(),
        firstSend: Infinity,
        lastSend: -Infinity,
        lastEnd: 0,
        steady: new SteadyWindow(),
        prompts: new DistinctCounter(),
        seq: opts.seq ?? { next: 0 },
        requestSignal: level.signal,
        sendingSignal: sending.signal,
        stoppedBy: undefined,
        satisfiedAt: () => false,
        stop: () => { },
    };
    const sizing = stage.sizing;
    const upper = start + stage.durationS * 1000;
    const floor = sizing ? start + Math.min(stage.durationS, sizing.minS) * 1000 : upper;
    const stop = (why) => {
        if (sending.signal.aborted)
            return;
        state.stoppedBy = why;
        sending.abort();
    };
    // Sized: enough samples once `minCompletions` requests have ended and the floor time has come.
    state.satisfiedAt = (t) => sizing !== undefined && t >= floor && state.ended >= sizing.minCompletions;
    state.stop = stop;
    state.onEnded = sizing
        ? () => {
            if (state.satisfiedAt(clock.now()))
                stop('samples');
        }
        : undefined;
    const timers = [clock.setTimer(() => stop('duration'), upper - start)];
    const onStopSending = () => stop('duration');
    if (opts.stopSending?.aborted)
        onStopSending();
    else
        opts.stopSending?.addEventListener('abort', onStopSending, { once: true });
    if (sizing)
        timers.push(clock.setTimer(() => state.onEnded?.(), floor - start));
    // Progress runs to the level's nominal length (its floor when sized); extending for samples shows as 100 %.
    const progress = startProgress(clock, start, (floor - start) / 1000, state, opts.onProgress);
    let drainExpired = 0;
    try {
        const loop = stage.kind === 'rate' ? runOpenLoop(name, stage, start, state, opts, clock) : runClosedLoop(name, stage, state, opts, clock);
        // Closed-loop users wait for their requests, so the loop may outlast the sending window: the
        // drain starts when sending stops, whichever way it stops.
        const loopDone = loop.then(() => stop(opts.signal?.aborted ? 'cancelled' : stage.kind === 'rate' ? 'duration' : 'budget'));
        await Promise.race([loopDone, sending.signal.aborted ? undefined : new Promise((resolve) => sending.signal.addEventListener('abort', () => resolve(), { once: true }))]);
        if (opts.signal?.aborted)
            state.stoppedBy = 'cancelled';
        if (state.pending.size > 0 && !level.signal.aborted) {
            const waited = new AbortController();
            const all = Promise.all(state.pending).then(() => waited.abort());
            await clock.sleepUntil(clock.now() + drainMs, AbortSignal.any([waited.signal, level.signal]));
            waited.abort();
            void all;
            if (state.pending.size > 0 && !level.signal.aborted) {
                drainExpired = state.pending.size;
                level.abort(record/* DRAIN_EXPIRED */.p$);
            }
        }
        await loop;
        await Promise.all(state.pending);
    }
    finally {
        progress?.stop();
        for (const t of timers)
            t.cancel();
        opts.signal?.removeEventListener('abort', onUserAbort);
        opts.stopSending?.removeEventListener('abort', onStopSending);
        level.signal.removeEventListener('abort', onSendingAbort);
    }
    if (state.failure !== undefined)
        throw state.failure;
    const from = Number.isFinite(state.firstSend) ? state.firstSend : start;
    const to = Math.max(state.lastEnd, from);
    const raw = acc.summary((to - from) / 1000);
    const summary = withSteadyRate(raw, state.steady.rate(state.lastSend));
    summary.requests.distinct_prompts = state.prompts.size;
    const sendingS = Number.isFinite(state.lastSend) ? Math.max(0, (state.lastSend - start) / 1000) : 0;
    return { summary, drainExpired, drainMs, sendingS, stoppedBy: state.stoppedBy ?? 'duration' };
}
/**
 * Achieved throughput over the steady window of a level, in completions per second. The window
 * runs from the first successful completion (the end of the fill tail: before it the endpoint had
 * produced nothing yet) to the last successful completion at or before the last send (the start of
 * the drain tail: after the last send the offered load falls away, and completions speed up or
 * trickle). The rate is (completions in the window − 1) / its length: intervals between
 * completions over their total time, exact for an evenly paced stream. Undefined when the window
 * holds fewer than 3 completions (a level not much longer than one request latency): the
 * accumulator's completion span over the whole level is used then.
 */
function steadyRate(okEnds, lastSend) {
    if (!Number.isFinite(lastSend))
        return undefined;
    let t0 = Infinity;
    let t1 = -Infinity;
    let n = 0;
    for (const e of okEnds) {
        if (e > lastSend)
            continue;
        n++;
        if (e < t0)
            t0 = e;
        if (e > t1)
            t1 = e;
    }
    if (n < 3 || t1 <= t0)
        return undefined;
    return ((n - 1) * 1000) / (t1 - t0);
}
/** The summary with achieved_rps replaced, and the rates derived from it scaled alike. */
function withSteadyRate(s, rate) {
    if (rate === undefined || s.achieved_rps <= 0)
        return s;
    const k = rate / s.achieved_rps;
    const r = (x, d) => Math.round(x * k * 10 ** d) / 10 ** d;
    return {
        ...s,
        requests: { ...s.requests },
        achieved_rps: Math.round(rate * 1000) / 1000,
        output_tokens_per_s: r(s.output_tokens_per_s, 2),
        total_tokens_per_s: r(s.total_tokens_per_s, 2),
        goodput_rps: r(s.goodput_rps, 3),
    };
}
/** A cheap, stable identity of a request's prompt text (the prompt, or the messages' content). */
function promptKey(spec) {
    const text = spec.prompt ?? JSON.stringify(spec.messages ?? []);
    return (0,external_node_crypto_.createHash)('sha1').update(text).digest();
}
/** Sends one request and books its record; resolves with whether it succeeded (never rejects). */
function dispatch(name, scheduledAt, state, opts, user) {
    const id = state.seq.next++;
    const spec = opts.workload.next(id, user);
    state.prompts.add(promptKey(spec));
    state.inFlight++;
    let ok = false;
    const p = opts.sender
        .send(spec, { id, phase: name, scheduledAt, signal: state.requestSignal })
        .then((r) => {
        ok = r.outcome === 'ok';
        if (r.sentAt < state.firstSend)
            state.firstSend = r.sentAt;
        if (r.sentAt > state.lastSend)
            state.lastSend = r.sentAt;
        if (r.endedAt > state.lastEnd)
            state.lastEnd = r.endedAt;
        state.steady.sent(r.sentAt);
        if (r.outcome === 'ok')
            state.steady.ok(r.endedAt);
        state.acc.add(r);
        opts.workload.observe?.(r, user);
        opts.onRecord?.(r);
    })
        // A failure in our own bookkeeping (a log that cannot be written, a workload bug) must not
        // become an unhandled rejection that kills the run without results: keep the first one and
        // let runLevel raise it once every request has ended.
        .catch((e) => {
        state.failure ??= e;
    })
        .finally(() => {
        state.inFlight--;
        state.ended++;
        state.pending.delete(p);
        state.onEnded?.();
    })
        .then(() => ok);
    state.pending.add(p);
    return p;
}
async function runOpenLoop(name, stage, start, state, opts, clock) {
    const cap = opts.maxInFlight ?? Infinity;
    const slack = slackFor(Math.max(stage.rate, stage.rateEnd ?? 0));
    for (const offset of (0,pacer/* arrivalOffsets */.cg)(stage, opts.seed)) {
        const due = start + offset;
        if (due > clock.now())
            await clock.sleepUntil(due, state.sendingSignal, slack);
        if (state.sendingSignal.aborted)
            return;
        // Checked at the send itself, so a send due exactly at the floor does not race its timer.
        if (state.satisfiedAt(due))
            return state.stop('samples');
        if (state.inFlight >= cap) {
            state.acc.addDropped();
            continue;
        }
        void dispatch(name, due, state, opts);
    }
}
async function runClosedLoop(name, stage, state, opts, clock) {
    const budget = { left: stage.maxRequests ?? Infinity };
    const user = async (u) => {
        let failures = 0;
        while (!state.sendingSignal.aborted && budget.left-- > 0) {
            if (state.satisfiedAt(clock.now()))
                return state.stop('samples');
            failures = (await dispatch(name, clock.now(), state, opts, u)) ? 0 : failures + 1;
            // A user whose request failed waits before the next one (10 ms, doubling to 1 s, until one
            // succeeds), as a real client backs off: an endpoint that refuses at once (a full queue's 503,
            // a refused connection) would otherwise get thousands of requests a second from each user,
            // and on a virtual clock no time would pass at all.
            const pause = Math.max(stage.thinkMs, failures > 0 ? Math.min(FAILED_USER_MAX_PAUSE_MS, FAILED_USER_PAUSE_MS * 2 ** (failures - 1)) : 0);
            if (pause > 0 && !state.sendingSignal.aborted)
                await clock.sleepUntil(clock.now() + pause, state.sendingSignal);
        }
    };
    await Promise.all(Array.from({ length: stage.users }, (_, u) => user(u)));
}
/** A closed-loop user's pause after a failed request, doubling per failure in a row up to the maximum. */
const FAILED_USER_PAUSE_MS = 10;
const FAILED_USER_MAX_PAUSE_MS = 1000;
/** How much of each open-loop sleep the real clock may busy-wait (see util/clock.ts). */
const MAX_SLACK_MS = 1.5;
/** Open loop: spin at most ~10 % of the mean gap (1 ms at 100 req/s, 0.1 ms at 1,000 req/s). */
function slackFor(rate) {
    return Math.min(MAX_SLACK_MS, 100 / rate);
}
/** Reports progress about once a second of the level's clock, until stopped. */
function startProgress(clock, start, durationS, state, cb) {
    if (!cb)
        return undefined;
    let handle;
    let stopped = false;
    const tick = () => {
        if (stopped)
            return;
        cb(Math.min(1, (clock.now() - start) / (durationS * 1000)), state.inFlight);
        arm();
    };
    const arm = () => {
        handle = clock.setTimer(tick, 1000);
    };
    arm();
    return {
        stop() {
            stopped = true;
            handle?.cancel();
        },
    };
}


/***/ }),

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
/* unused harmony export MAX_ERROR_MESSAGE_CHARS */
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
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(38522);
/* harmony import */ var hdr_histogram_js_dist_JsHistogramFactory_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(10801);
/**
 * Latency distributions over HDR histograms: microsecond resolution, 3 significant digits, memory
 * bounded by the value range rather than the number of samples. Histograms serialise to the
 * standard HDR compressed base64 form and merge, so several generators' results combine exactly.
 */

// By path, not from 'hdr-histogram-js': its index also evaluates the WebAssembly variant (a base64
// wasm binary, its loader), pako and the log reader/writer, ~10 MB of RSS for code never run here.
// These are the same plain-JS classes the index builds (its wasm variant is opt-in, never used).

/** One hour in microseconds: the largest latency we track without resizing. */
const HIGHEST_US = 3_600_000_000;
/** 32-bit counts, as hdr.build's default bitBucketSize. */
const Int32Histogram = (0,hdr_histogram_js_dist_JsHistogramFactory_js__WEBPACK_IMPORTED_MODULE_1__/* .constructorFromBucketSize */ .a)(32);
function newHistogram() {
    const h = new Int32Histogram(1, HIGHEST_US, 3);
    h.autoResize = true;
    return h;
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
/*
 * The standard HDR V2 compressed form (as HdrHistogram's Java and JS libraries write and read it),
 * here over the JS histogram's public API with Node's zlib, so neither the package's encoding
 * module nor pako (which it loads, and deflates with inside a bundle) is evaluated. Byte for byte
 * what the package writes with zlib, and read back alike (test/metrics/histogram.test.ts).
 *   compressed:   int32 cookie 0x1c849314, int32 length, zlib(deflate) of the encoding
 *   encoding:     int32 cookie 0x1c849313, int32 payload length, int32 1 (normalizing offset, as
 *                 the JS package writes it), int32 significant digits, int64 lowest discernible,
 *                 int64 highest trackable, int64 1 (conversion ratio), then the payload
 *   payload:      the counts up to max's index as ZigZag LEB128 varints, a run of ≥ 2 zero counts
 *                 as one negative number (−run length)
 * Integers are big-endian; int64s are whole numbers below 2^53 here.
 */
const V2_COOKIE = 0x1c849303 | 0x10;
const V2_COMPRESSED_COOKIE = 0x1c849304 | 0x10;
const HEADER_BYTES = 40;
/** ZigZag LEB128 of an integer below 2^52 in magnitude, into `out` at `at`; returns the next position. */
function putVarint(out, at, n) {
    let v = n >= 0 ? n * 2 : -n * 2 - 1;
    while (v >= 0x80) {
        out[at++] = (v % 0x80) | 0x80;
        v = Math.floor(v / 0x80);
    }
    out[at++] = v;
    return at;
}
let scratch = new Uint8Array(0);
function encodeHistogram(h) {
    const js = h;
    const limit = js.countsArrayIndex(js.maxValue) + 1;
    // At most 9 bytes per count (a varint of a count < 2^53 is ≤ 8 bytes), in one buffer reused by
    // every encoding (a level's summary encodes a dozen histograms of up to ~23k counts each).
    if (scratch.length < HEADER_BYTES + 9 * limit)
        scratch = new Uint8Array(HEADER_BYTES + 9 * limit);
    const buf = scratch;
    let at = HEADER_BYTES;
    for (let i = 0; i < limit;) {
        const count = js.getCountAtIndex(i++);
        if (count < 0)
            throw new Error(`cannot encode a histogram with a negative count (${count}) at index ${i}`);
        let zeros = 0;
        if (count === 0) {
            zeros = 1;
            while (i < limit && js.getCountAtIndex(i) === 0) {
                zeros++;
                i++;
            }
        }
        at = putVarint(buf, at, zeros > 1 ? -zeros : count);
    }
    const view = new DataView(buf.buffer);
    const put64 = (off, v) => {
        view.setUint32(off, Math.floor(v / 2 ** 32));
        view.setUint32(off + 4, v % 2 ** 32);
    };
    view.setUint32(0, V2_COOKIE);
    view.setUint32(4, at - HEADER_BYTES);
    view.setUint32(8, 1);
    view.setUint32(12, js.numberOfSignificantValueDigits);
    put64(16, js.lowestDiscernibleValue);
    put64(24, js.highestTrackableValue);
    put64(32, 1);
    const packed = (0,node_zlib__WEBPACK_IMPORTED_MODULE_0__.deflateSync)(buf.subarray(0, at));
    const out = Buffer.allocUnsafe(8 + packed.length);
    out.writeUInt32BE(V2_COMPRESSED_COOKIE >>> 0, 0);
    out.writeUInt32BE(packed.length, 4);
    packed.copy(out, 8);
    return out.toString('base64');
}
function decodeHistogram(base64) {
    const text = base64.trim();
    // Buffer.from skips what is not base64 where the package's decoder threw: rejected the same way.
    if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text))
        throw new Error('Invalid string: not a base64-encoded histogram');
    const bytes = Buffer.from(text, 'base64');
    if (bytes.length < 8 || (bytes.readUInt32BE(0) & ~0xf0) !== (V2_COMPRESSED_COOKIE & ~0xf0))
        throw new Error('Encoding not supported, only V2 is supported');
    const data = (0,node_zlib__WEBPACK_IMPORTED_MODULE_0__.inflateSync)(bytes.subarray(8, 8 + bytes.readUInt32BE(4)));
    if (data.length < HEADER_BYTES || (data.readUInt32BE(0) & ~0xf0) !== (V2_COOKIE & ~0xf0))
        throw new Error('The buffer does not contain a Histogram (no valid V2 encoding cookie found)');
    const get64 = (off) => data.readUInt32BE(off) * 2 ** 32 + data.readUInt32BE(off + 4);
    const end = Math.min(data.length, HEADER_BYTES + data.readUInt32BE(4));
    const h = new Int32Histogram(get64(16), Math.max(get64(24), HIGHEST_US), data.readUInt32BE(12));
    let index = 0;
    for (let at = HEADER_BYTES; at < end;) {
        let v = 0;
        let scale = 1;
        let b;
        do {
            b = data[at++];
            v += (b & 0x7f) * scale;
            scale *= 0x80;
        } while (b & 0x80 && at < end);
        const n = v % 2 === 0 ? v / 2 : -(v + 1) / 2;
        if (n < 0)
            index -= n;
        else
            h.setCountAtIndex(index++, n);
    }
    h.establishInternalTackingValues(index);
    return h;
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
    return cut
        .replace(/[\\`*_{}[\]<>|#!]/g, (c) => `\\${c}`)
        .replace(/\r\n?|\n/g, ' ')
        .replace(/@/g, '@\u200b');
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
/**
 * One row per level: load, outcomes, latency percentiles and throughput. A level checked invalid
 * (the `load` command's levels carry their check) is marked in its row and its reason listed below.
 */
function levelsTable(levels) {
    const head = ['level', 'offered', 'sent', 'ok %', 'achieved rps', 'TTFT p50', 'TTFT p99', 'ITL p99', 'TPOT p50', 'E2E p99', 'out tok/s', 'send lag p99', 'errors'];
    const rows = levels.map((s) => [
        s.valid === false ? `${s.name} ⚠ invalid` : s.name,
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
    const table = (0,markdown_table__WEBPACK_IMPORTED_MODULE_0__/* .markdownTable */ .Q)([head, ...rows], { align: ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'] });
    const invalid = levels.filter((s) => s.valid === false);
    if (!invalid.length)
        return table;
    const why = invalid.map((s) => `- ${s.name}: ${s.invalid_reason ?? 'no reason recorded'}`);
    const they = invalid.length > 1 ? 'levels: they' : 'level: it';
    return [table, '', `⚠ Invalid ${they} measured the load generator, not the endpoint:`, ...why].join('\n');
}


/***/ }),

/***/ 96781:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A0: () => (/* binding */ ensureDir),
/* harmony export */   GF: () => (/* binding */ writeJson),
/* harmony export */   Lh: () => (/* binding */ newRunDir),
/* harmony export */   S7: () => (/* binding */ JsonlSink),
/* harmony export */   VY: () => (/* binding */ timestampDirName)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
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
    return d
        .toISOString()
        .replace(/\.\d+Z$/, 'Z')
        .replace(/:/g, '-');
}
/**
 * Creates a new run directory `parent/name` — or `name-2`, `name-3` … when that exists — and returns
 * it. Names are to the second: two runs started in the same second into one `run.out` (two jobs in
 * one workspace, a matrix on one machine) each get their own directory instead of writing into one.
 */
function newRunDir(parent, name) {
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync)(parent, { recursive: true });
    for (let i = 1;; i++) {
        const dir = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(parent, i === 1 ? name : `${name}-${i}`);
        try {
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync)(dir);
            return dir;
        }
        catch (e) {
            if (e.code !== 'EEXIST' || i >= 1000)
                throw e;
        }
    }
}
function writeJson(path, value) {
    // Per process, so two writers of one path never rename each other's temporary file.
    const tmp = `${path}.${process.pid}.tmp`;
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

/***/ 58394:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   d: () => (/* binding */ realClock)
/* harmony export */ });
/* harmony import */ var node_perf_hooks__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(643);
/**
 * Time as a seam. Everything that reads the monotonic clock or waits (the runner's pacer, the
 * client's timeouts, the gate phases, the simulator) takes a Clock, with `realClock` as the
 * default, so logic can be run on virtual time in tests with exact, repeatable results.
 *
 * Times are milliseconds on a monotonic clock; only differences are meaningful.
 */

/**
 * Node timers fire on whole milliseconds of the event loop's cached clock, so a timer can wake up
 * to about a millisecond late. sleepUntil sets its timer `slackMs` before `due` and covers the
 * rest by yielding to the event loop (setImmediate, which still runs I/O) until `due` has passed:
 * sub-millisecond precision for at most `slackMs` of busy waiting per sleep.
 */
const realClock = {
    now: () => node_perf_hooks__WEBPACK_IMPORTED_MODULE_0__.performance.now(),
    setTimer(fn, ms) {
        const t = setTimeout(fn, Math.max(0, ms));
        return { cancel: () => clearTimeout(t) };
    },
    sleepUntil(due, signal, slackMs = 0) {
        return new Promise((resolve) => {
            if (signal?.aborted)
                return resolve();
            let timer;
            let immediate;
            const onAbort = () => {
                clearTimeout(timer);
                clearImmediate(immediate);
                resolve();
            };
            const tick = () => {
                const left = due - node_perf_hooks__WEBPACK_IMPORTED_MODULE_0__.performance.now();
                if (left <= 0) {
                    signal?.removeEventListener('abort', onAbort);
                    return resolve();
                }
                if (left > slackMs)
                    timer = setTimeout(tick, left - slackMs);
                else
                    immediate = setImmediate(tick);
            };
            signal?.addEventListener('abort', onAbort, { once: true });
            tick();
        });
    },
};


/***/ }),

/***/ 47402:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E: () => (/* binding */ parseDuration)
/* harmony export */ });
/** Parses durations like `500ms`, `30s`, `5m`, `1h` or a bare number of seconds. Returns seconds. */
function parseDuration(text) {
    const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(text);
    if (!m)
        return undefined;
    const n = Number(m[1]);
    const unit = m[2] ?? 's';
    const factor = unit === 'ms' ? 0.001 : unit === 's' ? 1 : unit === 'm' ? 60 : 3600;
    return n * factor;
}


/***/ }),

/***/ 68884:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   _: () => (/* binding */ stableJson)
/* harmony export */ });
/** JSON helpers with no dependencies: a leaf every layer may use. */
/** JSON with sorted keys, so equal objects hash equally whatever their key order. */
function stableJson(x) {
    if (Array.isArray(x))
        return `[${x.map(stableJson).join(',')}]`;
    if (x && typeof x === 'object')
        return `{${Object.keys(x)
            .sort()
            .map((k) => `${JSON.stringify(k)}:${stableJson(x[k])}`)
            .join(',')}}`;
    return JSON.stringify(x);
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

/***/ 75073:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   I: () => (/* binding */ seededRandom)
/* harmony export */ });
/** Small seeded PRNG (mulberry32): fast, deterministic, good enough for arrival times and sampling. */
function seededRandom(seed) {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
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
