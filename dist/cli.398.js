export const id = 398;
export const ids = [398];
export const modules = {

/***/ 23398:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  commentCommand: () => (/* binding */ commentCommand)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(57975);
// EXTERNAL MODULE: ./node_modules/@actions/github/lib/github.js + 22 modules
var github = __webpack_require__(92413);
// EXTERNAL MODULE: ./lib/util/text.js
var util_text = __webpack_require__(28805);
;// CONCATENATED MODULE: ./lib/action/github.js
/**
 * Sticky pull-request comment: one comment per gate name, created once and edited in place on
 * every later run, so a PR shows the latest verdict instead of a growing pile of reports.
 *
 * Everything comes in through `CommentTarget` (no @actions/core, no github.context), so the
 * module runs unchanged against the fake server in tests and against GitHub / GHES in the action.
 *
 * Contract:
 * - The comment is found by a hidden marker (`commentMarker`) AND its author login; a comment by
 *   anyone else that quotes the marker is never edited (GitHub lets a write token edit other
 *   people's comments, so the author check is what keeps us off them).
 * - A read-only token (fork PRs) is not an error: 403/404 yields `{ action: 'forbidden', warning }`.
 *   Rate limits (403 with x-ratelimit-remaining: 0 or a "rate limit" message) are not
 *   permission problems and throw like any other failure.
 * - Other failures throw an Error naming the HTTP status and the step; the token never appears
 *   in it (it is redacted even if a server echoes it back).
 * - Bodies are cut to fit GitHub's 65,536-character limit, marker kept, with a note appended.
 * - Not atomic: two jobs racing on the same gate name with no comment yet can both create one.
 *   Later runs then update the oldest of ours and leave the other alone.
 */


/** GitHub rejects comment bodies longer than this many characters. */
const GITHUB_COMMENT_LIMIT = 65_536;
const DEFAULT_AUTHOR = 'github-actions[bot]';
/**
 * Hidden HTML comment identifying the comment for `gateName`. The name is percent-encoded
 * (encodeURIComponent, plus `-` wherever two would touch) so it cannot contain `>` or `--` and
 * therefore cannot close the HTML comment; the encoding is injective, so distinct names give
 * distinct markers, and the trailing ` -->` keeps one marker from being a prefix of another.
 */
function commentMarker(gateName) {
    const safe = encodeURIComponent(gateName).replace(/-(?=-)/g, '%2D');
    return `<!-- llm-loadgate:gate=${safe} -->`;
}
/**
 * Creates or updates the single comment for `gateName` on the target issue/PR.
 * The posted body is `marker + "\n" + body`, truncated to GitHub's limit if needed.
 */
async function upsertComment(t, gateName, body, opts = {}) {
    const marker = commentMarker(gateName);
    const author = (t.author ?? DEFAULT_AUTHOR).toLowerCase();
    const fullBody = fitToLimit(marker, body);
    const where = `${t.owner}/${t.repo}#${t.issueNumber}`;
    const timeoutMs = opts.timeoutMs ?? 60_000;
    const signal = AbortSignal.timeout(timeoutMs);
    const octokit = (0,github/* getOctokit */.Q)(t.token, { baseUrl: t.apiUrl.replace(/\/+$/, '') });
    const base = { owner: t.owner, repo: t.repo, request: { signal } };
    let step = `listing comments on ${where}`;
    try {
        const existing = await findOurs(octokit, { ...base, issue_number: t.issueNumber }, author, marker, new URL(t.apiUrl).origin);
        if (existing) {
            step = `updating comment ${existing.id} on ${where}`;
            const res = await octokit.rest.issues.updateComment({ ...base, comment_id: existing.id, body: fullBody });
            return { action: 'updated', id: res.data.id, url: res.data.html_url };
        }
        if (opts.onlyIfExists)
            return { action: 'skipped' };
        step = `creating a comment on ${where}`;
        const res = await octokit.rest.issues.createComment({ ...base, issue_number: t.issueNumber, body: fullBody });
        return { action: 'created', id: res.data.id, url: res.data.html_url };
    }
    catch (err) {
        const status = httpStatus(err);
        if ((status === 403 && !isRateLimited(err)) || status === 404) {
            return { action: 'forbidden', warning: forbiddenWarning(status, step) };
        }
        throw new Error((0,util_text/* redact */.E)(describeFailure(err, status, step, t.apiUrl, signal, timeoutMs), [t.token]), {
            cause: redactCause(err, t.token),
        });
    }
}
/** GitHub caps per_page at 100; 1,000 pages (100k comments) bounds a runaway Link chain. */
const MAX_PAGES = 1_000;
/**
 * The oldest comment containing `marker` written by `author`, walking every page of the issue's
 * comments (oldest first) by following GitHub's `Link: <…>; rel="next"` and stopping once found.
 * Hand-rolled rather than octokit.paginate, which drops per-call `request` options (our abort
 * signal) after the first page.
 */
async function findOurs(octokit, params, author, marker, origin) {
    let res = await octokit.rest.issues.listComments({ ...params, per_page: 100 });
    for (let page = 1;; page++) {
        const mine = res.data.find((c) => c.user?.login.toLowerCase() === author && (c.body ?? '').includes(marker));
        if (mine)
            return { id: mine.id, html_url: mine.html_url };
        const next = /<([^<>]+)>;\s*rel="next"/.exec(res.headers.link ?? '')?.[1];
        if (!next || page >= MAX_PAGES)
            return undefined;
        // The token goes with every request: never follow a Link to another origin.
        if (new URL(next).origin !== origin)
            throw new Error(`refusing to follow a pagination link to another origin (${new URL(next).origin})`);
        res = (await octokit.request({ method: 'GET', url: next, request: params.request }));
    }
}
/**
 * `marker + "\n" + body`, cut so the whole fits GitHub's limit. The cut prefers the last line
 * break in the final 2,000 characters (no half table row), never splits a surrogate pair, closes
 * a ``` fence left open, and appends a note saying how much was dropped. JS string length counts
 * UTF-16 units, which is never fewer than GitHub's character count, so the check is conservative.
 */
function fitToLimit(marker, body, limit = GITHUB_COMMENT_LIMIT) {
    const head = `${marker}\n`;
    if (head.length + body.length <= limit)
        return head + body;
    const note = (dropped) => `\n\n> [!WARNING]\n> Report truncated: ${dropped.toLocaleString('en-US')} of ${body.length.toLocaleString('en-US')} characters ` +
        `omitted to fit GitHub's ${limit.toLocaleString('en-US')}-character comment limit. ` +
        `The full report is in the workflow run's job summary and artifacts.`;
    const fenceClose = '\n```';
    // Reserve room for the worst-case note (dropped count as long as the body length) and a fence.
    const room = limit - head.length - note(body.length).length - fenceClose.length;
    if (room <= 0)
        throw new Error(`comment marker too long to fit GitHub's ${limit}-character limit`);
    let cut = room;
    const nl = body.lastIndexOf('\n', cut);
    if (nl >= 0 && cut - nl <= 2_000)
        cut = nl;
    const code = body.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff)
        cut -= 1; // don't leave a lone high surrogate
    let kept = body.slice(0, cut);
    const fences = kept.match(/^[ \t]*```/gm)?.length ?? 0;
    if (fences % 2 === 1)
        kept += fenceClose;
    return head + kept + note(body.length - cut);
}
function httpStatus(err) {
    if (typeof err !== 'object' || err === null)
        return undefined;
    const e = err;
    // Octokit reports network failures and aborts as status 500 without a response; those are
    // not HTTP answers, so only trust `status` when a response came back.
    return typeof e.status === 'number' && e.response !== undefined ? e.status : undefined;
}
function responseOf(err) {
    return err.response;
}
function isRateLimited(err) {
    const r = responseOf(err);
    if (r?.headers?.['x-ratelimit-remaining'] === '0' || r?.headers?.['retry-after'] !== undefined)
        return true;
    return /rate limit/i.test(githubMessage(err));
}
/** GitHub's `message` (plus validation `errors[].message`) from the error body, or the error text. */
function githubMessage(err) {
    const data = responseOf(err)?.data;
    if (data && typeof data === 'object') {
        const d = data;
        const parts = typeof d.message === 'string' ? [d.message] : [];
        if (Array.isArray(d.errors)) {
            for (const x of d.errors) {
                const m = x?.message;
                if (typeof m === 'string')
                    parts.push(m);
            }
        }
        if (parts.length)
            return parts.join(': ');
    }
    if (typeof data === 'string' && data.trim())
        return data.trim().slice(0, 500);
    return err instanceof Error ? err.message : String(err);
}
function describeFailure(err, status, step, apiUrl, signal, timeoutMs) {
    if (signal.aborted)
        return `llm-loadgate: GitHub API at ${apiUrl} timed out after ${timeoutMs} ms while ${step}`;
    if (status === undefined) {
        return `llm-loadgate: request to the GitHub API at ${apiUrl} failed while ${step}: ${githubMessage(err)}`;
    }
    const hint = status === 401
        ? ' (the token was rejected: check the github-token input)'
        : status === 403
            ? ' (rate limited: retry later)'
            : status === 422
                ? ' (GitHub rejected the comment)'
                : '';
    return `llm-loadgate: GitHub API answered HTTP ${status} while ${step}${hint}: ${githubMessage(err)}`;
}
function forbiddenWarning(status, step) {
    return (`llm-loadgate could not post its PR comment: GitHub answered HTTP ${status} while ${step}, which means the ` +
        `token cannot write to this pull request. This is expected for pull requests from forks, whose ` +
        `GITHUB_TOKEN is read-only; the gate verdict itself is unaffected. To get the comment on fork PRs, ` +
        `upload the report as an artifact and post it from a separate workflow triggered by \`workflow_run\` ` +
        `(it runs in the base repository with a write token); for same-repository PRs, grant ` +
        `\`permissions: pull-requests: write\` to the job.`);
}
/** Keep the original error for debugging, minus anything that could carry the token. */
function redactCause(err, token) {
    if (!(err instanceof Error))
        return undefined;
    const clean = new Error((0,util_text/* redact */.E)(err.message, [token]));
    clean.name = err.name;
    return clean;
}

// EXTERNAL MODULE: ./lib/cli/errors.js
var errors = __webpack_require__(3467);
// EXTERNAL MODULE: ./lib/util/errors.js
var util_errors = __webpack_require__(99661);
;// CONCATENATED MODULE: ./lib/cli/comment.js
/**
 * `llm-loadgate comment`: posts (or updates in place) the gate's pull-request comment from a
 * report file. For the fork-safe pattern: the untrusted pull_request job runs the gate without
 * secrets and uploads its summary; a workflow_run job with a write token posts it.
 */






const HELP = `llm-loadgate comment --file RUN_DIR|summary.md --repo OWNER/REPO [--pr N] [--name GATE]
                     [--token-env GITHUB_TOKEN] [--api-url https://api.github.com] [--only-if-exists]

Creates the gate's comment on the pull request, or updates the one it created before.
--pr and --name default to the comment.json a pull-request run writes beside summary.md.`;
async function commentCommand(argv) {
    const { values: v } = (0,external_node_util_.parseArgs)({
        args: argv,
        strict: true,
        options: {
            file: { type: 'string' },
            repo: { type: 'string' },
            pr: { type: 'string' },
            name: { type: 'string' },
            'token-env': { type: 'string', default: 'GITHUB_TOKEN' },
            'api-url': { type: 'string', default: process.env.GITHUB_API_URL ?? 'https://api.github.com' },
            'only-if-exists': { type: 'boolean', default: false },
            help: { type: 'boolean', short: 'h' },
        },
    });
    if (v.help) {
        process.stdout.write(`${HELP}\n`);
        return errors/* EXIT */.d.ok;
    }
    const errs = [];
    const [owner, repo] = (v.repo ?? '').split('/');
    const file = v.file && (0,external_node_fs_.existsSync)(v.file) && (0,external_node_fs_.statSync)(v.file).isDirectory() ? (0,external_node_path_.join)(v.file, 'summary.md') : v.file;
    const meta = file ? commentMeta((0,external_node_path_.join)((0,external_node_path_.dirname)(file), 'comment.json')) : {};
    const prText = v.pr ?? (meta.pr === undefined ? undefined : String(meta.pr));
    const name = v.name ?? (typeof meta.name === 'string' ? meta.name : 'default');
    if (!file)
        errs.push('--file is required: the markdown report to post (a run directory, or its summary.md)');
    if (!owner || !repo)
        errs.push(`--repo ${JSON.stringify(v.repo ?? '')}: expected OWNER/REPO`);
    const pr = Number(prText);
    if (!prText || !/^\d+$/.test(prText) || !Number.isSafeInteger(pr) || pr <= 0)
        errs.push(`--pr ${JSON.stringify(prText ?? '')}: expected a pull-request number (or a comment.json beside the report)`);
    const token = process.env[v['token-env']];
    if (!token)
        errs.push(`--token-env ${v['token-env']}: that environment variable is empty; it must hold a token that may write issue comments`);
    if (errs.length)
        throw new util_errors/* UsageError */.eb(`comment: ${errs.join('\n  - ')}\n\n${HELP}`);
    let body;
    try {
        body = (0,external_node_fs_.readFileSync)(file, 'utf8');
    }
    catch (e) {
        throw new util_errors/* UsageError */.eb(`comment: cannot read --file ${file}: ${e.code ?? e.message}`);
    }
    if (meta.cancelled === true) {
        process.stdout.write(`the gate run was cancelled: its partial report is not posted (the comment on #${pr} is left as it was)\n`);
        return errors/* EXIT */.d.ok;
    }
    const res = await upsertComment({ apiUrl: v['api-url'], token: token, owner: owner, repo: repo, issueNumber: pr }, name, body, { onlyIfExists: v['only-if-exists'] });
    if (res.action === 'forbidden') {
        process.stderr.write(`${res.warning}\n`);
        return errors/* EXIT */.d.usage;
    }
    process.stdout.write(`comment ${res.action}${res.url ? `: ${res.url}` : ''}\n`);
    return errors/* EXIT */.d.ok;
}
/** comment.json (gate name, pull request) written beside summary.md by a pull-request run; {} when absent. */
function commentMeta(path) {
    if (!(0,external_node_fs_.existsSync)(path))
        return {};
    try {
        return JSON.parse((0,external_node_fs_.readFileSync)(path, 'utf8'));
    }
    catch {
        throw new util_errors/* UsageError */.eb(`comment: ${path} is not valid JSON; it is written by the gate run beside summary.md (or pass --pr and --name)`);
    }
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
