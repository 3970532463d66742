// A watch answer is newline-delimited JSON, one event a line, and TCP cuts it
// anywhere: inside a line, inside a multi-byte UTF-8 character. Pure: bytes in,
// complete lines out; a line is decoded only once it is whole.

export class WatchLineTooLong extends Error {
  override name = 'WatchLineTooLong';
}

export class LineSplitter {
  private parts: Buffer[] = [];
  private size = 0;

  /** maxLineBytes bounds what one unterminated line may hold (a server that never sends "\n" must not fill memory). */
  constructor(private readonly maxLineBytes = 4 * 1024 * 1024) {}

  /** The lines this chunk completes (blank ones dropped). Throws WatchLineTooLong past the limit. */
  push(chunk: Buffer): string[] {
    const lines: string[] = [];
    let start = 0;
    for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
      this.take(chunk.subarray(start, nl));
      const line = (this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts)).toString('utf8');
      this.parts = [];
      this.size = 0;
      if (line.trim()) lines.push(line);
      start = nl + 1;
    }
    if (start < chunk.length) this.take(chunk.subarray(start));
    return lines;
  }

  /** Bytes of an unfinished line waiting for its end. */
  get pending(): number {
    return this.size;
  }

  private take(piece: Buffer): void {
    this.size += piece.length;
    if (this.size > this.maxLineBytes) {
      this.parts = [];
      this.size = 0;
      throw new WatchLineTooLong(`a watch event is longer than ${this.maxLineBytes} bytes`);
    }
    this.parts.push(piece);
  }
}
