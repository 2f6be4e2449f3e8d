/**
 * Incremental Server-Sent Events parser working on bytes, tuned for OpenAI-style streams.
 *
 * Bytes arrive in arbitrary pieces; lines end with "\n" (a "\r" before it is dropped) and an event
 * ends at a blank line. Only `data:` fields matter for OpenAI streams (comments such as
 * `: keep-alive`, and `event:`/`id:`/`retry:` lines are skipped without being decoded). The parser
 * looks for "\n" bytes in place and decodes only a data line's value, once: a line split over
 * reads is the only thing it copies (its bytes are kept until the line ends, so a multi-byte UTF-8
 * character cut between reads is decoded whole). Its cost is linear in the bytes received.
 */
const LF = 0x0a;
const CR = 0x0d;

export class SseParser {
  /** Bytes of the current line while it is split over reads (copies). */
  private parts: Buffer[] = [];
  /** Data of the current event so far (undefined: no data line yet). */
  private data: string | undefined;
  /** A UTF-8 byte order mark may open the stream (it is dropped, as the SSE spec says). */
  private first = true;

  /**
   * Feeds a piece of the body and calls `onData` with the data payload of every event it
   * completes, in order; stops at once (returning false) when `onData` returns false. A
   * multi-line data field is joined with "\n" as the SSE spec says.
   */
  feed(chunk: Uint8Array, onData: (data: string) => boolean | void): boolean {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const n = buf.length;
    let start = 0;
    while (start < n) {
      const nl = buf.indexOf(LF, start);
      if (nl < 0) {
        this.parts.push(Buffer.from(buf.subarray(start)));
        break;
      }
      let ended: boolean;
      if (this.parts.length > 0) {
        this.parts.push(buf.subarray(start, nl));
        const line = Buffer.concat(this.parts);
        this.parts = [];
        ended = this.line(line, 0, line.length);
      } else ended = this.line(buf, start, nl);
      start = nl + 1;
      if (ended && this.data !== undefined) {
        const d = this.data;
        this.data = undefined;
        if (onData(d) === false) return false;
      }
    }
    return true;
  }

  /** The end of the body: a last line without its "\n" and an event without its blank line count. */
  end(onData: (data: string) => boolean | void): boolean {
    if (this.parts.length > 0) {
      const line = Buffer.concat(this.parts);
      this.parts = [];
      this.line(line, 0, line.length);
    }
    const d = this.data;
    this.data = undefined;
    return d === undefined || onData(d) !== false;
  }

  /** `feed` returning the payloads (for tests and callers that want a list). */
  push(chunk: Uint8Array): string[] {
    const out: string[] = [];
    this.feed(chunk, (d) => void out.push(d));
    return out;
  }

  /** `end` returning the payloads: a final event without its blank line, if any. */
  flush(): string[] {
    const out: string[] = [];
    this.end((d) => void out.push(d));
    return out;
  }

  /** One line, bytes [s, e) of buf without its "\n"; true when it is blank (the event ends). */
  private line(buf: Buffer, s: number, e: number): boolean {
    if (e > s && buf[e - 1] === CR) e--;
    if (this.first) {
      this.first = false;
      if (e - s >= 3 && buf[s] === 0xef && buf[s + 1] === 0xbb && buf[s + 2] === 0xbf) s += 3;
    }
    if (e === s) return true;
    // "data:" (d a t a :), then one optional space.
    if (e - s >= 5 && buf[s] === 0x64 && buf[s + 1] === 0x61 && buf[s + 2] === 0x74 && buf[s + 3] === 0x61 && buf[s + 4] === 0x3a) {
      s += 5;
      if (s < e && buf[s] === 0x20) s++;
      const value = buf.toString('utf8', s, e);
      this.data = this.data === undefined ? value : `${this.data}\n${value}`;
    }
    return false;
  }
}
