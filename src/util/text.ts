/** Text helpers for messages that may carry server text or secrets. */

/** Replaces every occurrence of a secret (a server may echo the key back in its error text). */
export function redact(text: string, secrets: string[]): string {
  let out = text;
  for (const s of secrets) {
    if (s.length < 4) continue; // too short to tell from ordinary text (and '' would match everywhere)
    if (out.includes(s)) out = out.split(s).join('[REDACTED]');
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

export function truncate(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n)}…`;
}
