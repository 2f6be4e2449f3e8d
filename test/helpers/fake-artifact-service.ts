/**
 * A real HTTP server on 127.0.0.1 that answers like GitHub's artifact service (the "results"
 * service behind ACTIONS_RESULTS_URL) and like the Azure blob its signed upload URLs point to, just
 * enough for @actions/artifact 6.x's `DefaultArtifactClient.uploadArtifact` to run unmodified:
 *
 *   POST /twirp/github.actions.results.api.v1.ArtifactService/CreateArtifact
 *        JSON (proto field names) {workflow_run_backend_id, workflow_job_run_backend_id, name,
 *        mime_type, version} → {ok: true, signed_upload_url} (a URL to this server with a `sig`
 *        query parameter, like an Azure SAS URL). A second artifact of the same name in the same
 *        run → 409 already_exists, as the real service refuses it.
 *   PUT  <signed url>&comp=block&blockid=B   (Put Block)       → 201; the block is kept uncommitted
 *   PUT  <signed url>&comp=blocklist          (Put Block List)  → 201; the blob is the listed blocks,
 *        in the order listed (<Latest>/<Uncommitted>/<Committed> ids of the XML body)
 *   PUT  <signed url> with x-ms-blob-type: BlockBlob (Put Blob) → 201; the blob is the body
 *   POST /twirp/.../FinalizeArtifact {workflow_run_backend_id, workflow_job_run_backend_id, name,
 *        size, hash} → {ok: true, artifact_id} (int64 as a JSON string, as protobuf JSON has it);
 *        404 not_found when no such artifact was created or its blob was never committed.
 *
 * Checked like the real services: the Twirp calls need `Authorization: Bearer <token>` (401
 * unauthenticated otherwise) and the backend ids the token's `scp` claim carries (400
 * invalid_argument otherwise); blob requests need the signature the signed URL carries (403
 * AuthenticationFailed, as an Azure XML error, otherwise). Twirp errors are {code, msg} JSON.
 *
 * `token` is a JWT for ACTIONS_RUNTIME_TOKEN: @actions/artifact reads (without verifying) its
 * `scp` claim, "Actions.Results:<workflow run backend id>:<job run backend id>".
 *
 * Every request is recorded (kind, method, path, headers, raw body) before any check, and `fault`
 * is consulted first, so a test can make any call fail. `readZip` reads what was uploaded.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32, inflateRawSync } from 'node:zlib';

const SERVICE = '/twirp/github.actions.results.api.v1.ArtifactService/';

export type RequestKind = 'CreateArtifact' | 'FinalizeArtifact' | 'PutBlock' | 'PutBlockList' | 'PutBlob' | 'other';

export interface ArtifactRequest {
  kind: RequestKind;
  method: string;
  /** Path with query string. */
  path: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

export interface FakeArtifact {
  /** Set by FinalizeArtifact; undefined until then. */
  id: number | undefined;
  name: string;
  mimeType: string | undefined;
  /** The blob as committed (Put Block List or Put Blob); undefined until then. */
  blob: Buffer | undefined;
  /** How many blocks the committed block list named (0 for a single Put Blob). */
  blocks: number;
  /** What FinalizeArtifact declared. */
  size: string | undefined;
  hash: string | undefined;
}

/** A scripted answer: an HTTP status, and optionally a Twirp/Azure error code and message. */
export interface Fault {
  status: number;
  code?: string;
  msg?: string;
}

export interface FakeArtifactService {
  /** For ACTIONS_RESULTS_URL, e.g. http://127.0.0.1:41234/ */
  url: string;
  /** For ACTIONS_RUNTIME_TOKEN. */
  token: string;
  workflowRunBackendId: string;
  workflowJobRunBackendId: string;
  /** Artifacts created, in creation order (finalized ones have an id). */
  artifacts: FakeArtifact[];
  requests: ArtifactRequest[];
  /** Consulted first for each request; a Fault answers instead of the normal route. */
  fault: ((req: { kind: RequestKind; method: string; path: string }) => Fault | undefined) | undefined;
  close(): Promise<void>;
}

const TWIRP_CODE: Record<number, string> = {
  400: 'invalid_argument',
  401: 'unauthenticated',
  403: 'permission_denied',
  404: 'not_found',
  409: 'already_exists',
  429: 'resource_exhausted',
  500: 'internal',
  503: 'unavailable',
};

export async function startFakeArtifactService(): Promise<FakeArtifactService> {
  const workflowRunBackendId = randomUUID();
  const workflowJobRunBackendId = randomUUID();
  const b64url = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  const token = `${b64url({ typ: 'JWT', alg: 'RS256' })}.${b64url({ scp: `Actions.GenericRead:${randomUUID()} Actions.Results:${workflowRunBackendId}:${workflowJobRunBackendId}`, iss: 'fake-artifact-service' })}.${randomBytes(32).toString('base64url')}`;
  const artifacts: FakeArtifact[] = [];
  const requests: ArtifactRequest[] = [];
  /** Blob path (/blob/<container>/<uuid>/<file>) → its artifact, signature and staged blocks. */
  const blobs = new Map<string, { artifact: FakeArtifact; sig: string; staged: Map<string, Buffer> }>();
  let nextId = 4_000_000_001; // over 2^31: the id travels as an int64 string
  let base = '';

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (b: Buffer) => chunks.push(b));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const method = req.method ?? 'GET';
      const path = req.url ?? '/';
      const u = new URL(path, base);
      const kind = kindOf(method, u, req.headers);
      requests.push({ kind, method, path, headers: req.headers, body });
      try {
        const fault = handle.fault?.({ kind, method, path });
        const twirp = kind === 'CreateArtifact' || kind === 'FinalizeArtifact';
        if (fault)
          return twirp ? twirpError(res, fault.status, fault.msg ?? 'fault', fault.code) : blobError(res, fault.status, fault.code ?? 'InternalError', fault.msg ?? 'fault');
        if (twirp) return rpc(req, res, kind, body);
        if (kind === 'other') return twirpError(res, 404, `no route for ${method} ${u.pathname}`);
        return blob(res, kind, u, body);
      } catch (err) {
        twirpError(res, 500, `fake-artifact-service bug: ${String(err)}`);
      }
    });
  });

  function rpc(req: IncomingMessage, res: ServerResponse, kind: 'CreateArtifact' | 'FinalizeArtifact', raw: Buffer): void {
    if (req.headers.authorization !== `Bearer ${token}`) return twirpError(res, 401, 'the runtime token is missing or not the one issued');
    let b: Record<string, unknown>;
    try {
      b = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
    } catch {
      return twirpError(res, 400, 'the body is not JSON');
    }
    if (b.workflow_run_backend_id !== workflowRunBackendId || b.workflow_job_run_backend_id !== workflowJobRunBackendId) {
      return twirpError(res, 400, `backend ids ${String(b.workflow_run_backend_id)}:${String(b.workflow_job_run_backend_id)} are not the token's`);
    }
    const name = typeof b.name === 'string' ? b.name : '';
    if (!name) return twirpError(res, 400, 'name is required');
    const existing = artifacts.find((a) => a.name === name);
    if (kind === 'CreateArtifact') {
      if (existing) return twirpError(res, 409, `an artifact with this name already exists on the workflow run: ${name}`);
      const artifact: FakeArtifact = {
        id: undefined,
        name,
        mimeType: typeof b.mime_type === 'string' ? b.mime_type : undefined,
        blob: undefined,
        blocks: 0,
        size: undefined,
        hash: undefined,
      };
      artifacts.push(artifact);
      const blobPath = `/blob/actions-results/${randomUUID()}/${encodeURIComponent(name)}.zip`;
      const sig = randomBytes(24).toString('base64');
      blobs.set(blobPath, { artifact, sig, staged: new Map() });
      const q = new URLSearchParams({ sv: '2021-12-02', sr: 'b', sp: 'cw', se: new Date(Date.now() + 3_600_000).toISOString(), sig });
      return json(res, 200, { ok: true, signed_upload_url: `${base}${blobPath}?${q}` });
    }
    if (!existing?.blob) return twirpError(res, 404, `no uploaded artifact named ${name}`);
    existing.size = typeof b.size === 'string' ? b.size : String(b.size);
    existing.hash = typeof b.hash === 'string' ? b.hash : undefined;
    existing.id = nextId++;
    json(res, 200, { ok: true, artifact_id: String(existing.id) });
  }

  function blob(res: ServerResponse, kind: RequestKind, u: URL, body: Buffer): void {
    const entry = blobs.get(u.pathname);
    if (!entry || u.searchParams.get('sig') !== entry.sig)
      return blobError(
        res,
        403,
        'AuthenticationFailed',
        'Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.',
      );
    if (kind === 'PutBlock') {
      entry.staged.set(u.searchParams.get('blockid') ?? '', body);
      return created(res);
    }
    if (kind === 'PutBlob') {
      entry.artifact.blob = body;
      entry.artifact.blocks = 0;
      return created(res);
    }
    const ids = [...body.toString('utf8').matchAll(/<(?:Latest|Uncommitted|Committed)>([^<]*)<\/(?:Latest|Uncommitted|Committed)>/g)].map((m) => m[1]!);
    const parts = ids.map((id) => entry.staged.get(id));
    if (parts.some((p) => p === undefined)) return blobError(res, 400, 'InvalidBlockList', 'The specified block list is invalid.');
    entry.artifact.blob = Buffer.concat(parts as Buffer[]);
    entry.artifact.blocks = ids.length;
    created(res);
  }

  const common = (): Record<string, string> => ({ 'x-ms-request-id': randomUUID(), 'x-ms-version': '2021-12-02', date: new Date().toUTCString() });

  function created(res: ServerResponse): void {
    res.writeHead(201, {
      ...common(),
      etag: `"0x${randomBytes(8).toString('hex').toUpperCase()}"`,
      'last-modified': new Date().toUTCString(),
      'x-ms-request-server-encrypted': 'true',
      'content-length': '0',
    });
    res.end();
  }

  function blobError(res: ServerResponse, status: number, code: string, message: string): void {
    const xml = `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;
    res.writeHead(status, { ...common(), 'x-ms-error-code': code, 'content-type': 'application/xml', 'content-length': Buffer.byteLength(xml) });
    res.end(xml);
  }

  function twirpError(res: ServerResponse, status: number, msg: string, code = TWIRP_CODE[status] ?? 'unknown'): void {
    json(res, status, { code, msg });
  }

  function json(res: ServerResponse, status: number, payload: unknown): void {
    const text = JSON.stringify(payload);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const handle: FakeArtifactService = {
    url: `${base}/`,
    token,
    workflowRunBackendId,
    workflowJobRunBackendId,
    artifacts,
    requests,
    fault: undefined,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return handle;
}

function kindOf(method: string, u: URL, headers: IncomingMessage['headers']): RequestKind {
  if (method === 'POST' && u.pathname === `${SERVICE}CreateArtifact`) return 'CreateArtifact';
  if (method === 'POST' && u.pathname === `${SERVICE}FinalizeArtifact`) return 'FinalizeArtifact';
  if (method !== 'PUT' || !u.pathname.startsWith('/blob/')) return 'other';
  const comp = u.searchParams.get('comp');
  if (comp === 'block') return 'PutBlock';
  if (comp === 'blocklist') return 'PutBlockList';
  return comp === null && headers['x-ms-blob-type'] === 'BlockBlob' ? 'PutBlob' : 'other';
}

/**
 * The files of a zip archive, by name, read through its central directory (the local headers of a
 * streamed zip carry no sizes) and checked against the CRC-32 it records. Stored and deflated
 * entries only; directories are skipped. Throws on anything malformed.
 */
export function readZip(zip: Buffer): Map<string, Buffer> {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0 || eocd + 22 > zip.length) throw new Error('not a zip: no end of central directory record');
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(p) !== 0x02014b50) throw new Error(`zip: bad central directory entry ${i}`);
    const method = zip.readUInt16LE(p + 10);
    const crc = zip.readUInt32LE(p + 16);
    const compressed = zip.readUInt32LE(p + 20);
    const size = zip.readUInt32LE(p + 24);
    const nameLen = zip.readUInt16LE(p + 28);
    const extraLen = zip.readUInt16LE(p + 30);
    const commentLen = zip.readUInt16LE(p + 32);
    const local = zip.readUInt32LE(p + 42);
    const name = zip.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    p += 46 + nameLen + extraLen + commentLen;
    if (name.endsWith('/')) continue;
    if (zip.readUInt32LE(local) !== 0x04034b50) throw new Error(`zip: bad local header for ${name}`);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(start, start + compressed);
    const data = method === 0 ? Buffer.from(raw) : method === 8 ? inflateRawSync(raw) : undefined;
    if (!data) throw new Error(`zip: ${name} uses compression method ${method}`);
    if (data.length !== size || crc32(data) !== crc) throw new Error(`zip: ${name} does not match its recorded size or CRC-32`);
    files.set(name, data);
  }
  return files;
}
