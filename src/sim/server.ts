/**
 * HTTP routing: OpenAI endpoints, /health, /metrics and the admin API.
 *   GET  /health, /v1/models, /metrics, /admin/faults, /admin/stats
 *   POST /v1/chat/completions, /v1/completions, /admin/faults (JSON partial FaultConfig)
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleCompletion } from './completions.js';
import { type SimContext, readJson, sendError, sendJson } from './context.js';
import { validateFaults } from './faults.js';
import { renderMetrics } from './metrics.js';
import type { SimStats } from './types.js';

export function statsOf(ctx: SimContext): SimStats {
  return { uptimeMs: ctx.now() - ctx.startedAt, models: [...ctx.models.values()].map((g) => g.stats()) };
}

/** Dispatches one request; never throws (errors become 500 responses). */
export function handle(ctx: SimContext, req: IncomingMessage, res: ServerResponse): void {
  route(ctx, req, res).catch((e: unknown) => sendError(res, 500, `simulator error: ${(e as Error).message}`));
}

async function route(ctx: SimContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  const method = req.method ?? 'GET';
  const ready = ctx.now() >= ctx.readyAt;
  switch (`${method} ${path}`) {
    case 'POST /v1/chat/completions':
      return handleCompletion(ctx, 'chat', req, res);
    case 'POST /v1/completions':
      return handleCompletion(ctx, 'text', req, res);
    case 'GET /health':
      if (!ready) return sendError(res, 503, 'starting up');
      res.writeHead(200).end();
      return;
    case 'GET /v1/models':
      if (!ready && !ctx.modelsReadyBeforeCompletions) return sendError(res, 503, 'starting up');
      return sendJson(res, 200, {
        object: 'list',
        data: [...ctx.models.keys()].map((id) => ({ id, object: 'model', created: Math.floor(Date.now() / 1000), owned_by: 'llm-loadgate-sim' })),
      });
    case 'GET /metrics':
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(renderMetrics([...ctx.models.values()].map((g) => ({ name: g.name, metrics: g.metrics, gauges: g.gauges() }))));
      return;
    case 'GET /admin/faults':
      return sendJson(res, 200, ctx.faults);
    case 'GET /admin/stats':
      return sendJson(res, 200, statsOf(ctx));
    case 'POST /admin/faults':
      return postFaults(ctx, req, res);
    default:
      return sendError(res, 404, `no route ${method} ${path}`);
  }
}

async function postFaults(ctx: SimContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    ctx.setFaults(validateFaults(await readJson(req)));
  } catch (e) {
    return sendError(res, 400, (e as Error).message);
  }
  sendJson(res, 200, ctx.faults);
}
