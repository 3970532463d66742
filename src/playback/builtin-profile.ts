// The profile Jellyfin's DLNA server uses when no profile's Identification
// matches the TV: DefaultProfile, built in code by the plugin, with the same
// content as the corpus Default.xml ("Generic Device": every container and
// codec direct-plays; mp3 / h264+aac in ts / jpeg transcoding profiles).
import type { DeviceProfile } from '../device-profile/model.js';
import { parseProfile } from '../device-profile/parse.js';

const DEFAULT_PROFILE_XML = `<?xml version="1.0"?>
<Profile>
  <Name>Generic Device</Name>
  <SupportedMediaTypes>Audio,Photo,Video</SupportedMediaTypes>
  <MaxStreamingBitrate>140000000</MaxStreamingBitrate>
  <MaxStaticBitrate>140000000</MaxStaticBitrate>
  <MusicStreamingTranscodingBitrate>192000</MusicStreamingTranscodingBitrate>
  <DirectPlayProfiles>
    <DirectPlayProfile container="" type="Video" />
    <DirectPlayProfile container="" type="Audio" />
  </DirectPlayProfiles>
  <TranscodingProfiles>
    <TranscodingProfile container="mp3" type="Audio" audioCodec="mp3" context="Streaming" />
    <TranscodingProfile container="ts" type="Video" videoCodec="h264" audioCodec="aac" context="Streaming" />
    <TranscodingProfile container="jpeg" type="Photo" context="Streaming" />
  </TranscodingProfiles>
  <ResponseProfiles>
    <ResponseProfile container="m4v" type="Video" mimeType="video/mp4" />
  </ResponseProfiles>
  <SubtitleProfiles>
    <SubtitleProfile format="srt" method="External" />
    <SubtitleProfile format="sub" method="External" />
    <SubtitleProfile format="srt" method="Embed" />
    <SubtitleProfile format="ass" method="Embed" />
    <SubtitleProfile format="ssa" method="Embed" />
    <SubtitleProfile format="smi" method="Embed" />
    <SubtitleProfile format="dvdsub" method="Embed" />
    <SubtitleProfile format="pgs" method="Embed" />
    <SubtitleProfile format="pgssub" method="Embed" />
    <SubtitleProfile format="sub" method="Embed" />
    <SubtitleProfile format="subrip" method="Embed" />
    <SubtitleProfile format="vtt" method="Embed" />
  </SubtitleProfiles>
</Profile>
`;

export const BUILTIN_PROFILE_NAME = 'Generic Device (Jellyfin built-in default)';

let parsed: DeviceProfile | undefined;

export function builtinDefaultProfile(): DeviceProfile {
  parsed ??= parseProfile(DEFAULT_PROFILE_XML);
  return parsed;
}
