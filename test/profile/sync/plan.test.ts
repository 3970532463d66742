// The sync planner over plain data, with toy profile rules (the real lint and
// fix are exercised end-to-end in sync-e2e.test.ts): BAD is what the policy
// forbids and fix turns into GOOD; TRUNCATED makes fix throw like a
// half-written file; UNFIXABLE stays an error after fixing.
import { describe, expect, it } from 'vitest';
import { pathsFor } from '../../../src/jellyfin/layout.js';
import { planSync } from '../../../src/profile/sync/plan.js';
import { contentHash, emptyState } from '../../../src/profile/sync/state.js';
import type { FileState, ProfileRules, SyncOptions, SyncSnapshot } from '../../../src/profile/sync/types.js';
import { DEFAULT_POLICY } from '../../../src/device-profile/model.js';

const rules: ProfileRules = {
  fix(text) {
    if (text.includes('TRUNCATED')) throw new Error('line 3, column 1: unexpected end of document');
    return text.includes('BAD')
      ? { text: text.replaceAll('BAD', 'GOOD'), changed: true, changes: ['BAD -> GOOD'] }
      : { text, changed: false, changes: [] };
  },
  lint(text) {
    return /BAD|UNFIXABLE/.test(text)
      ? [{ rule: 'direct-play-container', severity: 'error', line: 1, column: 1, message: 'admits mkv' }]
      : [];
  },
};

const paths = pathsFor('/config', 'official');
const USER = '/config/plugins/configurations/dlna/user';
const ENCODING_DONE =
  '<EncodingOptions><HardwareAccelerationType>nvenc</HardwareAccelerationType><AllowHevcEncoding>false</AllowHevcEncoding>' +
  '<HardwareDecodingCodecs><string>h264</string><string>hevc</string></HardwareDecodingCodecs></EncodingOptions>';

function file(text: string, extra: Partial<FileState> = {}): FileState {
  return { text, size: text.length, mtimeMs: 1000, ino: 7, ...extra };
}

function profile(name: string, ua: string, body = ''): string {
  return `<Profile><Name>${name}</Name><Identification><Headers><HttpHeaderInfo name="User-Agent" value="${ua}" match="Substring" /></Headers></Identification>${body}</Profile>`;
}

function snapshot(over: Partial<SyncSnapshot> = {}): SyncSnapshot {
  return {
    paths,
    layoutReason: 'test',
    userDirExists: true,
    userProfiles: new Map(),
    systemFolders: [],
    encoding: file(ENCODING_DONE),
    curated: new Map(),
    curatedDir: '/opt/dlna-bridge/profiles',
    state: emptyState(),
    readProblems: [],
    ...over,
  };
}

const opts: SyncOptions = { policy: DEFAULT_POLICY, gpu: true, encoding: true, tvUserAgent: undefined };

describe('profile sync plan', () => {
  it('installs a curated profile that is not there yet, without a backup', () => {
    const plan = planSync(snapshot({ curated: new Map([['A.xml', profile('A', 'SEC_')]]) }), opts, rules);
    expect(plan.writes).toEqual([
      {
        kind: 'install',
        path: `${USER}/A.xml`,
        text: profile('A', 'SEC_'),
        backup: false,
        expected: undefined,
        changes: [],
      },
    ]);
  });

  it('nothing to do when everything is already in place', () => {
    const text = profile('A', 'SEC_');
    const plan = planSync(
      snapshot({ curated: new Map([['A.xml', text]]), userProfiles: new Map([['A.xml', file(text)]]) }),
      opts,
      rules,
    );
    expect(plan.writes).toEqual([]);
    expect(plan.problems).toEqual([]);
    expect(plan.notes.map((n) => n.kind)).toEqual(['unchanged', 'unchanged']);
  });

  it('updates a curated profile it installed earlier (content hash in the state), without a backup', () => {
    const old = profile('A', 'OLD');
    const state = { version: 1 as const, files: { 'plugins/configurations/dlna/user/A.xml': contentHash(old) } };
    const plan = planSync(
      snapshot({
        state,
        curated: new Map([['A.xml', profile('A', 'NEW')]]),
        userProfiles: new Map([['A.xml', file(old)]]),
      }),
      opts,
      rules,
    );
    expect(plan.writes).toMatchObject([
      { kind: 'update', backup: false, expected: { size: old.length, mtimeMs: 1000, ino: 7 } },
    ]);
  });

  it('a curated profile edited by the user is kept and only policy-fixed, with a backup of the edit', () => {
    const edited = profile('A', 'MINE', 'BAD');
    const plan = planSync(
      snapshot({
        curated: new Map([['A.xml', profile('A', 'SEC_')]]),
        userProfiles: new Map([['A.xml', file(edited)]]),
      }),
      opts,
      rules,
    );
    expect(plan.notes[0]).toMatchObject({ kind: 'kept', path: `${USER}/A.xml` });
    expect(plan.writes).toMatchObject([
      { kind: 'fix', backup: true, text: profile('A', 'MINE', 'GOOD'), changes: ['BAD -> GOOD'] },
    ]);
  });

  it('fixes other user profiles in place; backup only when the content was not written by dlna-bridge', () => {
    const mine = profile('Mine', 'X', 'BAD');
    const ours = profile('Ours', 'Y', 'BAD');
    const state = { version: 1 as const, files: { 'plugins/configurations/dlna/user/Ours.xml': contentHash(ours) } };
    const plan = planSync(
      snapshot({
        state,
        userProfiles: new Map([
          ['Mine.xml', file(mine)],
          ['Ours.xml', file(ours)],
        ]),
      }),
      opts,
      rules,
    );
    expect(plan.writes.map((w) => [w.path, w.kind, w.backup])).toEqual([
      [`${USER}/Mine.xml`, 'fix', true],
      [`${USER}/Ours.xml`, 'fix', false],
    ]);
  });

  it('a profile that fix cannot parse (half-written) is never touched: a transient problem, retried later', () => {
    const plan = planSync(snapshot({ userProfiles: new Map([['T.xml', file('<Profile>TRUNCATED')]]) }), opts, rules);
    expect(plan.writes).toEqual([]);
    expect(plan.problems).toEqual([
      { path: `${USER}/T.xml`, message: 'not changed: line 3, column 1: unexpected end of document', transient: true },
    ]);
  });

  it('a file whose size or mtime moved while reading is left alone', () => {
    const plan = planSync(
      snapshot({ userProfiles: new Map([['W.xml', file(profile('W', 'Z', 'BAD'), { unstable: true })]]) }),
      opts,
      rules,
    );
    expect(plan.writes).toEqual([]);
    expect(plan.problems[0]).toMatchObject({ transient: true, message: expect.stringMatching(/being written/) });
  });

  it('errors left after fixing are reported as findings of the user profile', () => {
    const plan = planSync(
      snapshot({ userProfiles: new Map([['U.xml', file(profile('U', 'Z', 'UNFIXABLE'))]]) }),
      opts,
      rules,
    );
    expect(plan.userFindings).toMatchObject([{ path: `${USER}/U.xml`, findings: [{ rule: 'direct-play-container' }] }]);
  });

  it('the generic profile needs --tv-user-agent: skipped without it, filled and escaped with it', () => {
    const generic = profile('Generic', '@TV_USER_AGENT@');
    const without = planSync(snapshot({ curated: new Map([['G.xml', generic]]) }), opts, rules);
    expect(without.writes).toEqual([]);
    expect(without.notes[0]).toMatchObject({ kind: 'skipped', message: expect.stringMatching(/--tv-user-agent/) });
    const withUa = planSync(
      snapshot({ curated: new Map([['G.xml', generic]]) }),
      { ...opts, tvUserAgent: 'Hisense "A7"' },
      rules,
    );
    expect(withUa.writes[0]!.text).toContain('value="Hisense &quot;A7&quot;"');
  });

  it('encoding.xml: planned with a backup the first time, none once the file is ours', () => {
    const sw = '<EncodingOptions><HardwareAccelerationType>none</HardwareAccelerationType></EncodingOptions>';
    const first = planSync(snapshot({ encoding: file(sw) }), opts, rules);
    expect(first.writes).toMatchObject([{ kind: 'encoding', path: '/config/config/encoding.xml', backup: true }]);
    const state = { version: 1 as const, files: { 'config/encoding.xml': contentHash(sw) } };
    expect(planSync(snapshot({ encoding: file(sw), state }), opts, rules).writes[0]!.backup).toBe(false);
  });

  it('encoding.xml that is not EncodingOptions XML is left alone and reported', () => {
    const plan = planSync(snapshot({ encoding: file('<EncodingOptions><HardwareAcc') }), opts, rules);
    expect(plan.writes).toEqual([]);
    expect(plan.problems[0]).toMatchObject({
      path: '/config/config/encoding.xml',
      message: expect.stringMatching(/^not changed: not well-formed XML/),
    });
  });

  it('--no-encoding leaves encoding.xml out of the plan', () => {
    const plan = planSync(snapshot({ encoding: file('<EncodingOptions/>') }), { ...opts, encoding: false }, rules);
    expect(plan.writes).toEqual([]);
  });

  it('system profiles: reported, never written; a user profile with the same User-Agent rule hides one (DlnaManager order: user first)', () => {
    const system = new Map([
      ['Samsung.xml', file(profile('Samsung', 'SEC_HHP', 'BAD'))],
      ['Xbox.xml', file(profile('Xbox', 'Xbox', 'BAD'))],
      ['Fine.xml', file(profile('Fine', 'Fine'))],
      ['NoIdent.xml', file('<Profile><Name>Generic</Name>BAD</Profile>')],
    ]);
    const plan = planSync(
      snapshot({
        systemFolders: [
          { name: 'DLNA_10.0.0.1', profiles: system },
          { name: 'DLNA_9.0.0.0', profiles: new Map() },
        ],
        userProfiles: new Map([['Samsung H264.xml', file(profile('S', 'SEC_'))]]),
      }),
      opts,
      rules,
    );
    expect(plan.writes).toEqual([]);
    expect(plan.liveSystemFolder).toBe('DLNA_10.0.0.1');
    expect(plan.systemFindings.map((s) => [s.path, s.reach, s.shadowedBy])).toEqual([
      ['/config/plugins/DLNA_10.0.0.1/profiles/NoIdent.xml', 'never-selected', undefined],
      ['/config/plugins/DLNA_10.0.0.1/profiles/Samsung.xml', 'hidden', `${USER}/Samsung H264.xml`],
      ['/config/plugins/DLNA_10.0.0.1/profiles/Xbox.xml', 'live', undefined],
    ]);
    expect(plan.notes).toContainEqual({
      kind: 'inactive',
      path: '/config/plugins/DLNA_9.0.0.0',
      message: 'older plugin version, not loaded (DLNA_10.0.0.1 is)',
    });
  });

  it('a stricter policy is applied to curated profiles too, before they are installed', () => {
    const plan = planSync(snapshot({ curated: new Map([['A.xml', profile('A', 'SEC_', 'BAD')]]) }), opts, rules);
    expect(plan.writes[0]).toMatchObject({ kind: 'install', text: profile('A', 'SEC_', 'GOOD') });
  });

  it('a curated profile the rules cannot read is not installed and is named', () => {
    const plan = planSync(snapshot({ curated: new Map([['A.xml', 'TRUNCATED']]) }), opts, rules);
    expect(plan.writes).toEqual([]);
    expect(plan.problems).toMatchObject([{ path: '/opt/dlna-bridge/profiles/A.xml', transient: false }]);
  });

  it('read problems become (non-transient) problems', () => {
    const plan = planSync(
      snapshot({ readProblems: [{ path: `${USER}/X.xml`, message: `${USER}/X.xml: permission denied` }] }),
      opts,
      rules,
    );
    expect(plan.problems).toEqual([
      { path: `${USER}/X.xml`, message: `${USER}/X.xml: permission denied`, transient: false },
    ]);
  });
});
