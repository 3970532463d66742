// src/cli/errors.ts is the one place an error becomes a printed line and an
// exit code: a DlnaBridgeError by its kind (input and environment: 2, finding:
// 1), the flag behind its code in front when the command names one (flagFor).
import { describe, expect, it } from 'vitest';
import { reportError } from '../../src/cli/errors.js';
import { CliError } from '../../src/cli/exit-codes.js';
import { ProfileFileError } from '../../src/profile/profile-files.js';
import { DlnaBridgeError, type ErrorKind } from '../../src/util/errors.js';

class Sample extends DlnaBridgeError {
  constructor(
    readonly code: string,
    override readonly kind: ErrorKind,
    message: string,
  ) {
    super(message);
  }
}

describe('reportError', () => {
  it.each([
    ['input', 2],
    ['environment', 2],
    ['finding', 1],
  ] as const)('a %s error exits %i with its message as the line', (kind, exitCode) => {
    expect(reportError(new Sample('TEST_X', kind, 'what went wrong'))).toEqual({ line: 'what went wrong', exitCode });
  });

  it('a DlnaBridgeError is input by default; an unwritable profile is the environment, both exit 2', () => {
    const unwritable = new ProfileFileError(
      'PROFILE_FILE_UNWRITABLE',
      'cannot write a.xml: no space left on the device',
    );
    expect(unwritable.kind).toBe('environment');
    expect(new ProfileFileError('PROFILE_FILE_UNREADABLE', 'x').kind).toBe('input');
    expect(reportError(unwritable)).toEqual({ line: 'cannot write a.xml: no space left on the device', exitCode: 2 });
  });

  it('flagFor puts the flag behind a code in front; other codes print as they are', () => {
    const flagFor = (code: string) => (code === 'JELLYFIN_VOLUME_NOT_FOUND' ? '--config-dir' : undefined);
    expect(reportError(new Sample('JELLYFIN_VOLUME_NOT_FOUND', 'input', '/x: does not exist'), flagFor)?.line).toBe(
      '--config-dir: /x: does not exist',
    );
    expect(reportError(new Sample('OTHER', 'input', 'plain'), flagFor)?.line).toBe('plain');
  });

  it('a CliError keeps its exit code; an error nobody threw on purpose is not reported (a bug: main prints its stack)', () => {
    expect(reportError(new CliError('usage', 2))).toEqual({ line: 'usage', exitCode: 2 });
    expect(reportError(new TypeError('x is undefined'))).toBeUndefined();
    expect(reportError('a string')).toBeUndefined();
  });
});
