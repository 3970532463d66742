// MediaFacts for engine tests, shaped like what normalize.ts produces.
import type { AudioStreamFacts, MediaFacts, VideoStreamFacts } from '../../src/media/facts.js';

export function videoStream(v: Partial<VideoStreamFacts> = {}): VideoStreamFacts {
  return {
    index: 0,
    codec: 'h264',
    profile: 'High',
    level: 40,
    bitDepth: 8,
    width: 1920,
    height: 1080,
    averageFrameRate: 25,
    realFrameRate: 25,
    bitRate: 8_000_000,
    isInterlaced: false,
    isAnamorphic: false,
    isAvc: true,
    refFrames: 1,
    videoRange: 'SDR',
    videoRangeType: 'SDR',
    isDefault: true,
    ...v,
  };
}

export function audioStream(a: Partial<AudioStreamFacts> = {}): AudioStreamFacts {
  return {
    index: 1,
    codec: 'aac',
    profile: 'LC',
    channels: 2,
    sampleRate: 48000,
    bitRate: 192_000,
    isDefault: true,
    isExternal: false,
    ...a,
  };
}

export function movie(
  container: string,
  f: Omit<Partial<MediaFacts>, 'video'> & { video?: Partial<VideoStreamFacts> } = {},
): MediaFacts {
  const { video, ...rest } = f;
  return {
    path: `/media/movie.${container.split(',')[0]}`,
    container,
    bitrate: 8_192_000,
    isAudioOnly: false,
    video: videoStream(video),
    audio: [audioStream()],
    subtitles: [],
    videoStreamCount: 1,
    ...rest,
  };
}

export const MP4 = 'mov,mp4,m4a,3gp,3g2,mj2';
