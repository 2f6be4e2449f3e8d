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
import { getOctokit } from '@actions/github';
import { redact } from '../util/text.js';

export interface CommentTarget {
  /** REST API root, e.g. https://api.github.com or https://ghe.example.com/api/v3 (GITHUB_API_URL). */
  apiUrl: string;
  token: string;
  owner: string;
  repo: string;
  /** Issue or pull-request number (PR comments are issue comments). */
  issueNumber: number;
  /** login whose comments we may update; default 'github-actions[bot]' */
  author?: string;
}

export interface UpsertResult {
  action: 'created' | 'updated' | 'skipped' | 'forbidden';
  /** Comment id (created/updated). */
  id?: number;
  /** Comment html_url (created/updated). */
  url?: string;
  /** Set with 'forbidden': a sentence for the log explaining why and what to do. */
  warning?: string;
}

export interface UpsertOptions {
  /** Only update an existing comment; never create one (result 'skipped' if absent). */
  onlyIfExists?: boolean;
  /** Budget for the whole operation (listing + write), in ms. Default 60_000. */
  timeoutMs?: number;
}

/** GitHub rejects comment bodies longer than this many characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;

const DEFAULT_AUTHOR = 'github-actions[bot]';

/**
 * Hidden HTML comment identifying the comment for `gateName`. The name is percent-encoded
 * (encodeURIComponent, plus `-` wherever two would touch) so it cannot contain `>` or `--` and
 * therefore cannot close the HTML comment; the encoding is injective, so distinct names give
 * distinct markers, and the trailing ` -->` keeps one marker from being a prefix of another.
 */
export function commentMarker(gateName: string): string {
  const safe = encodeURIComponent(gateName).replace(/-(?=-)/g, '%2D');
  return `<!-- llm-loadgate:gate=${safe} -->`;
}

/**
 * Creates or updates the single comment for `gateName` on the target issue/PR.
 * The posted body is `marker + "\n" + body`, truncated to GitHub's limit if needed.
 */
export async function upsertComment(t: CommentTarget, gateName: string, body: string, opts: UpsertOptions = {}): Promise<UpsertResult> {
  const marker = commentMarker(gateName);
  const author = (t.author ?? DEFAULT_AUTHOR).toLowerCase();
  const fullBody = fitToLimit(marker, body);
  const where = `${t.owner}/${t.repo}#${t.issueNumber}`;
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const signal = AbortSignal.timeout(timeoutMs);
  const octokit = getOctokit(t.token, { baseUrl: t.apiUrl.replace(/\/+$/, '') });
  const base = { owner: t.owner, repo: t.repo, request: { signal } };

  let step = `listing comments on ${where}`;
  try {
    const existing = await findOurs(octokit, { ...base, issue_number: t.issueNumber }, author, marker, new URL(t.apiUrl).origin);
    if (existing) {
      step = `updating comment ${existing.id} on ${where}`;
      const res = await octokit.rest.issues.updateComment({ ...base, comment_id: existing.id, body: fullBody });
      return { action: 'updated', id: res.data.id, url: res.data.html_url };
    }
    if (opts.onlyIfExists) return { action: 'skipped' };

    step = `creating a comment on ${where}`;
    const res = await octokit.rest.issues.createComment({ ...base, issue_number: t.issueNumber, body: fullBody });
    return { action: 'created', id: res.data.id, url: res.data.html_url };
  } catch (err) {
    const status = httpStatus(err);
    if ((status === 403 && !isRateLimited(err)) || status === 404) {
      return { action: 'forbidden', warning: forbiddenWarning(status, step) };
    }
    throw new Error(redact(describeFailure(err, status, step, t.apiUrl, signal, timeoutMs), [t.token]), {
      cause: redactCause(err, t.token),
    });
  }
}

type Octokit = ReturnType<typeof getOctokit>;
type ListParams = Parameters<Octokit['rest']['issues']['listComments']>[0] & { request: { signal: AbortSignal } };

/** GitHub caps per_page at 100; 1,000 pages (100k comments) bounds a runaway Link chain. */
const MAX_PAGES = 1_000;

/**
 * The oldest comment containing `marker` written by `author`, walking every page of the issue's
 * comments (oldest first) by following GitHub's `Link: <…>; rel="next"` and stopping once found.
 * Hand-rolled rather than octokit.paginate, which drops per-call `request` options (our abort
 * signal) after the first page.
 */
async function findOurs(octokit: Octokit, params: ListParams, author: string, marker: string, origin: string): Promise<{ id: number; html_url: string } | undefined> {
  let res = await octokit.rest.issues.listComments({ ...params, per_page: 100 });
  for (let page = 1; ; page++) {
    const mine = res.data.find((c) => c.user?.login.toLowerCase() === author && (c.body ?? '').includes(marker));
    if (mine) return { id: mine.id, html_url: mine.html_url };
    const next = /<([^<>]+)>;\s*rel="next"/.exec(res.headers.link ?? '')?.[1];
    if (!next || page >= MAX_PAGES) return undefined;
    // The token goes with every request: never follow a Link to another origin.
    if (new URL(next).origin !== origin) throw new Error(`refusing to follow a pagination link to another origin (${new URL(next).origin})`);
    res = (await octokit.request({ method: 'GET', url: next, request: params.request })) as typeof res;
  }
}

/**
 * `marker + "\n" + body`, cut so the whole fits GitHub's limit. The cut prefers the last line
 * break in the final 2,000 characters (no half table row), never splits a surrogate pair, closes
 * a ``` fence left open, and appends a note saying how much was dropped. JS string length counts
 * UTF-16 units, which is never fewer than GitHub's character count, so the check is conservative.
 */
export function fitToLimit(marker: string, body: string, limit = GITHUB_COMMENT_LIMIT): string {
  const head = `${marker}\n`;
  if (head.length + body.length <= limit) return head + body;
  const note = (dropped: number): string =>
    `\n\n> [!WARNING]\n> Report truncated: ${dropped.toLocaleString('en-US')} of ${body.length.toLocaleString('en-US')} characters ` +
    `omitted to fit GitHub's ${limit.toLocaleString('en-US')}-character comment limit. ` +
    `The full report is in the workflow run's job summary and artifacts.`;
  const fenceClose = '\n```';
  // Reserve room for the worst-case note (dropped count as long as the body length) and a fence.
  const room = limit - head.length - note(body.length).length - fenceClose.length;
  if (room <= 0) throw new Error(`comment marker too long to fit GitHub's ${limit}-character limit`);
  let cut = room;
  const nl = body.lastIndexOf('\n', cut);
  if (nl >= 0 && cut - nl <= 2_000) cut = nl;
  const code = body.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1; // don't leave a lone high surrogate
  let kept = body.slice(0, cut);
  const fences = kept.match(/^[ \t]*```/gm)?.length ?? 0;
  if (fences % 2 === 1) kept += fenceClose;
  return head + kept + note(body.length - cut);
}

function httpStatus(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { status?: unknown; response?: unknown };
  // Octokit reports network failures and aborts as status 500 without a response; those are
  // not HTTP answers, so only trust `status` when a response came back.
  return typeof e.status === 'number' && e.response !== undefined ? e.status : undefined;
}

function responseOf(err: unknown): { headers?: Record<string, string | undefined>; data?: unknown } | undefined {
  return (err as { response?: { headers?: Record<string, string | undefined>; data?: unknown } }).response;
}

function isRateLimited(err: unknown): boolean {
  const r = responseOf(err);
  if (r?.headers?.['x-ratelimit-remaining'] === '0' || r?.headers?.['retry-after'] !== undefined) return true;
  return /rate limit/i.test(githubMessage(err));
}

/** GitHub's `message` (plus validation `errors[].message`) from the error body, or the error text. */
function githubMessage(err: unknown): string {
  const data = responseOf(err)?.data;
  if (data && typeof data === 'object') {
    const d = data as { message?: unknown; errors?: unknown };
    const parts = typeof d.message === 'string' ? [d.message] : [];
    if (Array.isArray(d.errors)) {
      for (const x of d.errors) {
        const m = (x as { message?: unknown } | null)?.message;
        if (typeof m === 'string') parts.push(m);
      }
    }
    if (parts.length) return parts.join(': ');
  }
  if (typeof data === 'string' && data.trim()) return data.trim().slice(0, 500);
  return err instanceof Error ? err.message : String(err);
}

function describeFailure(err: unknown, status: number | undefined, step: string, apiUrl: string, signal: AbortSignal, timeoutMs: number): string {
  if (signal.aborted) return `llm-loadgate: GitHub API at ${apiUrl} timed out after ${timeoutMs} ms while ${step}`;
  if (status === undefined) {
    return `llm-loadgate: request to the GitHub API at ${apiUrl} failed while ${step}: ${githubMessage(err)}`;
  }
  const hint =
    status === 401
      ? ' (the token was rejected: check the github-token input)'
      : status === 403
        ? ' (rate limited: retry later)'
        : status === 422
          ? ' (GitHub rejected the comment)'
          : '';
  return `llm-loadgate: GitHub API answered HTTP ${status} while ${step}${hint}: ${githubMessage(err)}`;
}

function forbiddenWarning(status: number, step: string): string {
  return (
    `llm-loadgate could not post its PR comment: GitHub answered HTTP ${status} while ${step}, which means the ` +
    `token cannot write to this pull request. This is expected for pull requests from forks, whose ` +
    `GITHUB_TOKEN is read-only; the gate verdict itself is unaffected. To get the comment on fork PRs, ` +
    `upload the report as an artifact and post it from a separate workflow triggered by \`workflow_run\` ` +
    `(it runs in the base repository with a write token); for same-repository PRs, grant ` +
    `\`permissions: pull-requests: write\` to the job.`
  );
}

/** Keep the original error for debugging, minus anything that could carry the token. */
function redactCause(err: unknown, token: string): unknown {
  if (!(err instanceof Error)) return undefined;
  const clean = new Error(redact(err.message, [token]));
  clean.name = err.name;
  return clean;
}
