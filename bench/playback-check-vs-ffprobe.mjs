// play-check against bare ffprobes of the same files, fresh processes in the same run:
// one file (target <= 2x one ffprobe) and N files in one call (<= 1.2x N ffprobes in
// sequence). Verdict on wall time: play-check probes while Node loads and in parallel;
// CPU (children's user+system) is printed beside it, with `node -e 0` as its floor.
// Pairs alternate; medians, per-pair ratio spread (25-75%) as the noise. Clips are
// made with ffmpeg in a temp folder. Run `npx tsc -p tsconfig.json` first. Usage:
// node bench/playback-check-vs-ffprobe.mjs [--runs 15] [--batches 3] [--files 100] [--cli other/dist/cli/main.js]
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '15' },
    batches: { type: 'string', default: '3' },
    files: { type: 'string', default: '100' },
    cli: { type: 'string' },
  },
});
const runs = Number(args.runs);
const batches = Number(args.batches);
const fileCount = Number(args.files);
const cli = path.resolve(args.cli ?? path.join(root, 'dist/cli/main.js'));
const profile = path.join(root, 'profiles/H.264-only TV (dlna-bridge).xml');
const ticks = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
const FFPROBE_ARGS = ['-v', 'error', '-print_format', 'json', '-show_streams', '-show_format'];

function childCpuMs() {
  // fields after the ")" of comm: cutime is field 16, cstime 17 (1-based)
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(f[13]) + Number(f[14])) / ticks) * 1000;
}

/** Runs fn (which spawns and waits) and returns its wall and children's CPU time in ms. */
function measure(fn) {
  const c0 = childCpuMs();
  const t0 = performance.now();
  fn();
  return { wall: performance.now() - t0, cpu: childCpuMs() - c0 };
}

function run(cmd, argv) {
  const r = spawnSync(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
  // play-check exits 1 when a file would reach the TV in a denied format: a result, not a failure.
  if (r.status !== 0 && !(cmd === process.execPath && r.status === 1))
    throw new Error(`${cmd} ${argv.join(' ')} failed (${r.status}): ${r.stderr}`);
}

const ffprobe = (files) => () => files.forEach((f) => run('ffprobe', [...FFPROBE_ARGS, f]));
const playCheck = (files) => () => run(process.execPath, [cli, 'play-check', ...files, '--profile', profile, '--json']);

const quantile = (a, q) => {
  const s = [...a].sort((x, y) => x - y);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (pos - lo);
};
const median = (a) => quantile(a, 0.5);

/** Alternating pairs; per metric: medians of each side, median per-pair ratio and its 25-75% spread. */
function compare(base, subject, pairs) {
  const b = [];
  const s = [];
  for (let i = 0; i < pairs; i++) {
    b.push(measure(base));
    s.push(measure(subject));
  }
  const stats = (key) => {
    const ratios = s.map((x, i) => x[key] / b[i][key]);
    return {
      base: median(b.map((x) => x[key])),
      subject: median(s.map((x) => x[key])),
      ratio: median(ratios),
      lo: quantile(ratios, 0.25),
      hi: quantile(ratios, 0.75),
    };
  };
  return { wall: stats('wall'), cpu: stats('cpu') };
}

const ms = (v) => `${v.toFixed(0).padStart(6)} ms`;
const ratioText = (r) => `${r.ratio.toFixed(2)}x (${r.lo.toFixed(2)}-${r.hi.toFixed(2)})`;

function report(title, baseName, subjectName, c, target) {
  console.log(title);
  console.log(`  ${baseName.padEnd(34)} wall ${ms(c.wall.base)}   cpu ${ms(c.cpu.base)}`);
  console.log(`  ${subjectName.padEnd(34)} wall ${ms(c.wall.subject)}   cpu ${ms(c.cpu.subject)}`);
  console.log(
    `  ratio: wall ${ratioText(c.wall)}, cpu ${ratioText(c.cpu)}; target wall <= ${target}x: target met: ${c.wall.ratio <= target ? 'yes' : 'no'}`,
  );
  console.log('');
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'dlna-bridge-bench-'));
try {
  const lavfi = (src) => ['-f', 'lavfi', '-i', src];
  const clips = [
    [
      '320x240 h264/aac mp4, 2 s',
      'small.mp4',
      [
        ...lavfi('testsrc=size=320x240:rate=25'),
        ...lavfi('sine'),
        '-t',
        '2',
        '-c:v',
        'libx264',
        '-preset',
        'ultrafast',
        '-pix_fmt',
        'yuv420p',
        '-c:a',
        'aac',
      ],
    ],
    [
      '1080p hevc 10-bit/ac3 mkv, 1 s',
      'big.mkv',
      [
        ...lavfi('testsrc2=size=1920x1080:rate=25'),
        ...lavfi('sine'),
        '-t',
        '1',
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
      ],
    ],
    [
      '640x360 h264/aac mkv, 1 s',
      'h264.mkv',
      [
        ...lavfi('testsrc=size=640x360:rate=25'),
        ...lavfi('sine'),
        '-t',
        '1',
        '-c:v',
        'libx264',
        '-preset',
        'ultrafast',
        '-pix_fmt',
        'yuv420p',
        '-c:a',
        'aac',
      ],
    ],
  ];
  for (const [, name, argv] of clips) execFileSync('ffmpeg', ['-v', 'error', '-y', ...argv, path.join(dir, name)]);
  const floor = median(
    Array.from({ length: Math.min(runs, 7) }, () => measure(() => run(process.execPath, ['-e', '0'])).cpu),
  );
  console.log(`${process.version} ${cli}`);
  console.log(
    `one file: ${runs} alternating pairs per clip; ${fileCount} files: ${batches} pairs; medians, per-pair ratio spread 25-75% in ().`,
  );
  console.log(`floor: node -e 0 costs ${floor.toFixed(0)} ms cpu here.\n`);
  for (const [label, name] of clips.slice(0, 2)) {
    const file = path.join(dir, name);
    report(
      `one file: ${label}`,
      'ffprobe (baseline)',
      'dlna-bridge play-check',
      compare(ffprobe([file]), playCheck([file]), runs),
      2,
    );
  }
  // A library: copies of the clips under distinct names in one folder.
  const many = Array.from({ length: fileCount }, (_, i) => {
    const [, name] = clips[i % clips.length];
    const copy = path.join(dir, `library-${String(i).padStart(3, '0')}${path.extname(name)}`);
    copyFileSync(path.join(dir, name), copy);
    return copy;
  });
  report(
    `${fileCount} files (the three clips, copied), ${os.availableParallelism()} CPUs`,
    `${fileCount} ffprobes in sequence (baseline)`,
    `one play-check of ${fileCount} files`,
    compare(ffprobe(many), playCheck(many), batches),
    1.2,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
