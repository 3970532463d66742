import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fixProfileText } from '../../src/profile/fix/fix.js';
import { refuseTokens } from '../../src/profile/fix/direct-play-lists.js';
import { unifiedDiff } from '../../src/profile/fix/unified-diff.js';
import { lintProfileText } from '../../src/profile/lint/runner.js';
import { DEFAULT_POLICY, type Policy } from '../../src/device-profile/model.js';
import { ProfileParseError } from '../../src/device-profile/parse.js';
import { repoRoot } from '../helpers/cli.js';
import { loadCorpus } from './corpus.js';

const corpus = loadCorpus();
const errors = (t: string, policy: Policy = DEFAULT_POLICY): string[] =>
  lintProfileText(t, policy)
    .filter((f) => f.severity === 'error')
    .map((f) => f.rule);

/** Lines of `before` that are not in `after` (removed or changed). */
function changedLines(before: string, after: string): string[] {
  const kept = new Set(after.split('\n'));
  return before.split('\n').filter((l) => !kept.has(l));
}

describe('profile fix on the Jellyfin corpus', () => {
  it.each(corpus.map((c) => [c.name, c] as const))(
    '%s: lint-clean afterwards, idempotent, only policy lines touched',
    (_n, c) => {
      const fixed = fixProfileText(c.text, DEFAULT_POLICY);
      expect(errors(fixed.text)).toEqual([]);
      // The engine checks the result: no denied format reaches the TV any more.
      expect(fixed.remaining).toEqual([]);
      expect(fixProfileText(fixed.text, DEFAULT_POLICY)).toEqual({
        text: fixed.text,
        changed: false,
        changes: [],
        remaining: [],
      });
      expect(fixed.changed).toBe(fixed.changes.length > 0);
      // Minimal diff: every line fix changed or removed is a Video DirectPlayProfile/TranscodingProfile or an
      // expanded empty list element; all other lines (comments, settings, other profiles) are byte-identical.
      for (const line of changedLines(c.text, fixed.text)) {
        expect(line).toMatch(
          /<DirectPlayProfile .*type="Video"|<TranscodingProfile .*type="Video"|<(ContainerProfiles|TranscodingProfiles) \/>/,
        );
      }
    },
  );

  it('changes a profile only where the engine says the policy is broken: a trap closed by a mkv-only Video CodecProfile is left alone', () => {
    const closed =
      '<Profile>\n  <Identification><Headers><HttpHeaderInfo name="User-Agent" value="TV" match="Substring" /></Headers></Identification>\n' +
      '  <DirectPlayProfiles><DirectPlayProfile container="mp4" videoCodec="h264" type="Video" /></DirectPlayProfiles>\n' +
      '  <TranscodingProfiles><TranscodingProfile container="ts" type="Video" videoCodec="h264" audioCodec="aac" /></TranscodingProfiles>\n' +
      '  <CodecProfiles><CodecProfile type="Video" container="mkv"><Conditions>' +
      '<ProfileCondition condition="LessThanEqual" property="Width" value="0" isRequired="true" /></Conditions></CodecProfile></CodecProfiles>\n' +
      '</Profile>\n';
    expect(fixProfileText(closed, DEFAULT_POLICY)).toEqual({
      text: closed,
      changed: false,
      changes: [],
      remaining: [],
    });
    // Guarding avi instead leaves mkv trapped: fix adds the blocking ContainerProfile, and the engine then finds nothing.
    const open = closed.replace('container="mkv"', 'container="avi"');
    const fixed = fixProfileText(open, DEFAULT_POLICY);
    expect(fixed.changes).toEqual([expect.stringMatching(/added a Video ContainerProfile for mkv/)]);
    expect(fixed.remaining).toEqual([]);
  });

  it('LG Smart TV: drops mkv and hevc tokens in place and adds the blocking ContainerProfile after its sibling', () => {
    const lg = corpus.find((c) => c.name === 'LG Smart TV.xml')!.text;
    const { text, changes } = fixProfileText(lg, DEFAULT_POLICY);
    expect(text).toContain(
      '<DirectPlayProfile container="ts,mpegts,avi,m2ts" audioCodec="aac,ac3,eac3,mp3,dca,dts" videoCodec="h264" type="Video" />',
    );
    expect(text).toContain(
      '    </ContainerProfile>\n    <ContainerProfile type="Video" container="mkv">\n      <Conditions>\n',
    );
    expect(changes).toHaveLength(4);
    expect(
      unifiedDiff(lg, text, 'a', 'b')
        .split('\n')
        .filter((l) => /^[-+][^-+]/.test(l)),
    ).toHaveLength(4 + 6);
  });

  it('Default.xml: empty lists become deny-lists ("-mkv", "-hevc"), new attributes go after the existing ones', () => {
    const { text } = fixProfileText(corpus.find((c) => c.name === 'Default.xml')!.text, DEFAULT_POLICY);
    expect(text).toContain('<DirectPlayProfile container="-mkv" type="Video" videoCodec="-hevc" />');
  });

  it('keeps comments, tabs and attribute order of a hand-written profile; removes a DirectPlayProfile left with nothing', () => {
    const src = readFileSync(path.join(repoRoot, 'test/fixtures/profiles/h264-tv-commented.xml'), 'utf8');
    const { text, changes } = fixProfileText(src, DEFAULT_POLICY);
    expect(text).toContain('<!-- A hand-written user profile');
    expect(text).toContain(
      '\t\t<!-- the TV plays everything except what the policy says -->\n\t\t<DirectPlayProfile type="Video" container="-avi,mkv" videoCodec="-hevc" />',
    );
    expect(text).not.toContain('videoCodec="hevc" container="mp4"');
    expect(text).toContain('\t\t<HttpHeaderInfo match="Substring" name="User-Agent" value="Living-Room-TV" />');
    expect(text).toContain(
      '\t\t<TranscodingProfile container="mp3" type="Audio" audioCodec="mp3" />\n\t\t<TranscodingProfile container="ts" type="Video" videoCodec="h264"',
    );
    expect(changes.join('\n')).toMatch(/removed the Video DirectPlayProfile container="mp4" videoCodec="hevc"/);
    expect(errors(text)).toEqual([]);
  });

  it('a wider policy (mkv,avi / hevc,vp9) is honoured the same way', () => {
    const policy: Policy = { denyContainers: ['mkv', 'avi'], denyVideoCodecs: ['hevc', 'vp9'] };
    for (const c of corpus) expect(errors(fixProfileText(c.text, policy).text, policy)).toEqual([]);
  });

  it('malformed XML throws ProfileParseError (the CLI exits 2 and writes nothing)', () => {
    expect(() => fixProfileText('<Profile><DirectPlayProfiles></Profile>', DEFAULT_POLICY)).toThrow(ProfileParseError);
    expect(() => fixProfileText('<!DOCTYPE x [<!ENTITY a "b">]><Profile/>', DEFAULT_POLICY)).toThrow(/DOCTYPE/);
  });
});

describe('ContainerHelper list edits used by fix', () => {
  it('explicit list: drop the token; nothing left means remove the element (empty would mean all)', () => {
    expect(refuseTokens('ts,MKV,avi', ['mkv'])).toBe('ts,avi');
    expect(refuseTokens('mkv', ['mkv'])).toBe('');
    expect(refuseTokens('ts', ['mkv'])).toBeUndefined();
  });
  it('empty list becomes a deny-list; a deny-list is extended', () => {
    expect(refuseTokens('', ['mkv'])).toBe('-mkv');
    expect(refuseTokens('-avi', ['mkv', 'avi'])).toBe('-avi,mkv');
  });
});

describe('unified diff', () => {
  it('is empty for equal texts and applies hunks with context', () => {
    expect(unifiedDiff('a\n', 'a\n', 'x', 'y')).toBe('');
    const before = Array.from({ length: 20 }, (_, i) => `l${i}`).join('\n') + '\n';
    const after = before.replace('l10\n', 'L10\n');
    expect(unifiedDiff(before, after, 'x', 'y')).toBe(
      '--- x\n+++ y\n@@ -8,7 +8,7 @@\n l7\n l8\n l9\n-l10\n+L10\n l11\n l12\n l13\n',
    );
  });
});
