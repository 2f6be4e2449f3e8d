/** URL helpers shared by every layer: the server root of an OpenAI-style base URL, and redaction. */

/**
 * The server root of an endpoint base URL given with or without /v1: where /metrics, /health and
 * /props live (http://h:8000/v1/ → http://h:8000).
 */
export function serverRoot(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '');
}

const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/gi;

/**
 * A URL (or any text holding URLs) as it may be stored or printed: credentials written into a URL
 * (https://user:password@host) become ***@, everything else stays as written. Applied wherever a
 * target or metrics URL reaches results.json, metadata.json, a report, a comment or a log line.
 */
export function redactUrl(text: string): string {
  return text.replace(USERINFO, '$1***@');
}
