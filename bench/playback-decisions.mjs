// Engine decisions per second on one core (target >= 50,000/s), with two
// baselines measured in the same run: a trivial loop over the same inputs
// (reads the same fields, decides nothing) and parsing the profile once.
// Run `npx tsc -p tsconfig.json` first. Usage: node bench/playback-decisions.mjs [seconds-per-measure]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decidePlayback } from '../dist/playback/decide.js';
import { parseProfile } from '../dist/device-profile/parse.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const seconds = Number(process.argv[2] ?? 3);
const samsungXml = readFileSync(path.join(root, 'test/fixtures/jellyfin-profiles/Samsung Smart TV.xml'), 'utf8');
const curatedXml = readFileSync(path.join(root, 'profiles/H.264-only TV (dlna-bridge).xml'), 'utf8');
const profiles = [parseProfile(samsungXml), parseProfile(curatedXml)];

const video = (v) => ({
  index: 0,
  codec: 'h264',
  profile: 'High',
  level: 41,
  bitDepth: 8,
  width: 1920,
  height: 1080,
  averageFrameRate: 23.976,
  realFrameRate: 23.976,
  bitRate: 8e6,
  isInterlaced: false,
  isAnamorphic: false,
  isAvc: true,
  refFrames: 4,
  videoRange: 'SDR',
  videoRangeType: 'SDR',
  isDefault: true,
  ...v,
});
const audio = (a) => ({
  index: 1,
  codec: 'aac',
  profile: 'LC',
  channels: 2,
  sampleRate: 48000,
  bitRate: 192000,
  isDefault: true,
  isExternal: false,
  ...a,
});
const movie = (container, v = {}, a = {}, extra = {}) => ({
  path: `/m/x.${container}`,
  container,
  bitrate: 8.4e6,
  isAudioOnly: false,
  video: video(v),
  audio: [audio(a)],
  subtitles: [],
  videoStreamCount: 1,
  ...extra,
});
const inputs = [
  movie(
    'mkv',
    { codec: 'hevc', profile: 'Main 10', bitDepth: 10, level: 150, videoRange: 'HDR', videoRangeType: 'HDR10' },
    { codec: 'eac3', channels: 6 },
  ),
  movie('mkv'),
  movie('mov,mp4,m4a,3gp,3g2,mj2'),
  movie('ts', {}, { codec: 'ac3', channels: 6 }),
  movie('avi', { codec: 'mpeg4', profile: 'Advanced Simple Profile', level: 5 }, { codec: 'mp3' }),
  movie(
    'mkv',
    {},
    { codec: 'dts', channels: 6 },
    {
      bitrate: 60e6,
      subtitles: [{ index: 2, codec: 'PGSSUB', isExternal: false, isDefault: false, isForced: true, isText: false }],
    },
  ),
];

// Rates are per second of this process's CPU time (process.cpuUsage), so a
// busy shared machine stretches the wall clock but not the figure: "one core".
function cpuSeconds() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

function measure(label, fn) {
  // warm up, then count iterations in a fixed CPU-time window
  for (let i = 0; i < 2000; i++) fn(i);
  let n = 0;
  const c0 = cpuSeconds();
  while (cpuSeconds() - c0 < seconds) {
    for (let i = 0; i < 200; i++) fn(n++);
  }
  const perSec = n / (cpuSeconds() - c0);
  console.log(`${label.padEnd(44)} ${Math.round(perSec).toLocaleString('en-US').padStart(12)} /s`);
  return perSec;
}

let sink = 0;
const decisions = measure('decidePlayback (6 files x 2 profiles)', (i) => {
  const d = decidePlayback(inputs[i % inputs.length], profiles[(i >> 3) & 1]);
  sink += d.reasons.length;
});
const trivial = measure('baseline: trivial loop over the same inputs', (i) => {
  const f = inputs[i % inputs.length];
  const p = profiles[(i >> 3) & 1];
  sink += (f.container.length + f.video.codec.length + p.directPlayProfiles.length) & 1;
});
const parses = measure('baseline: parseProfile (Samsung Smart TV.xml)', () => {
  sink += parseProfile(samsungXml).directPlayProfiles.length;
});
console.log(
  `\ndecisions/s: ${Math.round(decisions).toLocaleString('en-US')} (target >= 50,000): ${decisions >= 50000 ? 'met' : 'NOT met'}`,
);
console.log(
  `one decision costs ${(trivial / decisions).toFixed(0)}x a trivial pass over its inputs and ${(parses / decisions).toFixed(3)}x one profile parse`,
);
if (sink === -1) console.log(sink);
