// What a command's run(options, io) writes to and reads from, injected by the
// CLI (process.stdout, process.stderr, process.env) or by a test (buffers).

import type { Writable } from 'node:stream';

export interface CommandIo {
  stdout: Writable;
  stderr: Writable;
  /** The environment the command reads (FFPROBE_PATH, ...), never process.env directly. */
  env: NodeJS.ProcessEnv;
}

/** Writes and waits for 'drain' when the stream asks for it, so a long run holds one piece at a time. */
export function writeText(stream: Writable, text: string): Promise<void> {
  return new Promise((resolve) => {
    if (stream.write(text)) resolve();
    else stream.once('drain', resolve);
  });
}
