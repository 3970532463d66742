// Jellyfin's MediaStream.GetVideoColorRange() (MediaBrowser.Model/Entities/
// MediaStream.cs): Dolby Vision from the DOVI configuration record or the
// codec tag, else HDR10/HLG from the colour transfer, else SDR.
import type { VideoRange, VideoRangeType } from './facts.js';

export interface DoviRecord {
  dvProfile?: number;
  rpuPresentFlag?: number;
  blPresentFlag?: number;
  dvBlSignalCompatibilityId?: number;
}

export function videoColorRange(
  codecTag: string | undefined,
  colorTransfer: string | undefined,
  dovi: DoviRecord | undefined,
  hdr10PlusPresent = false,
): { videoRange: VideoRange; videoRangeType: VideoRangeType } {
  const tag = codecTag?.toLowerCase();
  const profile = dovi?.dvProfile;
  const compat = dovi?.dvBlSignalCompatibilityId;
  const isDoviProfile = profile === 5 || profile === 7 || profile === 8 || profile === 10;
  const isDoviFlag =
    dovi?.rpuPresentFlag === 1 &&
    dovi?.blPresentFlag === 1 &&
    (compat === 0 || compat === 1 || compat === 4 || compat === 2 || compat === 6);
  if ((isDoviProfile && isDoviFlag) || tag === 'dovi' || tag === 'dvh1' || tag === 'dvhe' || tag === 'dav1') {
    switch (profile) {
      case 5:
        return { videoRange: 'HDR', videoRangeType: 'DOVI' };
      case 7:
        return { videoRange: 'HDR', videoRangeType: 'HDR10' };
      case 8:
        if (compat === 1 || compat === 6) return { videoRange: 'HDR', videoRangeType: 'DOVIWithHDR10' };
        if (compat === 4) return { videoRange: 'HDR', videoRangeType: 'DOVIWithHLG' };
        if (compat === 2) return { videoRange: 'SDR', videoRangeType: 'DOVIWithSDR' };
        return { videoRange: 'SDR', videoRangeType: 'SDR' };
      case 10:
        if (compat === 0) return { videoRange: 'HDR', videoRangeType: 'DOVI' };
        if (compat === 1 || compat === 6) return { videoRange: 'HDR', videoRangeType: 'DOVIWithHDR10' };
        if (compat === 2) return { videoRange: 'SDR', videoRangeType: 'DOVIWithSDR' };
        if (compat === 4) return { videoRange: 'HDR', videoRangeType: 'DOVIWithHLG' };
        return { videoRange: 'SDR', videoRangeType: 'SDR' };
      default:
        return { videoRange: 'SDR', videoRangeType: 'SDR' };
    }
  }
  const transfer = colorTransfer?.toLowerCase();
  if (transfer === 'smpte2084') {
    return { videoRange: 'HDR', videoRangeType: hdr10PlusPresent ? 'HDR10Plus' : 'HDR10' };
  }
  if (transfer === 'arib-std-b67') return { videoRange: 'HDR', videoRangeType: 'HLG' };
  return { videoRange: 'SDR', videoRangeType: 'SDR' };
}
