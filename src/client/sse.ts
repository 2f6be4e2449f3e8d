/**
 * Incremental Server-Sent Events parser, tuned for OpenAI-style streams.
 *
 * Bytes arrive in arbitrary pieces; events are separated by a blank line. Only `data:` fields
 * matter for OpenAI streams (comments like `: keep-alive` and `event:` lines are ignored). The
 * parser keeps at most one partial event in memory, so its cost is linear in bytes received.
 */
export class SseParser {
  private buffer = '';
  private readonly decoder = new TextDecoder('utf-8');

  /**
   * Feeds a piece of the body and returns the data payloads of every event it completed, in order.
   * A multi-line data field is joined with "\n" as the SSE spec says.
   */
  push(chunk: Uint8Array): string[] {
    this.buffer += this.decoder.decode(chunk, { stream: true });
    const out: string[] = [];
    let start = 0;
    // Next "\n\n" and "\r\n\r\n" at or after `start` (-1: none left). Kept across events so a read
    // carrying many events framed one way is not rescanned to its end for the other framing.
    let lf = -2;
    let crlf = -2;
    for (;;) {
      if (lf !== -1 && lf < start) lf = this.buffer.indexOf('\n\n', start);
      if (crlf !== -1 && crlf < start) crlf = this.buffer.indexOf('\r\n\r\n', start);
      const end = lf < 0 ? crlf : crlf < 0 ? lf : Math.min(lf, crlf);
      if (end < 0) break;
      const data = extractData(this.buffer.slice(start, end));
      if (data !== undefined) out.push(data);
      start = end + separatorLength(this.buffer, end);
    }
    if (start > 0) this.buffer = this.buffer.slice(start);
    return out;
  }

  /** Whatever is left when the stream ends: a final event without its blank line, if any. */
  flush(): string[] {
    this.buffer += this.decoder.decode();
    const rest = this.buffer.trim();
    this.buffer = '';
    if (!rest) return [];
    const data = extractData(rest);
    return data === undefined ? [] : [data];
  }
}

function separatorLength(buf: string, at: number): number {
  return buf.startsWith('\r\n\r\n', at) ? 4 : 2;
}

function extractData(event: string): string | undefined {
  let data: string | undefined;
  for (const rawLine of event.split('\n')) {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (!line.startsWith('data:')) continue;
    const value = line.charCodeAt(5) === 32 ? line.slice(6) : line.slice(5);
    data = data === undefined ? value : `${data}\n${value}`;
  }
  return data;
}
