// Jellyfin's container name for a file: ProbeResultNormalizer.NormalizeFormat
// (jellyfin/jellyfin, MediaBrowser.MediaEncoding/Probing). ffprobe's
// format_name is a comma list; each token is renamed on its own and the list
// is kept, so an mp4 stays "mov,mp4,m4a,3gp,3g2,mj2" and a profile matches it
// when any one token matches.

const WEBM_VIDEO_CODECS = ['av1', 'vp8', 'vp9'];
const WEBM_AUDIO_CODECS = ['opus', 'vorbis'];

export interface StreamCodec {
  type: 'video' | 'audio' | 'subtitle' | 'other';
  codec: string;
}

export function normalizeContainer(
  formatName: string | undefined,
  streams: readonly StreamCodec[],
): string | undefined {
  if (formatName === undefined || formatName.trim() === '') return undefined;
  const tokens = formatName.split(',').map((token) => {
    const lower = token.toLowerCase();
    if (lower === 'mpegvideo') return 'mpeg';
    if (lower === 'mpegts') return 'ts';
    if (lower === 'matroska') return 'mkv';
    if (lower === 'webm') {
      // "matroska,webm" counts as webm only when every audio/video stream is a
      // WebM codec; otherwise the token is dropped and the file is plain mkv.
      const allWebm = streams.every(
        (s) =>
          (s.type !== 'video' || WEBM_VIDEO_CODECS.includes(s.codec.toLowerCase())) &&
          (s.type !== 'audio' || WEBM_AUDIO_CODECS.includes(s.codec.toLowerCase())),
      );
      return allWebm ? token : '';
    }
    return token;
  });
  const kept = tokens.filter((t) => t !== '');
  return kept.length > 0 ? kept.join(',') : undefined;
}
