// Jellyfin 10.11's own StreamBuilder unit tests (StreamBuilderTests.cs, 278
// [InlineData] rows over its Test Data JSON) held against our engine: every
// row, every assertion the C# test makes (oracle.ts). A row that cannot pass is
// listed in EXCEPTIONS with the reason; a listed row that starts passing fails
// the suite, so the list stays true.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROWS } from './rows.js';
import { FIXTURES, checkRow } from './oracle.js';
import type { StreamBuilderRow } from './row.js';

const key = (r: StreamBuilderRow): string => `${r.theory} ${r.device} ${r.media}`;

/** Rows that truly cannot pass, by key, with the reason. */
const EXCEPTIONS: Record<string, string> = {};

describe('Jellyfin 10.11.11 StreamBuilderTests, ported', () => {
  it('the row table is the C# [InlineData] matrix, row for row', () => {
    const cs = readFileSync(path.join(FIXTURES, 'StreamBuilderTests.cs'), 'utf8');
    const inline = [...cs.matchAll(/\[InlineData\("([^"]+)", "([^"]+)", (PlayMethod\.\w+|null)/g)].map(
      (m) => `${m[1]} ${m[2]} ${m[3]!.replace('PlayMethod.', '')}`,
    );
    expect(ROWS.map((r) => `${r.device} ${r.media} ${r.playMethod ?? 'null'}`)).toEqual(inline);
    expect(ROWS).toHaveLength(278);
  });

  for (const row of ROWS) {
    const k = key(row);
    const why = EXCEPTIONS[k];
    it(`${k} -> ${row.playMethod ?? 'any'} [${row.why.join('|')}] ${row.mode} ${row.protocol}`, () => {
      const failures = checkRow(row);
      if (why === undefined) expect(failures).toEqual([]);
      else
        expect(failures, `listed as an exception (${why}) but passes now: remove it from EXCEPTIONS`).not.toEqual([]);
    });
  }
});
