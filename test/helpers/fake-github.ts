/**
 * A real HTTP server on 127.0.0.1 that answers like GitHub's REST API for issue comments, so
 * comment code (and the bundled action, with GITHUB_API_URL=<url>) runs over real HTTP with no
 * mocks.
 *
 * Endpoints (any owner/repo is accepted; comments are kept per owner/repo/issue):
 *   GET   /repos/:owner/:repo/issues/:n/comments   ?per_page (default 30, max 100) &page (default 1)
 *   GET   /repositories/:id/issues/:n/comments     same, the form GitHub puts in Link headers
 *   POST  /repos/:owner/:repo/issues/:n/comments   {"body": "..."} → 201, comment by `login`
 *   GET   /repos/:owner/:repo/issues/comments/:id
 *   PATCH /repos/:owner/:repo/issues/comments/:id  {"body": "..."} → 200 (like GitHub, any
 *         author's comment may be edited: keeping off other people's comments is the client's job)
 *   anything else → 404 {"message":"Not Found"}
 *
 * GitHub behaviours reproduced: `Authorization: Bearer <token>` or `token <token>` (401 "Bad
 * credentials" / "Requires authentication" otherwise); Link headers with absolute URLs and
 * rel="prev"/"next"/"last"/"first", omitted when there is one page; ascending order by id;
 * read-only tokens get 403 "Resource not accessible by integration" on POST/PATCH while GET still
 * works (as for fork PRs); bodies over 65,536 characters get 422 "Validation Failed".
 *
 * Every request is recorded (method, path with query, headers, raw body), before auth, so tests
 * can check exactly what was sent, e.g. that a secret never appeared outside `authorization`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeComment {
  id: number;
  node_id: string;
  url: string;
  html_url: string;
  issue_url: string;
  body: string;
  user: { login: string; id: number; type: 'User' | 'Bot' };
  author_association: string;
  created_at: string;
  updated_at: string;
  /** Location (not part of GitHub's JSON; never serialized). */
  owner: string;
  repo: string;
  issue_number: number;
}

export interface SeedComment {
  body: string;
  /** Author login; default: the server's `login`. Type is 'Bot' when it ends in "[bot]". */
  login?: string;
  /** Default: the server's `defaultRepo` ("owner/name"). */
  repo?: string;
  /** Default 1. */
  issue?: number;
}

export interface RecordedRequest {
  method: string;
  /** Path with query string, e.g. /repos/o/r/issues/1/comments?per_page=100&page=2 */
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A scripted answer from `fault`: a status/body/headers, or 'hang' (never answer until close). */
export type Fault = { status: number; body?: unknown; headers?: Record<string, string> } | 'hang';

export interface FakeGitHubOptions {
  /** The one token accepted. */
  token: string;
  /** Identity of the token: author of comments created through the API. Default 'github-actions[bot]'. */
  login?: string;
  /** Writes answer 403 like a fork PR's GITHUB_TOKEN. Default false (also settable later). */
  readOnly?: boolean;
  /** "owner/name" used for seeds without `repo`. Default 'acme/widgets'. */
  defaultRepo?: string;
  /** Comments present before the first request, in order (ids ascend). */
  comments?: SeedComment[];
}

export interface FakeGitHub {
  /** API root to use as apiUrl / GITHUB_API_URL, e.g. http://127.0.0.1:41234 (no trailing slash). */
  url: string;
  /** Every comment on every issue, in creation order; live (mutations are visible immediately). */
  comments: FakeComment[];
  /** Every request received, in arrival order. */
  requests: RecordedRequest[];
  /** Writes answer 403 while true. */
  readOnly: boolean;
  /** Consulted first for each request; return a Fault to answer with it instead of the normal route. */
  fault: ((req: { method: string; path: string }) => Fault | undefined) | undefined;
  /** Adds a comment as if posted by `seed.login`. */
  addComment(seed: SeedComment): FakeComment;
  /** Comments on one issue (default repo unless given), oldest first. */
  commentsOn(issue: number, repo?: string): FakeComment[];
  close(): Promise<void>;
}

const GITHUB_ACTIONS_BOT = { login: 'github-actions[bot]', id: 41898282 };
const MAX_BODY_CHARS = 65_536;
const MAX_REQUEST_BYTES = 1 << 20;
const DOCS = 'https://docs.github.com/rest';

export async function startFakeGitHub(opts: FakeGitHubOptions): Promise<FakeGitHub> {
  const login = opts.login ?? GITHUB_ACTIONS_BOT.login;
  const defaultRepo = opts.defaultRepo ?? 'acme/widgets';
  const comments: FakeComment[] = [];
  const requests: RecordedRequest[] = [];
  const repoIds = new Map<string, number>(); // "owner/repo" → numeric id for /repositories/:id links
  const userIds = new Map<string, number>([[GITHUB_ACTIONS_BOT.login, GITHUB_ACTIONS_BOT.id]]);
  let nextId = 1_000_001;
  let base = '';

  const repoId = (full: string): number => {
    if (!repoIds.has(full)) repoIds.set(full, 500_000 + repoIds.size);
    return repoIds.get(full)!;
  };
  const userId = (l: string): number => {
    if (!userIds.has(l)) userIds.set(l, 9_000 + userIds.size);
    return userIds.get(l)!;
  };
  const now = (): string => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

  function addComment(seed: SeedComment): FakeComment {
    const [owner = '', repo = ''] = (seed.repo ?? defaultRepo).split('/');
    const issue = seed.issue ?? 1;
    const who = seed.login ?? login;
    const id = nextId++;
    const t = now();
    repoId(`${owner}/${repo}`);
    const c: FakeComment = {
      id,
      node_id: `IC_fake${id}`,
      url: `${base}/repos/${owner}/${repo}/issues/comments/${id}`,
      html_url: `https://github.com/${owner}/${repo}/pull/${issue}#issuecomment-${id}`,
      issue_url: `${base}/repos/${owner}/${repo}/issues/${issue}`,
      body: seed.body,
      user: { login: who, id: userId(who), type: who.endsWith('[bot]') ? 'Bot' : 'User' },
      author_association: who.endsWith('[bot]') ? 'NONE' : 'MEMBER',
      created_at: t,
      updated_at: t,
      owner,
      repo,
      issue_number: issue,
    };
    comments.push(c);
    return c;
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (b: Buffer) => {
      size += b.length;
      if (size <= MAX_REQUEST_BYTES) chunks.push(b);
    });
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const method = req.method ?? 'GET';
      const path = req.url ?? '/';
      requests.push({ method, path, headers: req.headers, body });
      try {
        if (size > MAX_REQUEST_BYTES) return send(res, 413, { message: 'Payload too large' });
        handle(req, res, method, path, body);
      } catch (err) {
        send(res, 500, { message: `fake-github bug: ${String(err)}` });
      }
    });
  });

  function handle(req: IncomingMessage, res: ServerResponse, method: string, path: string, raw: string): void {
    const fault = handleObj.fault?.({ method, path });
    if (fault === 'hang') return; // left open; close() destroys the socket
    if (fault) return send(res, fault.status, fault.body ?? { message: 'Fault' }, fault.headers);

    const auth = req.headers.authorization;
    if (!auth) return send(res, 401, { message: 'Requires authentication', documentation_url: DOCS, status: '401' });
    const m = /^(?:bearer|token)\s+(.+)$/i.exec(auth.trim());
    if (!m || m[1] !== opts.token) return send(res, 401, { message: 'Bad credentials', documentation_url: DOCS, status: '401' });

    const u = new URL(path, base);
    let r: RegExpExecArray | null;
    if ((r = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(u.pathname))) {
      const [, owner = '', repo = '', n = ''] = r;
      if (method === 'GET') return list(res, u, owner, repo, Number(n));
      if (method === 'POST') return write(res, raw, 201, 'create-an-issue-comment', (b) => addComment({ body: b, repo: `${owner}/${repo}`, issue: Number(n), login }));
    } else if ((r = /^\/repositories\/(\d+)\/issues\/(\d+)\/comments$/.exec(u.pathname)) && method === 'GET') {
      const full = [...repoIds].find(([, id]) => id === Number(r![1]))?.[0];
      if (full) {
        const [owner = '', repo = ''] = full.split('/');
        return list(res, u, owner, repo, Number(r[2]));
      }
    } else if ((r = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/.exec(u.pathname))) {
      const [, owner, repo, id] = r;
      const c = comments.find((x) => x.id === Number(id) && x.owner === owner && x.repo === repo);
      if (c && method === 'GET') return send(res, 200, wire(c));
      if (c && method === 'PATCH') {
        return write(res, raw, 200, 'update-an-issue-comment', (b) => {
          c.body = b;
          c.updated_at = now();
          return c;
        });
      }
    }
    send(res, 404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
  }

  function list(res: ServerResponse, u: URL, owner: string, repo: string, issue: number): void {
    const all = comments.filter((c) => c.owner === owner && c.repo === repo && c.issue_number === issue);
    const perPage = clampInt(u.searchParams.get('per_page'), 30, 1, 100);
    const page = clampInt(u.searchParams.get('page'), 1, 1, Number.MAX_SAFE_INTEGER);
    const last = Math.max(1, Math.ceil(all.length / perPage));
    const linkTo = (p: number): string => {
      const q = new URLSearchParams(u.searchParams);
      q.set('page', String(p));
      return `<${base}/repositories/${repoId(`${owner}/${repo}`)}/issues/${issue}/comments?${q}>`;
    };
    const rels: string[] = [];
    if (page > 1) rels.push(`${linkTo(Math.min(page - 1, last))}; rel="prev"`);
    if (page < last) rels.push(`${linkTo(page + 1)}; rel="next"`, `${linkTo(last)}; rel="last"`);
    if (page > 1) rels.push(`${linkTo(1)}; rel="first"`);
    const items = all.slice((page - 1) * perPage, page * perPage).map(wire);
    send(res, 200, items, rels.length ? { link: rels.join(', ') } : {});
  }

  /** POST/PATCH: read-only check, body validation like GitHub, then apply. */
  function write(res: ServerResponse, raw: string, okStatus: number, doc: string, apply: (body: string) => FakeComment): void {
    if (handleObj.readOnly) {
      return send(
        res,
        403,
        { message: 'Resource not accessible by integration', documentation_url: `${DOCS}/issues/comments#${doc}`, status: '403' },
        { 'x-accepted-github-permissions': 'issues=write; pull_requests=write' },
      );
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return send(res, 400, { message: 'Problems parsing JSON', documentation_url: DOCS, status: '400' });
    }
    const b = (parsed as { body?: unknown } | null)?.body;
    if (typeof b !== 'string') {
      return send(res, 422, { message: `Invalid request.\n\nFor 'properties/body', ${JSON.stringify(b ?? null)} is not a string.`, documentation_url: DOCS, status: '422' });
    }
    if ([...b].length > MAX_BODY_CHARS) {
      return send(res, 422, {
        message: 'Validation Failed',
        errors: [{ resource: 'IssueComment', code: 'custom', field: 'body', message: `body is too long (maximum is ${MAX_BODY_CHARS} characters)` }],
        documentation_url: DOCS,
        status: '422',
      });
    }
    send(res, okStatus, wire(apply(b)));
  }

  function send(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
    const text = JSON.stringify(payload);
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
      'x-github-media-type': 'github.v3; format=json',
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': '4999',
      ...headers,
    });
    res.end(text);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const handleObj: FakeGitHub = {
    url: base,
    comments,
    requests,
    readOnly: opts.readOnly ?? false,
    fault: undefined,
    addComment,
    commentsOn: (issue, repo = defaultRepo) => comments.filter((c) => `${c.owner}/${c.repo}` === repo && c.issue_number === issue),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  for (const s of opts.comments ?? []) addComment(s);
  return handleObj;
}

/** GitHub's JSON for a comment (location fields stripped). */
function wire(c: FakeComment): Omit<FakeComment, 'owner' | 'repo' | 'issue_number'> {
  const { owner: _o, repo: _r, issue_number: _n, ...rest } = c;
  return rest;
}

function clampInt(v: string | null, dflt: number, min: number, max: number): number {
  const n = v === null ? NaN : Number.parseInt(v, 10);
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : dflt;
}
