// What Jellyfin's XmlSerializer reads from a profile file: element and attribute
// names (case-sensitive), their value types, and the enum names it accepts.
// Taken from MediaBrowser.Model/Dlna (DeviceProfile, DirectPlayProfile,
// TranscodingProfile, ContainerProfile, CodecProfile, ProfileCondition,
// ResponseProfile, SubtitleProfile, DeviceIdentification, HttpHeaderInfo).
// Anything else in a file is ignored by Jellyfin (unknown-element); a value of
// the wrong type makes XmlSerializer throw, and the plugin then drops the whole
// profile ("Error parsing profile file"), so those are errors (invalid-value).

/**
 * Value types as XmlSerializer converts them: `bool` (XmlConvert: true/false/1/0),
 * `int`/`long` (optional sign, surrounding whitespace), `?` = nullable (xsi:nil allowed),
 * `enum:` = one of the listed names, exactly (XmlSerializer enum names are case-sensitive).
 */
export type ValueKind = 'string' | 'bool' | 'int' | 'int?' | 'long?' | `enum:${string}`;

export const ENUMS = {
  DlnaProfileType: ['Audio', 'Video', 'Photo', 'Subtitle', 'Lyric'],
  CodecType: ['Video', 'VideoAudio', 'Audio'],
  ProfileConditionType: ['Equals', 'NotEquals', 'LessThanEqual', 'GreaterThanEqual', 'EqualsAny'],
  ProfileConditionValue: [
    'AudioChannels',
    'AudioBitrate',
    'AudioProfile',
    'Width',
    'Height',
    'Has64BitOffsets',
    'PacketLength',
    'VideoBitDepth',
    'VideoBitrate',
    'VideoFramerate',
    'VideoLevel',
    'VideoProfile',
    'VideoTimestamp',
    'IsAnamorphic',
    'RefFrames',
    'NumAudioStreams',
    'NumVideoStreams',
    'IsSecondaryAudio',
    'VideoCodecTag',
    'IsAvc',
    'IsInterlaced',
    'AudioSampleRate',
    'AudioBitDepth',
    'VideoRangeType',
    'NumStreams',
  ],
  HeaderMatchType: ['Equals', 'Regex', 'Substring'],
  SubtitleDeliveryMethod: ['Encode', 'Embed', 'External', 'Hls', 'Drop'],
  MediaStreamProtocol: ['http', 'hls'],
  EncodingContext: ['Streaming', 'Static'],
  TranscodeSeekInfo: ['Auto', 'Bytes'],
} as const satisfies Record<string, readonly string[]>;

export type EnumName = keyof typeof ENUMS;

/**
 * Top-level scalar elements of <Profile>, in XmlSerializer's write order.
 * Name and the lists are handled separately (see TOP_LEVEL_ORDER).
 */
export const TOP_LEVEL_SCALARS: ReadonlyArray<readonly [string, ValueKind]> = [
  ['FriendlyName', 'string'],
  ['Manufacturer', 'string'],
  ['ManufacturerUrl', 'string'],
  ['ModelName', 'string'],
  ['ModelDescription', 'string'],
  ['ModelNumber', 'string'],
  ['ModelUrl', 'string'],
  ['SerialNumber', 'string'],
  ['EnableAlbumArtInDidl', 'bool'],
  ['EnableSingleAlbumArtLimit', 'bool'],
  ['EnableSingleSubtitleLimit', 'bool'],
  ['SupportedMediaTypes', 'string'],
  ['UserId', 'string'],
  ['AlbumArtPn', 'string'],
  ['MaxAlbumArtWidth', 'int'],
  ['MaxAlbumArtHeight', 'int'],
  ['MaxIconWidth', 'int?'],
  ['MaxIconHeight', 'int?'],
  ['MaxStreamingBitrate', 'long?'],
  ['MaxStaticBitrate', 'long?'],
  ['MusicStreamingTranscodingBitrate', 'int?'],
  ['MaxStaticMusicBitrate', 'int?'],
  ['SonyAggregationFlags', 'string'],
  ['ProtocolInfo', 'string'],
  ['TimelineOffsetSeconds', 'int'],
  ['RequiresPlainVideoItems', 'bool'],
  ['RequiresPlainFolders', 'bool'],
  ['EnableMSMediaReceiverRegistrar', 'bool'],
  ['IgnoreTranscodeByteRangeRequests', 'bool'],
];

/** Top-level list elements and the item element each holds, in write order. */
export const TOP_LEVEL_LISTS = [
  ['XmlRootAttributes', 'XmlAttribute'],
  ['DirectPlayProfiles', 'DirectPlayProfile'],
  ['TranscodingProfiles', 'TranscodingProfile'],
  ['ContainerProfiles', 'ContainerProfile'],
  ['CodecProfiles', 'CodecProfile'],
  ['ResponseProfiles', 'ResponseProfile'],
  ['SubtitleProfiles', 'SubtitleProfile'],
] as const;

/** <Identification> children (all strings) besides <Headers>, in write order. */
export const IDENTIFICATION_FIELDS = [
  ['FriendlyName', 'friendlyName'],
  ['ModelNumber', 'modelNumber'],
  ['SerialNumber', 'serialNumber'],
  ['ModelName', 'modelName'],
  ['ModelDescription', 'modelDescription'],
  ['ModelUrl', 'modelUrl'],
  ['Manufacturer', 'manufacturer'],
  ['ManufacturerUrl', 'manufacturerUrl'],
] as const;

/** Attributes of each item element, in the order Jellyfin writes them. */
export const ATTRIBUTES: Record<string, ReadonlyArray<readonly [string, ValueKind]>> = {
  DirectPlayProfile: [
    ['container', 'string'],
    ['audioCodec', 'string'],
    ['videoCodec', 'string'],
    ['type', 'enum:DlnaProfileType'],
  ],
  TranscodingProfile: [
    ['container', 'string'],
    ['type', 'enum:DlnaProfileType'],
    ['videoCodec', 'string'],
    ['audioCodec', 'string'],
    ['protocol', 'enum:MediaStreamProtocol'],
    ['estimateContentLength', 'bool'],
    ['enableMpegtsM2TsMode', 'bool'],
    ['transcodeSeekInfo', 'enum:TranscodeSeekInfo'],
    ['copyTimestamps', 'bool'],
    ['context', 'enum:EncodingContext'],
    ['enableSubtitlesInManifest', 'bool'],
    ['maxAudioChannels', 'string'],
    ['minSegments', 'int'],
    ['segmentLength', 'int'],
    ['breakOnNonKeyFrames', 'bool'],
    ['enableAudioVbrEncoding', 'bool'],
  ],
  ContainerProfile: [
    ['type', 'enum:DlnaProfileType'],
    ['container', 'string'],
    ['subcontainer', 'string'],
  ],
  CodecProfile: [
    ['type', 'enum:CodecType'],
    ['codec', 'string'],
    ['container', 'string'],
    ['subcontainer', 'string'],
  ],
  ProfileCondition: [
    ['condition', 'enum:ProfileConditionType'],
    ['property', 'enum:ProfileConditionValue'],
    ['value', 'string'],
    ['isRequired', 'bool'],
  ],
  ResponseProfile: [
    ['container', 'string'],
    ['audioCodec', 'string'],
    ['videoCodec', 'string'],
    ['type', 'enum:DlnaProfileType'],
    ['orgPn', 'string'],
    ['mimeType', 'string'],
  ],
  SubtitleProfile: [
    ['format', 'string'],
    ['method', 'enum:SubtitleDeliveryMethod'],
    ['didlMode', 'string'],
    ['language', 'string'],
    ['container', 'string'],
  ],
  HttpHeaderInfo: [
    ['name', 'string'],
    ['value', 'string'],
    ['match', 'enum:HeaderMatchType'],
  ],
  XmlAttribute: [
    ['name', 'string'],
    ['value', 'string'],
  ],
};

/** Child list elements of item elements (each holds <ProfileCondition>). */
export const CONDITION_LISTS: Record<string, readonly string[]> = {
  TranscodingProfile: ['Conditions'],
  ContainerProfile: ['Conditions'],
  CodecProfile: ['Conditions', 'ApplyConditions'],
  ResponseProfile: ['Conditions'],
};

/** Why a text is not a value of `kind`, or undefined when XmlSerializer accepts it. */
export function checkValue(kind: ValueKind, text: string): string | undefined {
  if (kind === 'string') return undefined;
  if (kind === 'bool')
    return parseXmlBool(text) === undefined ? `'${text}' is not a boolean (true or false)` : undefined;
  if (kind === 'int' || kind === 'int?')
    return parseXmlInt(text, 32) === undefined ? `'${text}' is not a whole number` : undefined;
  if (kind === 'long?') return parseXmlInt(text, 64) === undefined ? `'${text}' is not a whole number` : undefined;
  const names = ENUMS[kind.slice(5) as EnumName] as readonly string[];
  if (names.includes(text)) return undefined;
  const near = names.find((n) => n.toLowerCase() === text.trim().toLowerCase());
  return near
    ? `'${text}' is not one of ${names.join(', ')} (names are case-sensitive: write '${near}')`
    : `'${text}' is not one of ${names.join(', ')}`;
}

/** XmlConvert.ToBoolean: surrounding whitespace allowed; true/1 and false/0. */
export function parseXmlBool(text: string): boolean | undefined {
  const t = text.trim();
  if (t === 'true' || t === '1') return true;
  if (t === 'false' || t === '0') return false;
  return undefined;
}

/** XmlConvert.ToInt32/ToInt64: optional sign, digits, surrounding whitespace, within range. */
export function parseXmlInt(text: string, bits: 32 | 64): number | undefined {
  const t = text.trim();
  if (!/^[+-]?[0-9]+$/.test(t)) return undefined;
  const n = Number(t);
  const max = bits === 32 ? 2 ** 31 - 1 : Number.MAX_SAFE_INTEGER;
  return n > max || n < -max - 1 ? undefined : n;
}
