import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('dlna-bridge CLI', () => {
  it('prints help with every command group and exits 0', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: dlna-bridge');
    expect(r.stdout).toContain('Exit codes');
  });

  it('prints the package version', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('exits 2 on an unknown option', async () => {
    const r = await runCli(['--no-such-option']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown option');
  });
});
