import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../helpers/cli.js';
import { corpusDir } from './corpus.js';

let dir: string;
const lg = path.join(corpusDir, 'LG Smart TV.xml');

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dlna-bridge-profile-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function copy(name: string, from = lg): string {
  const to = path.join(dir, name);
  copyFileSync(from, to);
  return to;
}

describe('dlna-bridge profile lint (as a process)', () => {
  it('text: prints file:line:column, severity, rule, message and hint; exit 1 on errors', async () => {
    const r = await runCli(['profile', 'lint', lg]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${lg}:38:49: error [direct-play-container] this Video DirectPlayProfile lists mkv`);
    expect(r.stdout).toMatch(/\n    hint: remove mkv from container/);
    expect(r.stdout).toMatch(/1 file checked: 3 errors, 1 warning\n$/);
  });

  it('json: the documented shape {files:[{path,findings:[{rule,severity,line,column,message,hint}]}],summary:{errors,warnings}}', async () => {
    const r = await runCli(['profile', 'lint', '--format', 'json', corpusDir]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as {
      files: { path: string; findings: Record<string, unknown>[] }[];
      summary: { errors: number; warnings: number };
    };
    expect(report.files).toHaveLength(27);
    expect(Object.keys(report.summary)).toEqual(['errors', 'warnings']);
    const def = report.files.find((f) => f.path.endsWith('Default.xml'))!;
    expect(Object.keys(def.findings[0]!)).toEqual(['rule', 'severity', 'line', 'column', 'message', 'hint']);
    expect(def.findings.map((f) => f['rule']).sort()).toEqual([
      'direct-play-codec',
      'direct-play-container',
      'no-identification',
    ]);
  });

  it('github: workflow annotations', async () => {
    const r = await runCli(['profile', 'lint', '--format', 'github', lg]);
    expect(r.stdout.split('\n')[1]).toMatch(
      /^::error file=.*LG Smart TV\.xml,line=38,col=49,title=direct-play-container::this Video/,
    );
  });

  it('exit 0 when only warnings remain (after fix), and --deny-container/--deny-codec change the policy', async () => {
    const file = copy('clean.xml');
    expect((await runCli(['profile', 'fix', file])).code).toBe(0);
    const r = await runCli(['profile', 'lint', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/0 errors, 1 warning/);
    const wider = await runCli(['profile', 'lint', '--deny-container', 'mkv,avi', '--deny-codec', 'hevc', file]);
    expect(wider.code).toBe(1);
    expect(wider.stdout).toContain('lists avi in container=');
  });

  it('exit 2 for a missing file or a bad --format; malformed XML is an invalid-xml finding (exit 1)', async () => {
    const missing = await runCli(['profile', 'lint', path.join(dir, 'nope.xml')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read .*nope\.xml: no such file or directory/);
    expect((await runCli(['profile', 'lint', '--format', 'xml', lg])).code).toBe(2);
    const bad = path.join(dir, 'bad.xml');
    writeFileSync(bad, '<Profile>\n  <Name>x</Profile>\n');
    const r = await runCli(['profile', 'lint', bad]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${bad}:2:10: error [invalid-xml]`);
  });
});

describe('dlna-bridge profile fix (as a process)', () => {
  it('--dry-run prints a unified diff and writes nothing', async () => {
    const file = copy('dry.xml');
    const before = readFileSync(file, 'utf8');
    const r = await runCli(['profile', 'fix', '--dry-run', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^--- .*dry\.xml\n\+\+\+ .*dry\.xml\n@@ -35,8 \+35,8 @@\n/);
    expect(r.stdout).toContain('-    <DirectPlayProfile container="ts,mpegts,avi,mkv,m2ts"');
    expect(r.stderr).toContain('nothing was written');
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('writes atomically, keeps the mode, --backup keeps name.xml.bak; a second run changes nothing', async () => {
    const file = copy('real.xml');
    chmodSync(file, 0o640);
    const before = readFileSync(file, 'utf8');
    const r = await runCli(['profile', 'fix', '--backup', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('fixed (previous version kept as');
    expect(readFileSync(`${file}.bak`, 'utf8')).toBe(before);
    expect(statSync(file).mode & 0o777).toBe(0o640);
    const after = readFileSync(file, 'utf8');
    expect(after).not.toBe(before);
    const again = await runCli(['profile', 'fix', file]);
    expect(again.stdout).toContain('already fixed, nothing to change');
    expect(readFileSync(file, 'utf8')).toBe(after);
  });

  it('malformed XML: exit 2, the file (and every other file named) untouched, no temp files left', async () => {
    const sub = path.join(dir, 'malformed');
    mkdirSync(sub);
    const good = copy('malformed/a-good.xml');
    const bad = path.join(sub, 'b-bad.xml');
    writeFileSync(bad, '<Profile><DirectPlayProfiles>');
    const r = await runCli(['profile', 'fix', good, bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/b-bad\.xml:1:30: unexpected end of document.*nothing was changed/);
    expect(readFileSync(good, 'utf8')).toBe(readFileSync(lg, 'utf8'));
    expect(readFileSync(bad, 'utf8')).toBe('<Profile><DirectPlayProfiles>');
    expect(existsSync(`${good}.bak`)).toBe(false);
    expect(readdirSync(sub).sort()).toEqual(['a-good.xml', 'b-bad.xml']);
  });
});

describe('hostile input through the CLI: a clear error, bounded memory, file untouched', () => {
  const hostile: [string, string][] = [
    [
      'billion-laughs.xml',
      '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]>\n<Profile><Name>&lol2;</Name></Profile>',
    ],
    [
      'xxe.xml',
      '<?xml version="1.0"?>\n<!DOCTYPE Profile [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<Profile><Name>&xxe;</Name></Profile>',
    ],
    ['undeclared-entity.xml', '<Profile><Name>&xxe;</Name></Profile>'],
    ['deep.xml', '<Profile>' + '<a>'.repeat(200_000) + '</a>'.repeat(200_000) + '</Profile>'],
    [
      'huge-attribute.xml',
      `<Profile><DirectPlayProfiles><DirectPlayProfile container="${'mp4,'.repeat(500_000)}" type="Video" /></DirectPlayProfiles></Profile>`,
    ],
    [
      'truncated.xml',
      '<?xml version="1.0"?>\n<Profile>\n  <DirectPlayProfiles>\n    <DirectPlayProfile container="mkv" type="Vid',
    ],
  ];
  const expected: Record<string, RegExp> = {
    'billion-laughs.xml': /DOCTYPE declarations are not allowed/,
    'xxe.xml': /DOCTYPE declarations are not allowed/,
    'undeclared-entity.xml': /unknown entity '&xxe;'/,
    'deep.xml': /nested deeper than 64 levels/,
    'huge-attribute.xml': /the limit is 65536/,
    'truncated.xml': /not closed/,
  };

  it.each(hostile)(
    '%s: lint reports invalid-xml, fix exits 2 and leaves the file as it was (64 MB heap)',
    async (name, content) => {
      const file = path.join(dir, name);
      writeFileSync(file, content);
      const env = { NODE_OPTIONS: '--max-old-space-size=64' };
      const lint = await runCli(['profile', 'lint', '--format', 'json', file], { env });
      expect(lint.code).toBe(1);
      const finding = (JSON.parse(lint.stdout) as { files: { findings: { rule: string; message: string }[] }[] })
        .files[0]!.findings[0]!;
      expect(finding.rule).toBe('invalid-xml');
      expect(finding.message).toMatch(expected[name]!);
      const fix = await runCli(['profile', 'fix', file], { env });
      expect(fix.code).toBe(2);
      expect(fix.stderr).toMatch(expected[name]!);
      expect(readFileSync(file, 'utf8')).toBe(content);
    },
  );
});
