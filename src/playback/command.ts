// `dlna-bridge play-check` as one command: probes start first (at most `jobs`
// at once) while the engine and the profile load; each report is written in
// argument order once it and all before it are done. A file that cannot be
// read is one line on stderr; the exit code is the worst seen (0 accepted,
// 1 denied format, 2 a file not checked). When nothing can be checked (no
// ffprobe, a bad profile) run() throws the DlnaBridgeError for the CLI.
import os from 'node:os';
import { createProber, type Prober } from '../media/probe.js';
import { boundedMap } from '../util/bounded-map.js';
import { isDlnaBridgeError } from '../util/errors.js';
import { writeText as write, type CommandIo } from '../util/command-io.js';
import type { PlayCheckOptions } from './play-check.js';
import type { EncoderChoice } from '../media/encoder-detect.js';
import { EXIT_ERROR, EXIT_FINDINGS, EXIT_OK } from '../util/exit-codes.js';

export interface PlayCheckCommandOptions extends PlayCheckOptions {
  files: string[];
  /** Probes in flight at once; default: os.availableParallelism(). */
  jobs?: number;
}

/** Injected in tests; the real ffprobe and encoder detection otherwise. */
export interface PlayCheckDeps {
  probe?: Prober;
  detect?: () => Promise<EncoderChoice>;
}

export async function run(options: PlayCheckCommandOptions, io: CommandIo, deps: PlayCheckDeps = {}): Promise<number> {
  const abort = new AbortController();
  const probe = deps.probe ?? createProber(io.env, abort.signal);
  const probes = boundedMap(options.files, options.jobs ?? os.availableParallelism(), (file) =>
    probe(file).catch((err: unknown) => {
      // No ffprobe here fails every file alike: start no more.
      if (!isDlnaBridgeError(err) || err.kind !== 'input') probes.stop();
      throw err;
    }),
  );
  const out = new OrderedOutput(io, options.json, options.files.length);
  try {
    const engine = await import('./play-check.js');
    const chosen = await engine.chooseProfile(options);
    const detect = deps.detect ?? (async () => (await import('../media/encoder-detect.js')).detectEncoder());
    let exitCode = EXIT_OK;
    for (const [i, file] of options.files.entries()) {
      const probed = await probes.results[i]!;
      if (!probed.ok) {
        const err = probed.error;
        // A missing ffprobe fails every file alike: say it once and stop.
        if (!isDlnaBridgeError(err) || err.kind !== 'input') throw err;
        await out.error(err.message);
        exitCode = EXIT_ERROR;
        continue;
      }
      const result = await engine.checkFile(file, probed.value, chosen, options, detect);
      await out.result(options.json ? engine.toJson(result) : engine.formatText(result));
      if (result.verdict.denied && exitCode === EXIT_OK) exitCode = EXIT_FINDINGS;
    }
    await out.end();
    return exitCode;
  } catch (err) {
    // Nothing more can be checked (no ffprobe, a profile Jellyfin would refuse): the
    // CLI prints the error (src/cli/errors.ts); the ffprobes still running are killed.
    probes.stop();
    abort.abort();
    await out.closeEarly();
    throw err;
  }
}

/**
 * Text: the reports separated by a blank line. JSON: one object for one file
 * (nothing when it failed), else an array, written element by element and
 * byte for byte what JSON.stringify(array, null, 2) gives.
 */
class OrderedOutput {
  private written = 0;

  constructor(
    private readonly io: CommandIo,
    private readonly json: boolean,
    private readonly fileCount: number,
  ) {}

  async result(report: string | object): Promise<void> {
    let text: string;
    if (!this.json) text = `${this.written > 0 ? '\n' : ''}${report as string}\n`;
    else if (this.fileCount === 1) text = `${JSON.stringify(report, null, 2)}\n`;
    else text = `${this.written > 0 ? ',\n' : '[\n'}${JSON.stringify(report, null, 2).replace(/^/gm, '  ')}`;
    this.written++;
    await write(this.io.stdout, text);
  }

  error(message: string): Promise<void> {
    return write(this.io.stderr, `dlna-bridge: ${message}\n`);
  }

  async end(): Promise<void> {
    if (this.json && this.fileCount > 1) await write(this.io.stdout, this.written > 0 ? '\n]\n' : '[]\n');
  }

  /** Stopped part way: a JSON array already begun is closed, so what was written still parses. */
  async closeEarly(): Promise<void> {
    if (this.written > 0) await this.end();
  }
}
