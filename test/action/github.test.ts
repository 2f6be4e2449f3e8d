/**
 * Sticky PR comment over real HTTP against the fake GitHub server: create-then-update, paging,
 * author check, onlyIfExists, read-only tokens, error messages without the token, truncation,
 * and one comment per gate name.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { commentMarker, fitToLimit, GITHUB_COMMENT_LIMIT, upsertComment, type CommentTarget } from '../../src/action/github.js';
import { startFakeGitHub, type FakeGitHub, type FakeGitHubOptions } from '../helpers/fake-github.js';

const TOKEN = 'ghs_SECRETtoken0123456789abcdefXYZ';
const ISSUE = 7;
let gh: FakeGitHub | undefined;

afterEach(async () => {
  await gh?.close();
  gh = undefined;
});

async function start(opts: Partial<FakeGitHubOptions> = {}): Promise<{ gh: FakeGitHub; t: CommentTarget }> {
  gh = await startFakeGitHub({ token: TOKEN, ...opts });
  return { gh, t: { apiUrl: gh.url, token: TOKEN, owner: 'acme', repo: 'widgets', issueNumber: ISSUE } };
}

const withMarker = (g: FakeGitHub, name: string) => g.commentsOn(ISSUE).filter((c) => c.body.includes(commentMarker(name)));

/** The token may only travel in the authorization header. */
function expectTokenOnlyInAuthHeader(g: FakeGitHub): void {
  expect(g.requests.length).toBeGreaterThan(0);
  for (const r of g.requests) {
    expect(r.path).not.toContain(TOKEN);
    expect(r.body).not.toContain(TOKEN);
    const { authorization, ...rest } = r.headers;
    expect(authorization).toBe(`token ${TOKEN}`);
    expect(JSON.stringify(rest)).not.toContain(TOKEN);
  }
}

describe('commentMarker', () => {
  it.each([
    ['plain', 'default', '<!-- llm-loadgate:gate=default -->'],
    ['single hyphens kept', 'p95-latency', '<!-- llm-loadgate:gate=p95-latency -->'],
    ['closing sequence', 'x --> <b>hi</b>', '<!-- llm-loadgate:gate=x%20%2D-%3E%20%3Cb%3Ehi%3C%2Fb%3E -->'],
    ['double hyphen', 'a--b', '<!-- llm-loadgate:gate=a%2D-b -->'],
  ])('%s', (_label, name, expected) => {
    const m = commentMarker(name);
    expect(m).toBe(expected);
    // Exactly one comment close, at the end; no "--" inside the comment body.
    expect(m.slice(4, -3)).not.toMatch(/--|>/);
  });

  it('distinct names give markers that do not contain one another', () => {
    const names = ['a', 'ab', 'a b', 'a%20b', 'a-', 'a--', 'a%2D-', ''];
    for (const x of names) for (const y of names) if (x !== y) expect(commentMarker(x).includes(commentMarker(y))).toBe(false);
  });
});

describe('upsertComment', () => {
  it('creates once, then updates the same comment on every later call', async () => {
    const { gh, t } = await start();
    const first = await upsertComment(t, 'default', 'run 0');
    expect(first).toMatchObject({ action: 'created', id: expect.any(Number) });
    expect(first.url).toMatch(new RegExp(`/acme/widgets/pull/${ISSUE}#issuecomment-${first.id}$`));
    for (let i = 1; i <= 4; i++) {
      expect(await upsertComment(t, 'default', `run ${i}`)).toMatchObject({ action: 'updated', id: first.id, url: first.url });
    }
    const mine = withMarker(gh, 'default');
    expect(mine).toHaveLength(1);
    expect(mine[0]!.body).toBe(`${commentMarker('default')}\nrun 4`);
    expect(mine[0]!.user.login).toBe('github-actions[bot]');
    expect(gh.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(gh.requests.filter((r) => r.method === 'PATCH')).toHaveLength(4);
    expectTokenOnlyInAuthHeader(gh);
  });

  it('finds its comment on page 3 of 250+ comments by following Link headers, and updates it', async () => {
    const others = Array.from({ length: 250 }, (_, i) => ({ body: `chatter ${i}`, login: i % 2 ? 'alice' : 'dependabot[bot]', issue: ISSUE }));
    const { gh, t } = await start({ comments: [...others, { body: `${commentMarker('default')}\nold`, issue: ISSUE }, { body: 'after', login: 'bob', issue: ISSUE }] });
    const target = gh.comments[250]!;

    const res = await upsertComment(t, 'default', 'new');
    expect(res).toMatchObject({ action: 'updated', id: target.id });
    expect(target.body).toBe(`${commentMarker('default')}\nnew`);
    expect(gh.commentsOn(ISSUE)).toHaveLength(252);
    const gets = gh.requests.filter((r) => r.method === 'GET').map((r) => r.path);
    expect(gets).toHaveLength(3);
    expect(gets[0]).toBe(`/repos/acme/widgets/issues/${ISSUE}/comments?per_page=100`);
    expect(gets[2]).toMatch(new RegExp(`^/repositories/\\d+/issues/${ISSUE}/comments\\?per_page=100&page=3$`)); // from Link
    expect(gh.requests.some((r) => r.method === 'POST')).toBe(false);
  });

  it("never touches another user's comment that quotes the marker", async () => {
    const quoted = `> ${commentMarker('default')}\n> the bot said this`;
    const { gh, t } = await start({
      comments: [
        { body: quoted, login: 'mallory', issue: ISSUE },
        { body: commentMarker('default'), login: 'some-other[bot]', issue: ISSUE },
      ],
    });
    const [theirs, otherBot] = [gh.comments[0]!, gh.comments[1]!];

    const res = await upsertComment(t, 'default', 'verdict');
    expect(res.action).toBe('created');
    expect(res.id).not.toBe(theirs.id);
    expect(theirs.body).toBe(quoted);
    expect(otherBot.body).toBe(commentMarker('default'));
    expect(gh.requests.some((r) => r.method === 'PATCH')).toBe(false);
    // Second run updates ours, still leaving theirs alone.
    expect(await upsertComment(t, 'default', 'again')).toMatchObject({ action: 'updated', id: res.id });
    expect(theirs.body).toBe(quoted);
  });

  it('matches the configured author case-insensitively (PAT users)', async () => {
    const { gh, t } = await start({ login: 'Release-Bot', comments: [{ body: `${commentMarker('default')}\nold`, login: 'Release-Bot', issue: ISSUE }] });
    expect(await upsertComment({ ...t, author: 'release-bot' }, 'default', 'x')).toMatchObject({ action: 'updated', id: gh.comments[0]!.id });
    // With the default author the PAT user's comment is not ours: a new one is created.
    expect(await upsertComment(t, 'default', 'y')).toMatchObject({ action: 'created' });
  });

  it.each([
    { label: 'absent → skipped, nothing written', seed: false, expected: 'skipped', posts: 0, patches: 0 },
    { label: 'present → updated', seed: true, expected: 'updated', posts: 0, patches: 1 },
  ])('onlyIfExists: $label', async ({ seed, expected, posts, patches }) => {
    const { gh, t } = await start({ comments: seed ? [{ body: `${commentMarker('g')}\nold`, issue: ISSUE }] : [] });
    const res = await upsertComment(t, 'g', 'new', { onlyIfExists: true });
    expect(res.action).toBe(expected);
    expect(gh.requests.filter((r) => r.method === 'POST')).toHaveLength(posts);
    expect(gh.requests.filter((r) => r.method === 'PATCH')).toHaveLength(patches);
    expect(withMarker(gh, 'g')).toHaveLength(seed ? 1 : 0);
  });

  it.each([
    { label: 'create with read-only token', seed: false },
    { label: 'update with read-only token', seed: true },
  ])("$label → 'forbidden' with a workflow_run hint, no throw", async ({ seed }) => {
    const { gh, t } = await start({ readOnly: true, comments: seed ? [{ body: commentMarker('default'), issue: ISSUE }] : [] });
    const res = await upsertComment(t, 'default', 'verdict');
    expect(res.action).toBe('forbidden');
    expect(res.warning).toMatch(/403/);
    expect(res.warning).toMatch(/fork/);
    expect(res.warning).toMatch(/workflow_run/);
    expect(res.warning).not.toContain(TOKEN);
    expect(gh.commentsOn(ISSUE).map((c) => c.body)).toEqual(seed ? [commentMarker('default')] : []);
  });

  it("404 on listing (no access to the repo) → 'forbidden'", async () => {
    const { gh, t } = await start();
    gh.fault = () => ({ status: 404, body: { message: 'Not Found' } });
    const res = await upsertComment(t, 'default', 'x');
    expect(res.action).toBe('forbidden');
    expect(res.warning).toMatch(/404 while listing comments on acme\/widgets#7/);
  });

  it.each<{ label: string; method: string; status: number; body: unknown; headers: Record<string, string>; expected: RegExp }>([
    {
      label: '500 on list',
      method: 'GET',
      status: 500,
      body: { message: 'Server Error' },
      headers: {},
      expected: /HTTP 500 while listing comments on acme\/widgets#7: Server Error/,
    },
    {
      label: '502 on create',
      method: 'POST',
      status: 502,
      body: { message: 'Bad Gateway' },
      headers: {},
      expected: /HTTP 502 while creating a comment on acme\/widgets#7: Bad Gateway/,
    },
    {
      label: 'rate-limited 403 is not "forbidden"',
      method: 'POST',
      status: 403,
      body: { message: 'API rate limit exceeded' },
      headers: { 'x-ratelimit-remaining': '0' },
      expected: /HTTP 403 while creating a comment.*rate limited/,
    },
    { label: 'server echoing the token', method: 'GET', status: 500, body: { message: `oops ${TOKEN}` }, headers: {}, expected: /HTTP 500 .*oops \[REDACTED\]/ },
  ])('$label → throws a clear error without the token', async ({ method, status, body, headers, expected }) => {
    const { gh, t } = await start();
    gh.fault = (r) => (r.method === method ? { status, body, headers } : undefined);
    const err = await upsertComment(t, 'default', 'x').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Error);
    const e = err as Error;
    expect(e.message).toMatch(expected);
    expect(e.message).not.toContain(TOKEN);
    expect(String((e.cause as Error | undefined)?.message)).not.toContain(TOKEN);
    expect(JSON.stringify(e, Object.getOwnPropertyNames(e))).not.toContain(TOKEN);
  });

  it('wrong token → throws naming HTTP 401 and the token input, without the token', async () => {
    const { t } = await start();
    const bad = 'ghs_WRONGtoken_abcdefghijkl';
    await expect(upsertComment({ ...t, token: bad }, 'default', 'x')).rejects.toThrow(/HTTP 401 .*github-token.*Bad credentials/);
    await expect(upsertComment({ ...t, token: bad }, 'default', 'x')).rejects.not.toThrow(new RegExp(bad));
  });

  it('a hung server → throws a timeout error within the budget', async () => {
    const { gh, t } = await start();
    gh.fault = () => 'hang';
    const t0 = performance.now();
    await expect(upsertComment(t, 'default', 'x', { timeoutMs: 300 })).rejects.toThrow(/timed out after 300 ms while listing comments/);
    expect(performance.now() - t0).toBeLessThan(5_000);
  });

  it('an unreachable API → throws naming the API URL and the step', async () => {
    const { gh, t } = await start();
    await gh.close();
    await expect(upsertComment(t, 'default', 'x')).rejects.toThrow(/request to the GitHub API at http:\/\/127\.0\.0\.1:\d+ failed while listing comments/);
  });

  it('refuses to follow a pagination Link to another origin (the token would go with it)', async () => {
    const { gh, t } = await start();
    gh.fault = () => ({ status: 200, body: [], headers: { link: '<http://127.0.0.2:9/repositories/1/issues/7/comments?page=2>; rel="next"' } });
    await expect(upsertComment(t, 'default', 'x')).rejects.toThrow(/another origin \(http:\/\/127\.0\.0\.2:9\)/);
    expect(gh.requests).toHaveLength(1);
  });

  it('truncates an oversized body under the limit, marker first, and GitHub accepts it', async () => {
    const { gh, t } = await start();
    const line = '| scenario | 123.4 ms | 99.9% | ✅ |\n';
    const body = `# Report\n\`\`\`\n${line.repeat(5_000)}`; // ~180k chars, inside an open fence
    const res = await upsertComment(t, 'big', body);
    expect(res.action).toBe('created');
    const posted = gh.commentsOn(ISSUE)[0]!.body;
    expect(posted.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(posted.startsWith(`${commentMarker('big')}\n# Report\n`)).toBe(true);
    expect(posted).toMatch(/Report truncated: [\d,]+ of [\d,]+ characters omitted/);
    expect(posted).toMatch(/\| ✅ \|\n```\n\n> \[!WARNING\]/); // cut at a line end, fence closed
    // A second oversized run updates the same comment.
    expect(await upsertComment(t, 'big', body + 'more')).toMatchObject({ action: 'updated', id: res.id });
  });

  it('two gate names → two separate comments, each updated independently', async () => {
    const { gh, t } = await start();
    const a = await upsertComment(t, 'chat', 'A1');
    const b = await upsertComment(t, 'embeddings', 'B1');
    expect(a.action).toBe('created');
    expect(b.action).toBe('created');
    expect(b.id).not.toBe(a.id);
    expect(await upsertComment(t, 'embeddings', 'B2')).toMatchObject({ action: 'updated', id: b.id });
    expect(await upsertComment(t, 'chat', 'A2')).toMatchObject({ action: 'updated', id: a.id });
    expect(gh.commentsOn(ISSUE).map((c) => c.body)).toEqual([`${commentMarker('chat')}\nA2`, `${commentMarker('embeddings')}\nB2`]);
  });
});

describe('fitToLimit', () => {
  const marker = commentMarker('g');
  it.each([
    { label: 'exactly at the limit is untouched', len: GITHUB_COMMENT_LIMIT - marker.length - 1, truncated: false },
    { label: 'one over is truncated', len: GITHUB_COMMENT_LIMIT - marker.length, truncated: true },
    { label: 'far over is truncated', len: 1_000_000, truncated: true },
  ])('$label', ({ len, truncated }) => {
    const out = fitToLimit(marker, 'x'.repeat(len));
    expect(out.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(out.startsWith(`${marker}\n`)).toBe(true);
    expect(out.includes('Report truncated')).toBe(truncated);
  });

  it('never splits a surrogate pair', () => {
    for (let shift = 0; shift < 4; shift++) {
      const out = fitToLimit(marker, 'a'.repeat(shift) + '😀'.repeat(40_000));
      expect(out.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
      expect(out).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
      expect(out).not.toMatch(/(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    }
  });

  it('with a tiny limit the result still fits', () => {
    const out = fitToLimit(marker, 'y'.repeat(5_000), 1_000);
    expect(out.length).toBeLessThanOrEqual(1_000);
    expect(out.startsWith(`${marker}\ny`)).toBe(true);
  });
});

/** The fake itself, since other tests (the bundled action's e2e) rely on it behaving like GitHub. */
describe('fake GitHub server', () => {
  const get = (g: FakeGitHub, path: string, auth = `Bearer ${TOKEN}`) => fetch(g.url + path, { headers: { authorization: auth } });

  it.each([
    { label: 'one page: no Link', total: 5, query: '', rels: [] as string[], count: 5 },
    { label: 'first of 3', total: 250, query: '?per_page=100', rels: ['next:2', 'last:3'], count: 100 },
    { label: 'middle', total: 250, query: '?per_page=100&page=2', rels: ['prev:1', 'next:3', 'last:3', 'first:1'], count: 100 },
    { label: 'last', total: 250, query: '?per_page=100&page=3', rels: ['prev:2', 'first:1'], count: 50 },
    { label: 'default per_page 30', total: 31, query: '', rels: ['next:2', 'last:2'], count: 30 },
  ])('list paging: $label', async ({ total, query, rels, count }) => {
    const { gh } = await start({ comments: Array.from({ length: total }, (_, i) => ({ body: `c${i}`, issue: ISSUE })) });
    const res = await get(gh, `/repos/acme/widgets/issues/${ISSUE}/comments${query}`);
    expect(res.status).toBe(200);
    const items = (await res.json()) as Array<{ id: number; user: { login: string; type: string } }>;
    expect(items).toHaveLength(count);
    expect(items.map((c) => c.id)).toEqual([...items.map((c) => c.id)].sort((a, b) => a - b));
    expect(items[0]).not.toHaveProperty('owner');
    expect(items[0]!.user).toMatchObject({ login: 'github-actions[bot]', type: 'Bot' });
    const link = res.headers.get('link');
    const parsed = [...(link ?? '').matchAll(/<([^>]+)>; rel="(\w+)"/g)].map(([, u, rel]) => `${rel}:${new URL(u!).searchParams.get('page')}`);
    expect(parsed).toEqual(rels);
    // Link targets are absolute and fetchable.
    for (const [, u] of (link ?? '').matchAll(/<([^>]+)>/g)) expect((await get(gh, u!.slice(gh.url.length))).status).toBe(200);
  });

  it.each([
    { label: 'Bearer', auth: `Bearer ${TOKEN}`, status: 200 },
    { label: 'token', auth: `token ${TOKEN}`, status: 200 },
    { label: 'wrong token', auth: 'Bearer nope', status: 401 },
    { label: 'no header', auth: '', status: 401 },
  ])('auth: $label → $status', async ({ auth, status }) => {
    const { gh } = await start();
    const res = await fetch(`${gh.url}/repos/acme/widgets/issues/1/comments`, { headers: auth ? { authorization: auth } : {} });
    expect(res.status).toBe(status);
    expect(gh.requests[0]!.headers.authorization).toBe(auth || undefined);
  });

  it("readOnly: GET works, POST and PATCH get 403 with GitHub's message", async () => {
    const { gh } = await start({ readOnly: true, comments: [{ body: 'x', issue: ISSUE }] });
    const headers = { authorization: `token ${TOKEN}`, 'content-type': 'application/json' };
    expect((await get(gh, `/repos/acme/widgets/issues/${ISSUE}/comments`)).status).toBe(200);
    for (const [method, path] of [
      ['POST', `/repos/acme/widgets/issues/${ISSUE}/comments`],
      ['PATCH', `/repos/acme/widgets/issues/comments/${gh.comments[0]!.id}`],
    ] as const) {
      const res = await fetch(gh.url + path, { method, headers, body: JSON.stringify({ body: 'y' }) });
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ message: 'Resource not accessible by integration' });
    }
    expect(gh.comments[0]!.body).toBe('x');
    expect(gh.requests.at(-1)).toMatchObject({ method: 'PATCH', body: '{"body":"y"}' });
  });
});
