// YAML that kubectl reads back as written: kubectl decodes YAML 1.1, where
// off/on/yes/no/y/n are booleans, 0755 is octal, 12:30 is base 60 and ~ is
// null. Every document `stack render` prints, read back with YAML 1.1 rules
// (and 1.2), must equal the object rendered, including such values set by the
// user through --set and -f.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { runCli } from '../helpers/cli.js';
import { loadValues } from '../../src/stack/load-values.js';
import { toMultiDocYaml, toYaml, type KubeObject } from '../../src/stack/manifest.js';
import { renderStack } from '../../src/stack/render.js';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'stack-yaml11-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const readBack = (text: string, version: '1.1' | '1.2'): unknown[] =>
  parseAllDocuments(text, { version }).map((d) => {
    expect(d.errors).toEqual([]);
    return d.toJS({ maxAliasCount: 0 });
  });

async function expectReadBackAsRendered(files: string[], sets: string[]): Promise<KubeObject[]> {
  const r = await runCli(['stack', 'render', ...files.flatMap((f) => ['-f', f]), ...sets.flatMap((s) => ['--set', s])]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const rendered = renderStack(await loadValues(files, sets));
  expect(readBack(r.stdout, '1.1')).toEqual(rendered);
  expect(readBack(r.stdout, '1.2')).toEqual(rendered);
  return rendered;
}

const env = (objects: KubeObject[], deployment: string, name: string): unknown => {
  const d = objects.find(
    (o) => o.metadata.name === deployment && (o.kind === 'Deployment' || o.kind === 'DaemonSet'),
  ) as unknown as {
    spec: { template: { spec: { containers: { name: string; env?: { name: string; value?: string }[] }[] } } };
  };
  return d.spec.template.spec.containers.find((c) => c.name === deployment)!.env!.find((e) => e.name === name)!.value;
};

describe('stack render output read back by a YAML 1.1 decoder (kubectl)', () => {
  it('the default render: every document equals the object (the Ingress annotation proxy-buffering stays the string "off")', async () => {
    const objects = await expectReadBackAsRendered([], []);
    const ing = objects.find((o) => o.kind === 'Ingress' && o.metadata.name === 'jellyfin')!;
    expect(ing.metadata.annotations!['nginx.ingress.kubernetes.io/proxy-buffering']).toBe('off');
  });

  it('values set with --set that YAML 1.1 would retype: off 12:30 y n 0755 1e3 null on no true', async () => {
    const objects = await expectReadBackAsRendered(
      [],
      [
        'timezone=off',
        'lanInterface=12:30',
        'mediaNodeLabel=y=n',
        'storage.configClass=0755',
        'storage.mediaClass=1e3',
        'storage.nfs.server=null',
        'tls.clusterIssuer=no',
        'domain=on',
        'monitoring.podMonitor=true',
      ],
    );
    expect(env(objects, 'radarr', 'TZ')).toBe('off');
    expect(env(objects, 'dlna-bridge', 'DLNA_BRIDGE_LAN_INTERFACE')).toBe('12:30');
  });

  it('values from a -f file that YAML 1.1 would retype: yes on off true null y n 1e3 0755', async () => {
    const file = path.join(dir, 'values.yaml');
    writeFileSync(
      file,
      [
        'timezone: "yes"',
        'mediaNodeLabel: "on=off"',
        'lanInterface: "1e3"',
        'storage:',
        '  configClass: "true"',
        '  mediaClass: "null"',
        '  nfs:',
        '    server: "y"',
        'tls:',
        '  secretName: "n"',
        'monitoring:',
        '  allow: ["10.42.0.0/16"]',
        'domain: "0755"',
        '',
      ].join('\n'),
    );
    const objects = await expectReadBackAsRendered([file], ['puid=1000']);
    expect(env(objects, 'sonarr', 'TZ')).toBe('yes');
  });

  it('~ and 12:30 where a value cannot take them: exit 2, one line per problem, nothing printed', async () => {
    for (const bad of ['timezone=~', 'timezone=12:30', 'domain=~']) {
      const r = await runCli(['stack', 'render', '--set', bad]);
      expect(r.code, bad).toBe(2);
      expect(r.stdout, bad).toBe('');
      expect(r.stderr, bad).toMatch(/^dlna-bridge: values: invalid values:\n {2}\S+: .*\n$/);
    }
  });

  it('toYaml quotes exactly the strings another reader would retype, keys included', () => {
    const retyped = [
      'off',
      'on',
      'yes',
      'no',
      'y',
      'n',
      'Y',
      'NO',
      '0755',
      '1e3',
      'null',
      '~',
      '12:30',
      'true',
      '0x1F',
      '1_000',
      '2001-12-14',
      '.5',
      '+1',
      '',
    ];
    const value = Object.fromEntries(retyped.map((s) => [s, s]));
    const text = toYaml({ list: retyped, map: value });
    expect(readBack(text, '1.1')[0]).toEqual({ list: retyped, map: value });
    expect(readBack(text, '1.2')[0]).toEqual({ list: retyped, map: value });
    // ordinary strings stay plain
    expect(toYaml({ a: 'media.home.arpa', b: 'Etc/UTC' })).toBe('a: media.home.arpa\nb: Etc/UTC\n');
    expect(toMultiDocYaml([])).toBe('');
  });
});
