import { describe, expect, it } from 'vitest';
import { ProfileParseError, parseProfile, readProfileDocument } from '../../src/device-profile/parse.js';
import { serializeProfile } from '../../src/device-profile/write.js';
import { loadCorpus, withoutPositions } from '../profile/corpus.js';

const corpus = loadCorpus();

describe('profile model: the 27-profile Jellyfin corpus', () => {
  it('has all 27 profiles', () => expect(corpus).toHaveLength(27));

  it.each(corpus.map((c) => [c.name, c] as const))(
    '%s parses, with no problems, and round-trips through serializeProfile',
    (_name, c) => {
      const { profile, problems } = readProfileDocument(c.text);
      expect(problems).toEqual([]);
      expect(profile.name).toBeTruthy();
      expect(profile.directPlayProfiles.length).toBeGreaterThan(0);
      const again = parseProfile(serializeProfile(profile));
      expect(withoutPositions(again)).toEqual(withoutPositions(profile));
    },
  );

  it('fills every field of LG Smart TV with positions', () => {
    const lg = parseProfile(corpus.find((c) => c.name === 'LG Smart TV.xml')!.text);
    expect(lg.name).toBe('LG Smart TV');
    expect(lg.identification?.friendlyName).toBe('LG');
    expect(lg.identification?.headers[0]).toMatchObject({
      name: 'User-Agent',
      value: 'LG',
      match: 'Substring',
      pos: { line: 8, column: 7 },
    });
    expect(lg.maxStreamingBitrate).toBe(140_000_000);
    expect(lg.maxStaticMusicBitrate).toBeUndefined();
    expect('MaxStaticMusicBitrate' in lg.settings).toBe(true); // xsi:nil kept as a present-but-nil setting
    expect(lg.settings['TimelineOffsetSeconds']).toBe('10');
    expect(lg.supportedMediaTypes).toBe('Audio,Photo,Video');
    const dp = lg.directPlayProfiles[0]!;
    expect(dp).toMatchObject({
      container: 'ts,mpegts,avi,mkv,m2ts',
      videoCodec: 'h264,hevc',
      type: 'Video',
      pos: { line: 38, column: 5 },
    });
    expect(dp.attrPos['videoCodec']).toEqual({ line: 38, column: 97 });
    expect(lg.transcodingProfiles[1]).toMatchObject({
      container: 'ts',
      type: 'Video',
      videoCodec: 'h264',
      context: 'Streaming',
      minSegments: 0,
    });
    expect(lg.codecProfiles[1]!.conditions[2]).toMatchObject({
      condition: 'LessThanEqual',
      property: 'VideoLevel',
      value: '41',
      isRequired: true,
    });
    expect(lg.containerProfiles[0]!.type).toBe('Photo');
    expect(lg.responseProfiles[1]).toMatchObject({ container: 'ts,mpegts', mimeType: 'video/mpeg' });
    expect(lg.subtitleProfiles).toHaveLength(2);
  });
});

describe('profile model: what Jellyfin would refuse', () => {
  const wrap = (inner: string): string => `<?xml version="1.0"?>\n<Profile>\n${inner}\n</Profile>\n`;

  it('XmlSerializer: an unknown enum name (condition="LessThan") throws ProfileParseError with line/column', () => {
    const text = wrap(
      '  <CodecProfiles>\n    <CodecProfile type="Video"><Conditions><ProfileCondition condition="LessThan" property="Width" value="1" /></Conditions></CodecProfile>\n  </CodecProfiles>',
    );
    const err = (() => {
      try {
        parseProfile(text);
      } catch (e) {
        return e as ProfileParseError;
      }
      throw new Error('expected an error');
    })();
    expect(err).toBeInstanceOf(ProfileParseError);
    expect(err.rule).toBe('invalid-value');
    expect([err.line, err.column]).toEqual([4, 73]);
    expect(err.message).toMatch(/'LessThan' is not one of Equals, NotEquals/);
  });

  it('XmlSerializer: a non-numeric bitrate and a wrong-case enum are invalid values; unknown elements are reported, not fatal', () => {
    const { problems } = readProfileDocument(
      wrap(
        '  <MaxStreamingBitrate>20 Mbps</MaxStreamingBitrate>\n  <DirectPlayProfiles><DirectPlayProfile container="mp4" type="video" Codec="x" /></DirectPlayProfiles>\n  <Foo />',
      ),
    );
    expect(problems.map((p) => [p.rule, p.pos.line])).toEqual([
      ['invalid-value', 3],
      ['invalid-value', 4],
      ['unknown-element', 4],
      ['unknown-element', 5],
    ]);
    expect(problems[1]!.message).toMatch(/write 'Video'/);
  });

  it('refuses a document whose root is not <Profile>', () => {
    expect(() => parseProfile('<EncodingOptions/>')).toThrow(/root is <Profile>/);
  });

  it('malformed XML is a ProfileParseError with the XML position', () => {
    expect(() => parseProfile('<Profile>\n  <Name>x</Nam>\n</Profile>')).toThrow(/line 2, column 10: end tag <\/Nam>/);
  });
});

describe('profile model: what Jellyfin 10.11 accepts', () => {
  const numStreams = (value: string): string =>
    '<Profile><Name>Tizen</Name><ContainerProfiles><ContainerProfile type="Video" container="mkv"><Conditions>' +
    `<ProfileCondition condition="LessThanEqual" property="NumStreams" value="${value}" isRequired="false" />` +
    '</Conditions></ContainerProfile></ContainerProfiles></Profile>';

  it('NumStreams (10.11, as in its Tizen profiles) is a ProfileConditionValue: parsed, no problem, round-trips', () => {
    const { profile, problems } = readProfileDocument(numStreams('32'));
    expect(problems).toEqual([]);
    expect(profile.containerProfiles[0]!.conditions[0]).toMatchObject({
      condition: 'LessThanEqual',
      property: 'NumStreams',
      value: '32',
      isRequired: false,
    });
    expect(withoutPositions(parseProfile(serializeProfile(profile)))).toEqual(withoutPositions(profile));
  });

  it('lint: NumStreams is no invalid-value, unless its value is not a whole number', async () => {
    const { lintProfileText } = await import('../../src/profile/lint/runner.js');
    const { DEFAULT_POLICY } = await import('../../src/device-profile/model.js');
    const invalid = (t: string) => lintProfileText(t, DEFAULT_POLICY).filter((f) => f.rule === 'invalid-value');
    expect(invalid(numStreams('32'))).toEqual([]);
    expect(invalid(numStreams('many'))).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/NumStreams needs a whole number/) }),
    ]);
  });
});
