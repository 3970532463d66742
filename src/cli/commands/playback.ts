import type { Command } from 'commander';
import { CliError, EXIT_ERROR } from '../exit-codes.js';
import { addPolicyFlags, type PolicyFlags } from './policy-flags.js';

// `play-check` (what Jellyfin will do with a file for a TV) and `gpu-check`
// (whether NVIDIA H.264 transcoding works here). Implementations load lazily.

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

interface PlayCheckCliOptions extends PolicyFlags {
  profile?: string;
  profiles: string[];
  userAgent?: string;
  header: string[];
  json?: boolean;
  maxBitrate?: string;
  audioStream?: string;
  subtitleStream?: string;
  playTo?: boolean;
}

/** A stream index flag: a whole number, -1 allowed where it means "none". */
function streamIndex(flag: string, value: string | undefined, allowNone: boolean): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < (allowNone ? -1 : 0)) {
    throw new CliError(`${flag} ${value}: expected a stream index (0, 1, ...${allowNone ? '; -1 for none' : ''})`, EXIT_ERROR);
  }
  return n;
}

export function registerPlaybackCommands(program: Command): void {
  const playCheck = program
    .command('play-check')
    .description("predict Jellyfin's DLNA playback decision for media files and a TV: Direct Play, Direct Stream (the original file, DLNA trap) or Transcode, with reasons and the ffmpeg commands")
    .argument('<media...>', 'media files to check')
    .option('--profile <file>', 'use this device profile')
    .option('--profiles <dir>', 'pick the profile as Jellyfin does from a folder (repeatable): a Jellyfin /config volume, or a folder of *.xml (system) with user/*.xml (user profiles)', collect, [])
    .option('--user-agent <ua>', "the TV's User-Agent header, for --profiles")
    .option('--header <name:value>', 'another request header the TV sends, for --profiles (repeatable)', collect, [])
    .option('--json', 'one JSON object per file (an array for several files)')
    .option('--max-bitrate <bps>', "bitrate cap instead of the profile's MaxStreamingBitrate")
    .option('--audio-stream <n>', 'the audio stream the TV asks for, by ffprobe stream index (default: none asked, as the DLNA plugin browses: the default track)')
    .option('--subtitle-stream <n>', 'the subtitle stream the TV asks for, by stream index; -1 for none (default: the forced, else default-flagged one)')
    .option('--play-to', "decide as the DLNA plugin's PlayTo (Jellyfin pushes to the TV: Direct Stream disabled) instead of its browse");
  addPolicyFlags(playCheck)
    .addHelpText(
      'after',
      '\nExit codes: 0 every file reaches the TV in an accepted format, 1 a file reaches it in a denied format\n' +
        '(the DLNA Direct Stream trap included), 2 errors (no ffprobe, unreadable or non-media file, bad profile).\n' +
        'The engine mirrors Jellyfin 10.11\'s StreamBuilder, called as the DLNA plugin calls it.\n' +
        'Example: dlna-bridge play-check movie.mkv --profiles /srv/jellyfin/config --user-agent "SEC_HHP_[TV] Samsung"',
    )
    .action(async (media: string[], opts: PlayCheckCliOptions) => {
      if (opts.profile && opts.profiles.length > 0) throw new CliError('use either --profile FILE or --profiles DIR, not both', EXIT_ERROR);
      if (!opts.profile && opts.profiles.length === 0) throw new CliError('name the device profile: --profile FILE, or --profiles DIR with --user-agent UA', EXIT_ERROR);
      if (opts.profiles.length > 0 && !opts.userAgent && opts.header.length === 0) {
        throw new CliError('--profiles needs the TV request headers to choose a profile: --user-agent UA (or --header NAME:VALUE)', EXIT_ERROR);
      }
      const headers: Record<string, string> = {};
      if (opts.userAgent) headers['User-Agent'] = opts.userAgent;
      for (const h of opts.header) {
        const i = h.indexOf(':');
        if (i <= 0) throw new CliError(`--header ${h}: expected NAME:VALUE`, EXIT_ERROR);
        headers[h.slice(0, i).trim()] = h.slice(i + 1).trim();
      }
      let maxBitrate: number | undefined;
      if (opts.maxBitrate !== undefined) {
        maxBitrate = Number(opts.maxBitrate);
        if (!Number.isInteger(maxBitrate) || maxBitrate <= 0) throw new CliError(`--max-bitrate ${opts.maxBitrate}: expected a positive integer (bit/s)`, EXIT_ERROR);
      }
      const audioStreamIndex = streamIndex('--audio-stream', opts.audioStream, false);
      const subtitleStreamIndex = streamIndex('--subtitle-stream', opts.subtitleStream, true);
      const [{ runPlayCheck, PlayCheckFatal }, { policyFromOptions }] = await Promise.all([
        import('../../playback/play-check.js'),
        import('../../profile/policy-options.js'),
      ]);
      try {
        const outcome = await runPlayCheck({
          files: media,
          profileFile: opts.profile,
          profileDirs: opts.profiles,
          headers,
          policy: policyFromOptions(opts),
          json: opts.json === true,
          maxBitrate,
          audioStreamIndex,
          subtitleStreamIndex,
          playTo: opts.playTo === true,
        });
        if (outcome.stdout) process.stdout.write(`${outcome.stdout}\n`);
        for (const e of outcome.errors) process.stderr.write(`dlna-bridge: ${e}\n`);
        process.exitCode = outcome.exitCode;
      } catch (err) {
        if (err instanceof PlayCheckFatal) throw new CliError(err.message, EXIT_ERROR);
        throw err;
      }
    });

  program
    .command('gpu-check')
    .description('check that NVIDIA H.264 transcoding really works here: device, driver, CUDA decode of HEVC 8/10-bit, a real h264_nvenc encode')
    .option('--json', 'print the report as JSON')
    .option('--run-seconds <n>', 'also run the planned transcode pipeline on a generated 1080p HEVC 10-bit clip of N seconds and report its speed')
    .addHelpText(
      'after',
      '\nExit codes: 0 NVENC H.264 works, 1 it does not (the reason and the fallback are printed), 2 usage error.\n' +
        '\nExamples:\n' +
        '  dlna-bridge gpu-check\n' +
        '  dlna-bridge gpu-check --run-seconds 20 --json   (also time a 1080p HEVC 10-bit -> H.264 transcode)',
    )
    .action(async (opts: { json?: boolean; runSeconds?: string }) => {
      let runSeconds: number | undefined;
      if (opts.runSeconds !== undefined) {
        runSeconds = Number(opts.runSeconds);
        if (!Number.isFinite(runSeconds) || runSeconds <= 0 || runSeconds > 600) {
          throw new CliError(`--run-seconds ${opts.runSeconds}: expected a number of seconds between 0 and 600`, EXIT_ERROR);
        }
      }
      const { runGpuCheck } = await import('../../gpu/gpu-check-run.js');
      const { output, report } = await runGpuCheck({ json: opts.json === true, runSeconds });
      process.stdout.write(`${output}\n`);
      process.exitCode = report.nvencWorks ? 0 : 1;
    });
}
