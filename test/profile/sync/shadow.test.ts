import { describe, expect, it } from 'vitest';
import { findShadowingProfile, headerCovers } from '../../../src/profile/sync/shadow.js';
import { checkUserAgent, renderCurated } from '../../../src/profile/sync/curated.js';
import { parseState, serializeState } from '../../../src/profile/sync/state.js';

const ua = (value: string, match: 'Equals' | 'Substring' | 'Regex' = 'Substring') => ({
  name: 'User-Agent',
  value,
  match,
});

describe('DlnaManager.IsMatch(headers): which user profile hides a system profile', () => {
  it('Substring u covers Substring/Equals s whose value contains u (case-insensitive)', () => {
    expect(headerCovers(ua('sec_'), ua('SEC_HHP'))).toBe(true);
    expect(headerCovers(ua('SEC_'), ua('SEC_HHP_TV', 'Equals'))).toBe(true);
    expect(headerCovers(ua('SEC_HHP'), ua('SEC_'))).toBe(false);
  });

  it('header names compare case-insensitively; different headers never cover', () => {
    expect(headerCovers({ name: 'user-agent', value: 'LG', match: 'Substring' }, ua('LG'))).toBe(true);
    expect(headerCovers({ name: 'X-AV-Client-Info', value: 'LG', match: 'Substring' }, ua('LG'))).toBe(false);
  });

  it('regexes only cover the identical regex; an empty substring covers nothing', () => {
    expect(headerCovers(ua('.*KDL.*', 'Regex'), ua('.*KDL.*', 'Regex'))).toBe(true);
    expect(headerCovers(ua('.*KDL', 'Regex'), ua('.*KDL.*', 'Regex'))).toBe(false);
    expect(headerCovers(ua(''), ua('anything'))).toBe(false);
  });

  it('a system profile is hidden only when every one of its headers is covered by one user profile', () => {
    const system = [ua('Xbox'), ua('Xenon')];
    expect(findShadowingProfile(system, [{ file: 'a', headers: [ua('Xbox')] }])).toBeUndefined();
    expect(findShadowingProfile(system, [{ file: 'b', headers: [ua('Xbox'), ua('Xen')] }])).toBe('b');
    expect(findShadowingProfile([], [{ file: 'b', headers: [ua('x')] }])).toBeUndefined();
  });
});

describe('curated placeholder and state file', () => {
  it('fills @TV_USER_AGENT@ with an attribute-escaped value; profiles without it are unchanged', () => {
    expect(renderCurated('<H value="@TV_USER_AGENT@"/>', 'a&b<')).toBe('<H value="a&amp;b&lt;"/>');
    expect(renderCurated('<H value="@TV_USER_AGENT@"/>', undefined)).toBeUndefined();
    expect(renderCurated('<H value="LG"/>', undefined)).toBe('<H value="LG"/>');
  });

  it('refuses a User-Agent substring that would match everything or carries control characters', () => {
    expect(checkUserAgent('  ')).toMatch(/empty/);
    expect(checkUserAgent('a\nb')).toMatch(/control/);
    expect(checkUserAgent('Hisense')).toBeUndefined();
  });

  it('the state file round-trips with sorted keys; a corrupt one is treated as empty and says so', () => {
    const h = 'a'.repeat(64);
    const text = serializeState({ version: 1, files: { 'z.xml': h, 'a.xml': h } });
    expect(text.indexOf('a.xml')).toBeLessThan(text.indexOf('z.xml'));
    expect(parseState(text).state.files).toEqual({ 'a.xml': h, 'z.xml': h });
    expect(parseState('{nope').note).toMatch(/not valid/);
    expect(parseState(JSON.stringify({ version: 1, files: { x: 'not-a-hash' } })).state.files).toEqual({});
  });
});
