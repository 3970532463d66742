import type { Command } from 'commander';
import { addPolicyFlags, type PolicyFlags } from './policy-flags.js';
import { FlagProblems } from '../flag-values.js';
import { flagTable, runNamingFlags } from '../with-flag-names.js';

// `play-check` (what Jellyfin will do with media files for a TV) and
// `gpu-check` (whether NVIDIA H.264 transcoding works here): flags declared
// and parsed here; src/playback/command.ts and src/gpu/command.ts, loaded only
// when the command runs, do the work and return the exit code.

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
  jobs?: string;
}

const STREAM_INDEX = 'a stream index (0, 1, ...)';

export function registerPlaybackCommands(program: Command): void {
  const playCheck = program
    .command('play-check')
    .description(
      "predict Jellyfin's DLNA playback decision for media files and a TV: Direct Play, Direct Stream (the original file, DLNA trap) or Transcode, with reasons and the ffmpeg commands",
    )
    .argument(
      '<media...>',
      'media files to check (each is reported in this order; a file that cannot be read does not stop the others)',
    )
    .option('--profile <file>', 'use this device profile')
    .option(
      '--profiles <dir>',
      'pick the profile as Jellyfin does from a folder (repeatable): a Jellyfin /config volume, or a folder of *.xml (system) with user/*.xml (user profiles)',
      collect,
      [],
    )
    .option('--user-agent <ua>', "the TV's User-Agent header, for --profiles")
    .option('--header <name:value>', 'another request header the TV sends, for --profiles (repeatable)', collect, [])
    .option('--json', 'one JSON object per file (an array for several files)')
    .option('--max-bitrate <bps>', "bitrate cap instead of the profile's MaxStreamingBitrate")
    .option(
      '--audio-stream <n>',
      'the audio stream the TV asks for, by ffprobe stream index (default: none asked, as the DLNA plugin browses: the default track)',
    )
    .option(
      '--subtitle-stream <n>',
      'the subtitle stream the TV asks for, by stream index; -1 for none (default: the forced, else default-flagged one)',
    )
    .option(
      '--play-to',
      "decide as the DLNA plugin's PlayTo (Jellyfin pushes to the TV: Direct Stream disabled) instead of its browse",
    )
    .option('--jobs <n>', 'ffprobe runs at once (default: the number of CPUs)');
  addPolicyFlags(playCheck)
    .addHelpText(
      'after',
      '\nExit codes: the worst over the files: 0 every file reaches the TV in an accepted format, 1 a file reaches it in a denied\n' +
        'format (the DLNA Direct Stream trap included), 2 errors (no ffprobe, unreadable or non-media file, bad profile).\n' +
        "The engine mirrors Jellyfin 10.11's StreamBuilder, called as the DLNA plugin calls it.\n" +
        '\nExamples:\n' +
        '  dlna-bridge play-check movie.mkv --profiles /srv/jellyfin/config --user-agent "SEC_HHP_[TV] Samsung"\n' +
        '  dlna-bridge play-check /srv/media/movies/*.mkv --profile "H.264-only TV (dlna-bridge).xml" --json',
    )
    .action(async (media: string[], opts: PlayCheckCliOptions) => {
      const problems = new FlagProblems();
      if (opts.profile && opts.profiles.length > 0)
        problems.add('use either --profile FILE or --profiles DIR, not both');
      if (!opts.profile && opts.profiles.length === 0)
        problems.add('name the device profile: --profile FILE, or --profiles DIR with --user-agent UA');
      if (opts.profiles.length > 0 && !opts.userAgent && opts.header.length === 0) {
        problems.add(
          '--profiles needs the TV request headers to choose a profile: --user-agent UA (or --header NAME:VALUE)',
        );
      }
      const headers: Record<string, string> = {};
      if (opts.userAgent) headers['User-Agent'] = opts.userAgent;
      for (const h of opts.header) {
        const i = h.indexOf(':');
        if (i <= 0) problems.add(`--header ${h}: expected NAME:VALUE`);
        else headers[h.slice(0, i).trim()] = h.slice(i + 1).trim();
      }
      const maxBitrate = problems.wholeNumber(
        '--max-bitrate',
        opts.maxBitrate,
        { min: 1 },
        'a positive integer (bit/s)',
      );
      const audioStreamIndex = problems.wholeNumber('--audio-stream', opts.audioStream, { min: 0 }, STREAM_INDEX);
      const subtitleStreamIndex = problems.wholeNumber(
        '--subtitle-stream',
        opts.subtitleStream,
        { min: -1 },
        `${STREAM_INDEX.slice(0, -1)}; -1 for none)`,
      );
      const jobs = problems.wholeNumber('--jobs', opts.jobs, { min: 1, max: 256 }, 'a whole number from 1 to 256');
      problems.throwIfAny();
      const [{ run }, { policyFromOptions }] = await Promise.all([
        import('../../playback/command.js'),
        import('../../device-profile/policy-options.js'),
      ]);
      const options = {
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
        jobs,
      };
      const io = { stdout: process.stdout, stderr: process.stderr, env: process.env };
      await runNamingFlags(flagTable({ PLAYBACK_PROFILES_NOT_A_FOLDER: '--profiles' }), () => run(options, io));
    });

  program
    .command('gpu-check')
    .description(
      'check that NVIDIA H.264 transcoding really works here: device, driver, CUDA decode of HEVC 8/10-bit, a real h264_nvenc encode',
    )
    .option('--json', 'print the report as JSON')
    .option(
      '--run-seconds <n>',
      'also run the planned transcode pipeline on a generated 1080p HEVC 10-bit clip of N seconds and report its speed',
    )
    .addHelpText(
      'after',
      '\nExit codes: 0 NVENC H.264 works, 1 it does not (the reason and the fallback are printed), 2 usage error.\n' +
        '\nExamples:\n' +
        '  dlna-bridge gpu-check\n' +
        '  dlna-bridge gpu-check --run-seconds 20 --json   (also time a 1080p HEVC 10-bit -> H.264 transcode)',
    )
    .action(async (opts: { json?: boolean; runSeconds?: string }) => {
      const problems = new FlagProblems();
      let runSeconds: number | undefined;
      if (opts.runSeconds !== undefined) {
        runSeconds = Number(opts.runSeconds);
        if (!Number.isFinite(runSeconds) || runSeconds <= 0 || runSeconds > 600) {
          problems.add(`--run-seconds ${opts.runSeconds}: expected a number of seconds between 0 and 600`);
        }
      }
      problems.throwIfAny();
      const { run } = await import('../../gpu/command.js');
      const io = { stdout: process.stdout, stderr: process.stderr, env: process.env };
      await runNamingFlags(flagTable({}), () => run({ json: opts.json === true, runSeconds }, io));
    });
}
