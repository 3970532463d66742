// Every error the profile commands' libraries (src/profile, src/jellyfin,
// src/xml) throw is a DlnaBridgeError with a stable, area-prefixed code, and
// each one a user can meet carries the code callers branch on.
import { mkdtempSync, readdirSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { inspectVolume } from '../../src/jellyfin/inspect.js';
import { planEncodingOptions } from '../../src/jellyfin/encoding-options.js';
import { run as fixRun } from '../../src/profile/fix/command.js';
import { DEFAULT_POLICY } from '../../src/device-profile/model.js';
import { parseProfile, readProfileDocument } from '../../src/device-profile/parse.js';
import { expandProfilePaths, readProfileFile } from '../../src/profile/profile-files.js';
import { OutsideVolumeError } from '../../src/profile/sync/apply.js';
import { readSnapshot } from '../../src/profile/sync/snapshot.js';
import { pathsFor } from '../../src/jellyfin/layout.js';
import { DlnaBridgeError } from '../../src/util/errors.js';
import { decodeXmlText } from '../../src/xml/entities.js';
import { parseXml } from '../../src/xml/parse.js';
import { repoRoot } from '../helpers/cli.js';

const CODE = /^(PROFILE|SYNC|JELLYFIN|XML)_[A-Z0-9_]+$/;
const AREA = ['src/profile', 'src/device-profile', 'src/jellyfin', 'src/xml'];

const tmp = mkdtempSync(path.join(os.tmpdir(), 'dlna-area-errors-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error');
}

async function rejected(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

function expectCode(err: unknown, code: string, kind: 'input' | 'environment' | 'finding' = 'input'): void {
  expect(err).toBeInstanceOf(DlnaBridgeError);
  const e = err as DlnaBridgeError;
  expect(e.code).toBe(code);
  expect(e.code).toMatch(CODE);
  expect(e.kind).toBe(kind);
  // Library messages never name a CLI flag: the CLI puts the flag in front (flagFor) or words it itself.
  expect(e.message).not.toMatch(/(^|\s)--[a-z]/);
}

function filesUnder(dir: string): string[] {
  return readdirSync(path.join(repoRoot, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(dir, f));
}

describe('profile-area errors', () => {
  it('every Error class any area module exports is a DlnaBridgeError', async () => {
    const classes = new Set<string>();
    for (const file of AREA.flatMap(filesUnder)) {
      const mod = (await import(pathToFileURL(path.join(repoRoot, file)).href)) as Record<string, unknown>;
      for (const [name, value] of Object.entries(mod)) {
        if (typeof value !== 'function' || !(value.prototype instanceof Error)) continue;
        classes.add(name); // once, however many modules re-export it
        expect(value.prototype instanceof DlnaBridgeError, `${file}: ${name} extends DlnaBridgeError`).toBe(true);
      }
    }
    expect([...classes].sort()).toEqual(
      [
        'CuratedProfilesError',
        'EncodingXmlError',
        'EntityError',
        'FixRefusedError',
        'JellyfinVolumeError',
        'OutsideVolumeError',
        'ProfileFileError',
        'ProfileParseError',
        'XmlParseError',
      ].sort(),
    );
  });

  it('XML: XML_NO_ROOT, XML_DOCTYPE_REFUSED, XML_ENTITY_REFUSED (the parser and the entity decoder), XML_LIMIT_EXCEEDED, XML_MALFORMED', () => {
    expectCode(
      thrown(() => parseXml('')),
      'XML_NO_ROOT',
    );
    expectCode(
      thrown(() => parseXml('<!DOCTYPE x><x/>')),
      'XML_DOCTYPE_REFUSED',
    );
    expectCode(
      thrown(() => parseXml('<a>&xxe;</a>')),
      'XML_ENTITY_REFUSED',
    );
    expectCode(
      thrown(() => decodeXmlText('&xxe;', false)),
      'XML_ENTITY_REFUSED',
    );
    expectCode(
      thrown(() => parseXml('<a/>', { maxDocumentLength: 3 })),
      'XML_LIMIT_EXCEEDED',
    );
    expectCode(
      thrown(() => parseXml('<a><b></a>')),
      'XML_MALFORMED',
    );
  });

  it('profiles: PROFILE_INVALID_XML, PROFILE_INVALID_VALUE (the lint rule kept as data)', () => {
    const xml = thrown(() => readProfileDocument('<Profile>'));
    expectCode(xml, 'PROFILE_INVALID_XML');
    expect((xml as { rule: string }).rule).toBe('invalid-xml');
    const value = thrown(() => parseProfile('<Profile><MaxStreamingBitrate>fast</MaxStreamingBitrate></Profile>'));
    expectCode(value, 'PROFILE_INVALID_VALUE');
    expect((value as { rule: string }).rule).toBe('invalid-value');
  });

  it('profile files: PROFILE_FILE_UNREADABLE, PROFILE_FIX_MALFORMED (nothing written)', async () => {
    const missing = path.join(tmp, 'nope.xml');
    const err = await rejected(readProfileFile(missing));
    expectCode(err, 'PROFILE_FILE_UNREADABLE');
    expect((err as Error).message).toBe(`cannot read ${missing}: no such file or directory`);
    expectCode(await rejected(expandProfilePaths([missing])), 'PROFILE_FILE_UNREADABLE');
    const bad = path.join(tmp, 'bad.xml');
    writeFileSync(bad, '<Profile><DirectPlayProfiles></Profile>');
    const sink = { write: () => true } as unknown as NodeJS.WritableStream;
    const fix = await rejected(
      fixRun(
        { paths: [bad], policy: DEFAULT_POLICY, dryRun: false, backup: false },
        { stdout: sink as never, stderr: sink as never },
      ),
    );
    expectCode(fix, 'PROFILE_FIX_MALFORMED');
    expect((fix as Error).message).toMatch(/bad\.xml:1:\d+: .*; nothing was changed$/);
  });

  it('Jellyfin: JELLYFIN_VOLUME_NOT_FOUND / _NOT_A_FOLDER, JELLYFIN_LAYOUT_AMBIGUOUS, JELLYFIN_ENCODING_XML_INVALID', async () => {
    const none = path.join(tmp, 'no-volume');
    const notFound = await rejected(inspectVolume(none, 'auto'));
    expectCode(notFound, 'JELLYFIN_VOLUME_NOT_FOUND');
    expect((notFound as Error).message).toBe(`${none}: does not exist`);
    const file = path.join(tmp, 'a-file');
    writeFileSync(file, '');
    expectCode(await rejected(inspectVolume(file, 'auto')), 'JELLYFIN_VOLUME_NOT_A_FOLDER');
    const both = path.join(tmp, 'both');
    mkdirSync(path.join(both, 'config'), { recursive: true });
    writeFileSync(path.join(both, 'config', 'system.xml'), '');
    writeFileSync(path.join(both, 'system.xml'), '');
    const ambiguous = await rejected(inspectVolume(both, 'auto'));
    expectCode(ambiguous, 'JELLYFIN_LAYOUT_AMBIGUOUS');
    expect((ambiguous as Error).message).toMatch(/both images .*name the layout: official or linuxserver$/);
    expectCode(
      thrown(() => planEncodingOptions('<EncodingOptions>', { gpu: true })),
      'JELLYFIN_ENCODING_XML_INVALID',
    );
  });

  it('sync: SYNC_CURATED_NOT_FOUND, SYNC_OUTSIDE_VOLUME', async () => {
    const volume = path.join(tmp, 'volume');
    mkdirSync(volume);
    const curated = path.join(tmp, 'no-curated');
    const err = await rejected(readSnapshot(pathsFor(volume, 'official'), 'test', { curatedDir: curated }));
    expectCode(err, 'SYNC_CURATED_NOT_FOUND');
    expect((err as Error).message).toBe(`${curated}: does not exist`);
    expectCode(new OutsideVolumeError('/v/x resolves to /elsewhere, outside the volume /v'), 'SYNC_OUTSIDE_VOLUME');
  });
});
