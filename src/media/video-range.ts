// Jellyfin's MediaStream.GetVideoColorRange() (MediaBrowser.Model/Entities/
// MediaStream.cs, Jellyfin 10.11): Dolby Vision from the DOVI configuration record or the
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
    const dv = doviRange(profile, compat);
    // Jellyfin 10.11: HDR10+ metadata on a Dolby Vision stream with an HDR10 base layer.
    if (hdr10PlusPresent && dv.videoRangeType === 'DOVIWithHDR10')
      return { videoRange: 'HDR', videoRangeType: 'DOVIWithHDR10Plus' };
    if (hdr10PlusPresent && dv.videoRangeType === 'DOVIWithEL')
      return { videoRange: 'HDR', videoRangeType: 'DOVIWithELHDR10Plus' };
    return dv;
  }
  const transfer = colorTransfer?.toLowerCase();
  if (transfer === 'smpte2084') {
    return { videoRange: 'HDR', videoRangeType: hdr10PlusPresent ? 'HDR10Plus' : 'HDR10' };
  }
  if (transfer === 'arib-std-b67') return { videoRange: 'HDR', videoRangeType: 'HLG' };
  return { videoRange: 'SDR', videoRangeType: 'SDR' };
}

/**
 * The Dolby Vision range by profile and base-layer compatibility id, as 10.11
 * names it. 10.10 said HDR10 for profile 7 and SDR for out-of-spec profile 8/10
 * files; 10.11 says DOVIWithEL and DOVIInvalid, so a profile allowing "HDR10"
 * no longer direct-plays a profile 7 file.
 */
function doviRange(
  profile: number | undefined,
  compat: number | undefined,
): { videoRange: VideoRange; videoRangeType: VideoRangeType } {
  switch (profile) {
    case 5:
      return { videoRange: 'HDR', videoRangeType: 'DOVI' };
    case 7:
      return { videoRange: 'HDR', videoRangeType: 'DOVIWithEL' };
    case 8:
      if (compat === 1) return { videoRange: 'HDR', videoRangeType: 'DOVIWithHDR10' };
      if (compat === 4) return { videoRange: 'HDR', videoRangeType: 'DOVIWithHLG' };
      if (compat === 2) return { videoRange: 'SDR', videoRangeType: 'DOVIWithSDR' };
      return { videoRange: 'HDR', videoRangeType: 'DOVIInvalid' };
    case 10:
      if (compat === 0) return { videoRange: 'HDR', videoRangeType: 'DOVI' };
      if (compat === 1) return { videoRange: 'HDR', videoRangeType: 'DOVIWithHDR10' };
      if (compat === 2) return { videoRange: 'SDR', videoRangeType: 'DOVIWithSDR' };
      if (compat === 4) return { videoRange: 'HDR', videoRangeType: 'DOVIWithHLG' };
      return { videoRange: 'HDR', videoRangeType: 'DOVIInvalid' };
    default:
      return { videoRange: 'SDR', videoRangeType: 'SDR' };
  }
}
