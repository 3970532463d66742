import { describe, expect, it } from 'vitest';
import type { DeviceProfile, HttpHeaderInfo } from '../../src/device-profile/model.js';
import { parseProfile } from '../../src/device-profile/parse.js';
import { headerMatches, identificationMatches, orderProfiles, selectProfile } from '../../src/device-profile/select.js';
import { loadCorpus } from '../profile/corpus.js';

const pos = { line: 1, column: 1 };
const header = (name: string, value: string, match: HttpHeaderInfo['match']): HttpHeaderInfo => ({
  name,
  value,
  match,
  pos,
});
const corpus = loadCorpus().map((c) => ({
  profile: parseProfile(c.text),
  path: `/system/${c.name}`,
  kind: 'system' as const,
}));

describe('DlnaManager.IsMatch(headers, HttpHeaderInfo)', () => {
  it('DlnaManager: header names are case-insensitive; Substring is a case-insensitive contains', () => {
    expect(headerMatches(header('User-Agent', 'sec_', 'Substring'), { 'user-agent': 'SEC_HHP_[TV] Samsung' })).toBe(
      true,
    );
    expect(headerMatches(header('User-Agent', 'LG', 'Substring'), { 'user-agent': 'Samsung' })).toBe(false);
  });

  it('DlnaManager: Equals compares the whole value ignoring case; multiple values join with ","', () => {
    expect(headerMatches(header('X-AV-Client-Info', 'a,b', 'Equals'), { 'x-av-client-info': ['A', 'B'] })).toBe(true);
    expect(headerMatches(header('X', 'abc', 'Equals'), { x: 'abcd' })).toBe(false);
  });

  it('DlnaManager: Regex is IsMatch with IgnoreCase; a broken pattern matches nothing', () => {
    expect(headerMatches(header('User-Agent', 'xbox.*one', 'Regex'), { 'User-Agent': 'NSPlayer XBOX ONE' })).toBe(true);
    expect(headerMatches(header('User-Agent', '([', 'Regex'), { 'User-Agent': '([' })).toBe(false);
  });

  it('DlnaManager: an empty header name or an absent/empty request header never matches', () => {
    expect(headerMatches(header('', 'x', 'Substring'), { '': 'x' })).toBe(false);
    expect(headerMatches(header('User-Agent', '', 'Substring'), {})).toBe(false);
    expect(headerMatches(header('User-Agent', '', 'Substring'), { 'user-agent': '' })).toBe(false);
  });

  it('DlnaManager: no Identification or no Headers never matches', () => {
    expect(identificationMatches(undefined, { 'user-agent': 'x' })).toBe(false);
    expect(identificationMatches({ headers: [], pos }, { 'user-agent': 'x' })).toBe(false);
  });
});

describe('DlnaManager.GetProfile(headers): order and first match', () => {
  it('DlnaManager: picks the corpus LG profile for an LG TV and nothing for an unknown client', () => {
    expect(
      selectProfile(corpus, { 'user-agent': 'Linux/3.10 UPnP/1.0 LGE_DLNA_SDK/1.6.0 (LG webOS TV)' })?.profile.name,
    ).toBe('LG Smart TV');
    expect(selectProfile(corpus, { 'user-agent': 'curl/8.0' })).toBeUndefined();
  });

  it('DlnaManager: Default.xml (no Identification) is never selected', () => {
    const def = corpus.filter((c) => c.profile.name === 'Generic Device');
    expect(def).toHaveLength(1);
    expect(selectProfile(def, { 'user-agent': '' })).toBeUndefined();
  });

  it('DlnaManager: user profiles come before system profiles, then by file name', () => {
    const mk = (name: string, value: string): DeviceProfile =>
      parseProfile(
        `<Profile><Name>${name}</Name><Identification><Headers><HttpHeaderInfo name="User-Agent" value="${value}" match="Substring" /></Headers></Identification></Profile>`,
      );
    const candidates = [
      { profile: mk('sys', 'LG'), path: '/s/A.xml', kind: 'system' as const },
      { profile: mk('user-b', 'LG'), path: '/u/b.xml', kind: 'user' as const },
      { profile: mk('user-a', 'LG'), path: '/u/a.xml', kind: 'user' as const },
    ];
    expect(orderProfiles(candidates).map((c) => c.profile.name)).toEqual(['user-a', 'user-b', 'sys']);
    expect(selectProfile(candidates, { 'User-Agent': 'LG TV' })?.profile.name).toBe('user-a');
  });
});
