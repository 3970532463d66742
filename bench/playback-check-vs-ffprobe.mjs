// `dlna-bridge play-check` on one file versus a bare `ffprobe` of the same
// file (target: play-check <= 2x ffprobe). Both run as fresh processes, as a
// user runs them. Figures are CPU time (user+system of the child, from
// /proc/self/stat cutime/cstime) and wall time; CPU time is what the ratio
// uses because the machine may be shared. Clips are generated in a temp dir.
// Run `npx tsc -p tsconfig.json` first. Usage: node bench/playback-check-vs-ffprobe.mjs [runs]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[2] ?? 15);
const cli = path.join(root, 'dist/cli/main.js');
const profile = path.join(root, 'profiles/H.264-only TV (dlna-bridge).xml');
const ticks = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

function childCpu() {
  // fields after the ")" of comm: cutime is field 16, cstime 17 (1-based)
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[13]) + Number(f[14])) / ticks;
}

function time(cmd, args) {
  const cpu = [];
  const wall = [];
  for (let i = 0; i < runs; i++) {
    const c0 = childCpu();
    const t0 = performance.now();
    const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    wall.push(performance.now() - t0);
    cpu.push((childCpu() - c0) * 1000);
    if (r.status !== 0 && !(cmd === process.execPath && r.status === 1)) throw new Error(`${cmd} failed: ${r.stderr}`);
  }
  const med = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
  return { cpu: cpu.reduce((a, b) => a + b, 0) / runs, wall: med(wall) };
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'dlna-bridge-bench-'));
try {
  const clips = [
    ['320x240 h264/aac mp4, 2 s', 'small.mp4', ['-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25', '-f', 'lavfi', '-i', 'sine', '-t', '2', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac']],
    ['1080p hevc 10-bit/ac3 mkv, 5 s', 'big.mkv', ['-f', 'lavfi', '-i', 'testsrc2=size=1920x1080:rate=25', '-f', 'lavfi', '-i', 'sine', '-t', '5', '-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=error', '-pix_fmt', 'yuv420p10le', '-c:a', 'ac3']],
  ];
  console.log(`runs per measure: ${runs}; CPU ms = mean child user+system, wall ms = median\n`);
  for (const [label, name, args] of clips) {
    const file = path.join(dir, name);
    execFileSync('ffmpeg', ['-v', 'error', '-y', ...args, file]);
    const ffprobe = time('ffprobe', ['-v', 'error', '-show_streams', '-show_format', file]);
    const check = time(process.execPath, [cli, 'play-check', file, '--profile', profile, '--json']);
    const version = time(process.execPath, [cli, '--version']);
    console.log(label);
    console.log(`  ffprobe (baseline)          cpu ${ffprobe.cpu.toFixed(1).padStart(6)} ms   wall ${ffprobe.wall.toFixed(1).padStart(6)} ms`);
    console.log(`  dlna-bridge --version       cpu ${version.cpu.toFixed(1).padStart(6)} ms   wall ${version.wall.toFixed(1).padStart(6)} ms   (CLI start-up alone)`);
    console.log(`  dlna-bridge play-check      cpu ${check.cpu.toFixed(1).padStart(6)} ms   wall ${check.wall.toFixed(1).padStart(6)} ms`);
    const ratio = check.cpu / ffprobe.cpu;
    console.log(`  ratio play-check / ffprobe: ${ratio.toFixed(2)}x cpu, ${(check.wall / ffprobe.wall).toFixed(2)}x wall (target <= 2x): ${ratio <= 2 ? 'met' : 'NOT met'}\n`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
