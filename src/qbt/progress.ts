// Progress while qBittorrent moves a torrent. On a terminal: one redrawn line
// with a bar (when this machine can count the bytes that arrived) or a spinner.
// Anywhere else (a pipe, a log, CI): plain lines, a start line and one every
// few seconds, never carriage returns.

export interface MoveProgress {
  start(name: string, destination: string, totalBytes: number | null): void;
  /** bytesDone is null when the bytes cannot be counted here (remote file system). */
  update(bytesDone: number | null, elapsedMs: number): void;
  end(): void;
}

export interface ProgressStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export function createMoveProgress(stream: ProgressStream, plainIntervalMs = 10_000): MoveProgress {
  return stream.isTTY ? new TtyProgress(stream) : new PlainProgress(stream, plainIntervalMs);
}

export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${n} B` : `${v.toFixed(1)} ${units[i]}`;
}

/** "[#########-----------]  45%" */
export function progressBar(fraction: number, width = 20): string {
  const f = Math.min(1, Math.max(0, fraction));
  const filled = Math.round(f * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.floor(f * 100)).padStart(3)}%`;
}

function seconds(ms: number): string {
  return `${Math.round(ms / 1000)} s`;
}

class TtyProgress implements MoveProgress {
  private name = '';
  private total: number | null = null;
  private frame = 0;
  constructor(private readonly stream: ProgressStream) {}

  start(name: string, _destination: string, totalBytes: number | null): void {
    this.name = name;
    this.total = totalBytes;
    this.frame = 0;
    this.update(this.total === null ? null : 0, 0);
  }

  update(bytesDone: number | null, elapsedMs: number): void {
    let line: string;
    if (bytesDone !== null && this.total) {
      line = `${progressBar(bytesDone / this.total)} ${formatBytes(bytesDone)}/${formatBytes(this.total)} ${seconds(elapsedMs)}  moving ${this.name}`;
    } else {
      const spin = '|/-\\'[this.frame++ % 4];
      line = `${spin} moving ${this.name} (${seconds(elapsedMs)})`;
    }
    // A pty without a size reports 0 columns.
    const width = Math.max(20, (this.stream.columns || 80) - 1);
    this.stream.write(`\r\x1b[2K${line.slice(0, width)}`);
  }

  end(): void {
    this.stream.write('\r\x1b[2K');
  }
}

class PlainProgress implements MoveProgress {
  private name = '';
  private total: number | null = null;
  private lastLine = 0;
  constructor(
    private readonly stream: ProgressStream,
    private readonly intervalMs: number,
  ) {}

  start(name: string, destination: string, totalBytes: number | null): void {
    this.name = name;
    this.total = totalBytes;
    this.lastLine = 0;
    const size = totalBytes === null ? '' : ` (${formatBytes(totalBytes)})`;
    this.stream.write(`moving ${name}${size} to ${destination}\n`);
  }

  update(bytesDone: number | null, elapsedMs: number): void {
    if (elapsedMs - this.lastLine < this.intervalMs) return;
    this.lastLine = elapsedMs;
    const pct = bytesDone !== null && this.total ? ` ${Math.floor((bytesDone / this.total) * 100)}%` : '';
    this.stream.write(`still moving ${this.name}:${pct} ${seconds(elapsedMs)}\n`);
  }

  end(): void {}
}
