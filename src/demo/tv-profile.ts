// The device profile of the demo's TV "as shipped": like many stock Jellyfin
// profiles it claims the TV plays every container and codec (an empty list
// matches everything, jellyfin-dlna.md), so Jellyfin direct-plays an HEVC mkv
// to a TV that cannot decode it. Written for the demo, in Jellyfin's format.
export const STOCK_TV_PROFILE = `<?xml version="1.0"?>
<Profile xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
  <Name>Demo Living-room TV</Name>
  <Identification>
    <FriendlyName>Living-room TV</FriendlyName>
    <Headers>
      <HttpHeaderInfo name="User-Agent" value="DemoTV" match="Substring" />
    </Headers>
  </Identification>
  <SupportedMediaTypes>Audio,Photo,Video</SupportedMediaTypes>
  <MaxStreamingBitrate>40000000</MaxStreamingBitrate>
  <MaxStaticBitrate>40000000</MaxStaticBitrate>
  <DirectPlayProfiles>
    <DirectPlayProfile container="" type="Video" />
    <DirectPlayProfile container="" type="Audio" />
  </DirectPlayProfiles>
  <TranscodingProfiles>
    <TranscodingProfile container="ts" type="Video" videoCodec="h264" audioCodec="aac,ac3" context="Streaming" />
    <TranscodingProfile container="mp3" type="Audio" audioCodec="mp3" context="Streaming" />
  </TranscodingProfiles>
  <ContainerProfiles />
  <CodecProfiles />
  <ResponseProfiles />
  <SubtitleProfiles>
    <SubtitleProfile format="srt" method="External" />
  </SubtitleProfiles>
</Profile>
`;
