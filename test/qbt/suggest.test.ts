import { describe, expect, it } from 'vitest';
import { formatRelocateAdvice, formatRelocateCommand, shellQuote } from '../../src/qbt/suggest.js';

describe("suggested relocate command (for stack doctor's path-trap finding)", () => {
  it('names url, from, to, --set-default and --dry-run, and never a password', () => {
    expect(formatRelocateCommand({ url: 'http://127.0.0.1:8080', from: '/downloads', to: '/data/torrents' })).toBe(
      'dlna-bridge qbt relocate --url http://127.0.0.1:8080 --from /downloads --to /data/torrents --set-default --dry-run',
    );
  });

  it('quotes what the shell would split', () => {
    expect(
      formatRelocateCommand({
        url: 'http://q:8080',
        to: '/data/my torrents',
        passwordFile: "/run/it's",
        dryRun: false,
        setDefault: false,
      }),
    ).toBe("dlna-bridge qbt relocate --url http://q:8080 --password-file '/run/it'\\''s' --to '/data/my torrents'");
    expect(shellQuote('')).toBe("''");
  });

  it('advice says where the password comes from and to rerun without --dry-run', () => {
    const lines = formatRelocateAdvice({ url: 'http://127.0.0.1:8080', to: '/data/torrents' });
    expect(lines[1]).toMatch(/DLNA_BRIDGE_QBT_PASSWORD/);
    expect(lines[2]).toMatch(/without --dry-run/);
  });
});
