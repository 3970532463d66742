// libx264 fallback speed for 1080p, as a multiple of real time: what a node
// without NVENC can transcode. Runs the command play-check plans for this
// machine (HEVC 10-bit 1080p -> H.264 in MPEG-TS, Jellyfin's libx264 options)
// on a generated clip. Baseline in the same run: decoding the same clip only
// (ffmpeg -f null), so the ratio shows what the encode costs on top.
// Run `npx tsc -p tsconfig.json` first. Usage: node bench/playback-x264-speed.mjs [clip-seconds]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { probeMedia } from '../dist/media/probe.js';
import { planFfmpeg } from '../dist/playback/ffmpeg-plan.js';

const seconds = Number(process.argv[2] ?? 4);
const ticks = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
function childCpu() {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[13]) + Number(f[14])) / ticks;
}
function run(args) {
  const c0 = childCpu();
  const t0 = performance.now();
  const r = spawnSync('ffmpeg', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(`ffmpeg failed: ${r.stderr}`);
  return { wall: (performance.now() - t0) / 1000, cpu: childCpu() - c0 };
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'dlna-bridge-x264-'));
try {
  const clip = path.join(dir, 'src-1080p-hevc10.mkv');
  const gen = run([
    '-v',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    'testsrc2=size=1920x1080:rate=25',
    '-f',
    'lavfi',
    '-i',
    'sine=sample_rate=48000',
    '-t',
    String(seconds),
    '-c:v',
    'libx265',
    '-preset',
    'ultrafast',
    '-x265-params',
    'log-level=error',
    '-pix_fmt',
    'yuv420p10le',
    '-c:a',
    'ac3',
    clip,
  ]);
  const facts = await probeMedia(clip);
  const decision = {
    mediaType: 'Video',
    playMethod: 'Transcode',
    reasons: ['VideoCodecNotSupported'],
    container: 'ts',
    servesOriginalFile: false,
    itemBitrate: facts.bitrate,
    notes: [],
    transcode: {
      container: 'ts',
      videoCodec: 'h264',
      audioCodec: 'aac',
      videoAction: 'encode',
      audioAction: 'encode',
      videoBitrate: 20_000_000 - 384_000,
      audioBitrate: 384_000,
      audioChannels: 2,
    },
  };
  const plan = planFfmpeg(facts, decision, { encoder: 'libx264', output: path.join(dir, 'out.ts') });
  const decode = run(['-v', 'error', '-i', clip, '-f', 'null', '-']);
  const encode = run(['-v', 'error', ...plan.argv.slice(1)]);
  const cores = os.cpus().length;
  console.log(
    `clip: ${seconds} s of 1920x1080 HEVC 10-bit + AC-3 (generated in ${gen.wall.toFixed(1)} s); ${cores} cores, load average ${os.loadavg()[0].toFixed(1)}`,
  );
  console.log(`command: ${plan.argv.join(' ')}\n`);
  console.log(
    `baseline: decode only          wall ${decode.wall.toFixed(2)} s  cpu ${decode.cpu.toFixed(2)} s  = ${(seconds / decode.wall).toFixed(2)}x real time`,
  );
  console.log(
    `libx264 fallback transcode     wall ${encode.wall.toFixed(2)} s  cpu ${encode.cpu.toFixed(2)} s  = ${(seconds / encode.wall).toFixed(2)}x real time`,
  );
  console.log(
    `\nlibx264 1080p speed: ${(seconds / encode.wall).toFixed(2)}x real time (wall); ${(encode.cpu / seconds).toFixed(2)} CPU-seconds per second of video,`,
  );
  console.log(
    `i.e. about ${((cores * seconds) / encode.cpu).toFixed(2)}x real time if all ${cores} cores were free; the encode costs ${(encode.cpu / decode.cpu).toFixed(1)}x the decode alone`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
