import { describe, expect, it } from 'vitest';
import { lintProfileSet, lintProfileText } from '../../src/profile/lint/runner.js';
import { DEFAULT_POLICY } from '../../src/device-profile/model.js';
import { loadCorpus } from './corpus.js';

const corpus = loadCorpus();
const text = (name: string): string => corpus.find((c) => c.name === name)!.text;
const rules = (t: string, policy = DEFAULT_POLICY): string[] => lintProfileText(t, policy).map((f) => f.rule);
const wrap = (inner: string, ident = true): string =>
  `<Profile>\n${ident ? '  <Identification><Headers><HttpHeaderInfo name="User-Agent" value="TV" match="Substring" /></Headers></Identification>\n' : ''}${inner}\n</Profile>\n`;
const H264_TS =
  '<TranscodingProfiles><TranscodingProfile container="ts" type="Video" videoCodec="h264" audioCodec="aac" /></TranscodingProfiles>';

describe('lint on the Jellyfin corpus', () => {
  it('Default.xml: both direct-play rules through empty lists (ContainerHelper: empty = all) and no-identification', () => {
    const findings = lintProfileText(text('Default.xml'), DEFAULT_POLICY, 'Default.xml');
    const byRule = Object.fromEntries(findings.map((f) => [f.rule, f]));
    expect(Object.keys(byRule).sort()).toEqual(['direct-play-codec', 'direct-play-container', 'no-identification']);
    expect(byRule['direct-play-container']).toMatchObject({
      severity: 'error',
      file: 'Default.xml',
      line: 32,
      column: 35,
    });
    expect(byRule['direct-play-container']!.message).toMatch(/empty container list.*"all containers", mkv included/);
    expect(byRule['direct-play-codec']!.message).toMatch(/empty videoCodec list.*hevc included/);
    expect(byRule['no-identification']).toMatchObject({ severity: 'warning', line: 2, column: 1 });
  });

  it.each(['LG Smart TV.xml', 'Xbox One.xml'])('%s: direct-play-codec for hevc, at the hevc token', (name) => {
    const codec = lintProfileText(text(name), DEFAULT_POLICY).filter((f) => f.rule === 'direct-play-codec');
    expect(codec.length).toBeGreaterThan(0);
    for (const f of codec) expect(f.message).toMatch(/lists hevc in videoCodec=/);
  });

  it('LG Smart TV.xml: findings point at the exact token (line 38: mkv at column 49, hevc at column 114)', () => {
    const f = lintProfileText(text('LG Smart TV.xml'), DEFAULT_POLICY);
    expect(f.find((x) => x.rule === 'direct-play-container')).toMatchObject({ line: 38, column: 49 });
    expect(f.find((x) => x.rule === 'direct-play-codec')).toMatchObject({ line: 38, column: 114 });
  });

  it('Popcorn Hour.xml: no-identification', () =>
    expect(rules(text('Popcorn Hour.xml'))).toContain('no-identification'));

  it('DlnaManager: Identification with an empty <Headers /> is never selected (Denon AVR, Linksys DMA2100)', () => {
    expect(rules(text('Denon AVR.xml'))).toContain('no-identification');
    expect(rules(text('Linksys DMA2100.xml'))).toContain('no-identification');
  });

  it('StreamBuilder DirectStreamReasons: Sony Bravia (2010) excludes mkv but h264-in-mkv still direct-streams (direct-stream-trap)', () => {
    expect(rules(text('Sony Bravia (2010).xml'))).toContain('direct-stream-trap');
  });

  it('ProbeResultNormalizer: "mpegts" in a container list is never-matches, suggesting "ts"', () => {
    const f = lintProfileText(text('LG Smart TV.xml'), DEFAULT_POLICY).find((x) => x.rule === 'never-matches')!;
    expect(f).toMatchObject({ severity: 'warning', line: 38, column: 38 });
    expect(f.hint).toMatch(/write "ts"/);
  });

  it('every corpus profile lints without throwing; audio-only profiles (foobar2000) are clean', () => {
    for (const c of corpus) expect(() => lintProfileText(c.text, DEFAULT_POLICY)).not.toThrow();
    expect(rules(text('foobar2000.xml'))).toEqual([]);
  });
});

describe('lint rules on small profiles', () => {
  it('ContainerHelper deny-list: "-avi" does not exclude mkv (direct-play-container)', () => {
    const f = lintProfileText(
      wrap(
        `<DirectPlayProfiles><DirectPlayProfile container="-avi" videoCodec="h264" type="Video" /></DirectPlayProfiles>${H264_TS}`,
      ),
      DEFAULT_POLICY,
    );
    expect(f.map((x) => x.rule)).toEqual(['direct-play-container']);
    expect(f[0]!.message).toMatch(/deny-list container="-avi" does not exclude mkv/);
  });

  it('never-matches: matroska -> mkv, h265 -> hevc', () => {
    const f = lintProfileText(
      wrap(
        `<DirectPlayProfiles><DirectPlayProfile container="mp4,matroska" videoCodec="h264,h265" type="Video" /></DirectPlayProfiles>${H264_TS}`,
      ),
      DEFAULT_POLICY,
    );
    const hints = f.filter((x) => x.rule === 'never-matches').map((x) => x.hint);
    expect(hints).toEqual(['write "mkv" instead of "matroska"', 'write "hevc" instead of "h265"']);
  });

  it('StreamBuilder: a Video ContainerProfile no video satisfies closes the direct-stream trap', () => {
    const trap = `<DirectPlayProfiles><DirectPlayProfile container="mp4" videoCodec="h264" type="Video" /></DirectPlayProfiles>${H264_TS}`;
    expect(rules(wrap(trap))).toEqual(['direct-stream-trap']);
    const closed = `${trap}<ContainerProfiles><ContainerProfile type="Video" container="mkv"><Conditions><ProfileCondition condition="LessThanEqual" property="Width" value="0" isRequired="true" /></Conditions></ContainerProfile></ContainerProfiles>`;
    expect(rules(wrap(closed))).toEqual([]);
    // isRequired="false": an unknown width satisfies the condition, so the trap stays open
    expect(rules(wrap(closed.replace('isRequired="true"', 'isRequired="false"')))).toEqual(['direct-stream-trap']);
  });

  it('lint = engine: a Video CodecProfile limited to container="mkv" with a required Width <= 0 closes the trap too (no direct-stream-trap)', () => {
    const trap = `<DirectPlayProfiles><DirectPlayProfile container="mp4" videoCodec="h264" type="Video" /></DirectPlayProfiles>${H264_TS}`;
    const codecGuard =
      '<CodecProfiles><CodecProfile type="Video" container="mkv"><Conditions>' +
      '<ProfileCondition condition="LessThanEqual" property="Width" value="0" isRequired="true" /></Conditions></CodecProfile></CodecProfiles>';
    expect(rules(wrap(trap + codecGuard))).toEqual([]);
    // The same guard on another container leaves the mkv trap open, and the finding names the DirectPlayProfile responsible.
    const elsewhere = lintProfileText(
      wrap(trap + codecGuard.replace('container="mkv"', 'container="avi"')),
      DEFAULT_POLICY,
    );
    expect(elsewhere.map((f) => [f.rule, f.line])).toEqual([['direct-stream-trap', 3]]);
    expect(elsewhere[0]!.message).toMatch(/h264 720p in mkv\) fails only on ContainerNotSupported/);
  });

  it('lint = engine: a list naming mkv is no finding when a CodecProfile refuses every mkv video; an hevc CodecProfile refusing 10-bit only still lets 8-bit hevc through', () => {
    const listed =
      '<DirectPlayProfiles><DirectPlayProfile container="mp4,mkv" videoCodec="h264" type="Video" /></DirectPlayProfiles>';
    const guard =
      '<CodecProfiles><CodecProfile type="Video" container="mkv"><Conditions>' +
      '<ProfileCondition condition="LessThanEqual" property="Width" value="0" isRequired="true" /></Conditions></CodecProfile></CodecProfiles>';
    expect(rules(wrap(listed + H264_TS))).toEqual(['direct-play-container']);
    expect(rules(wrap(listed + H264_TS + guard))).toEqual([]);
    const hevc =
      '<DirectPlayProfiles><DirectPlayProfile container="mp4" videoCodec="h264,hevc" type="Video" /></DirectPlayProfiles>';
    const tenBitOnly =
      '<CodecProfiles><CodecProfile type="Video" codec="hevc"><Conditions>' +
      '<ProfileCondition condition="LessThanEqual" property="VideoBitDepth" value="8" isRequired="true" /></Conditions></CodecProfile></CodecProfiles>';
    const f = lintProfileText(wrap(hevc + H264_TS + tenBitOnly), DEFAULT_POLICY).filter(
      (x) => x.rule === 'direct-play-codec',
    );
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toMatch(/DirectPlay: hevc 720p in mp4/);
  });

  it('no-h264-transcode, and transcode-denied-format for an mkv transcoding profile', () => {
    const dp =
      '<DirectPlayProfiles><DirectPlayProfile container="mp4" videoCodec="mpeg4" type="Video" /></DirectPlayProfiles>';
    expect(rules(wrap(dp), { denyContainers: ['mkv'], denyVideoCodecs: ['hevc'] })).toContain('no-h264-transcode');
    const mkv =
      '<TranscodingProfiles><TranscodingProfile container="mkv" type="Video" videoCodec="h264" /></TranscodingProfiles>';
    expect(rules(wrap(dp + mkv))).toEqual(expect.arrayContaining(['no-h264-transcode', 'transcode-denied-format']));
  });

  it('invalid-value: LessThan is no ProfileConditionType; a non-numeric bitrate; LessThanEqual on a boolean property', () => {
    const f = lintProfileText(
      wrap(
        `<MaxStreamingBitrate>lots</MaxStreamingBitrate><DirectPlayProfiles /><CodecProfiles><CodecProfile type="Video" codec="h264"><Conditions>` +
          `<ProfileCondition condition="LessThan" property="Width" value="1920" />` +
          `<ProfileCondition condition="LessThanEqual" property="VideoBitrate" value="20M" />` +
          `<ProfileCondition condition="LessThanEqual" property="IsInterlaced" value="false" />` +
          `</Conditions></CodecProfile></CodecProfiles>${H264_TS}`,
      ),
      DEFAULT_POLICY,
    ).filter((x) => x.rule === 'invalid-value');
    expect(f.map((x) => x.message)).toEqual([
      expect.stringMatching(/<MaxStreamingBitrate>: 'lots' is not a whole number/),
      expect.stringMatching(/'LessThan' is not one of/),
      expect.stringMatching(/VideoBitrate needs a whole number, but the value is '20M'/),
      expect.stringMatching(/LessThanEqual cannot compare IsInterlaced/),
    ]);
    expect(f.every((x) => x.severity === 'error')).toBe(true);
  });

  it('unknown-element: misspelt elements and attributes are warnings', () => {
    const f = lintProfileText(
      wrap(`<DirectPlayProfile container="mp4" type="Video" />${H264_TS}<MaxStreamingBitRate>1</MaxStreamingBitRate>`),
      DEFAULT_POLICY,
    );
    expect(f.filter((x) => x.rule === 'unknown-element').map((x) => x.severity)).toEqual(['warning', 'warning']);
  });

  it('invalid-xml: malformed XML is one finding with its position, not an exception', () => {
    expect(lintProfileText('<Profile>\n  <Name>x</Profile>', DEFAULT_POLICY)).toEqual([
      expect.objectContaining({ rule: 'invalid-xml', severity: 'error', line: 2, column: 10 }),
    ]);
  });

  it('DlnaManager first match wins: duplicate-match reports the later profile (by file name)', () => {
    const lg = text('LG Smart TV.xml');
    const results = lintProfileSet(
      [
        { file: 'dir/B LG copy.xml', text: lg },
        { file: 'dir/A LG.xml', text: lg },
      ],
      DEFAULT_POLICY,
    );
    const dup = results.flatMap((r) => r.findings).filter((f) => f.rule === 'duplicate-match');
    expect(dup).toHaveLength(1);
    expect(dup[0]).toMatchObject({ file: 'dir/B LG copy.xml', severity: 'warning' });
    expect(dup[0]!.message).toMatch(/Jellyfin takes A LG\.xml/);
  });
});
