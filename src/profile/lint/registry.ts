// The rules `profile lint` runs, in report order.
import type { DirectoryRule, ProfileRule } from './types.js';
import { directPlayContainer } from './rules/direct-play-container.js';
import { directPlayCodec } from './rules/direct-play-codec.js';
import { directStreamTrapRule } from './rules/direct-stream-trap.js';
import { noH264Transcode } from './rules/no-h264-transcode.js';
import { transcodeDeniedFormat } from './rules/transcode-denied-format.js';
import { neverMatches } from './rules/never-matches.js';
import { noIdentification } from './rules/no-identification.js';
import { invalidValue } from './rules/invalid-value.js';
import { unknownElement } from './rules/unknown-element.js';
import { duplicateMatch } from './rules/duplicate-match.js';

export const PROFILE_RULES: readonly ProfileRule[] = [
  invalidValue,
  directPlayContainer,
  directPlayCodec,
  directStreamTrapRule,
  noH264Transcode,
  transcodeDeniedFormat,
  neverMatches,
  noIdentification,
  unknownElement,
];

export const DIRECTORY_RULES: readonly DirectoryRule[] = [duplicateMatch];
