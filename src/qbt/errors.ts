// The errors of `qbt relocate`, by stable code. The messages name what is
// wrong and what to do, never a CLI flag: src/cli/commands/qbt.ts puts the
// flag in front where a code belongs to one (QBT_URL_INVALID -> --url).
import { DlnaBridgeError } from '../util/errors.js';

/** The user's request cannot be carried out as given: fix it and rerun. */
export type QbtInputCode =
  | 'QBT_URL_INVALID'
  | 'QBT_DESTINATION_NOT_ABSOLUTE'
  | 'QBT_SOURCE_NOT_ABSOLUTE'
  | 'QBT_FOLDERS_SAME'
  | 'QBT_FOLDERS_NESTED'
  | 'QBT_CREDENTIALS_BOTH'
  | 'QBT_SECRET_UNREADABLE'
  | 'QBT_SECRET_EMPTY'
  | 'QBT_LOGIN_REQUIRED'
  | 'QBT_LOGIN_REFUSED'
  | 'QBT_API_KEY_REFUSED';

/** qBittorrent, the network or the destination's file system did not do its part. */
export type QbtEnvironmentCode =
  | 'QBT_UNREACHABLE'
  | 'QBT_NO_ANSWER'
  | 'QBT_ANSWER_TOO_LARGE'
  | 'QBT_ANSWER_BROKEN'
  | 'QBT_NOT_A_WEBUI'
  | 'QBT_HOST_REJECTED'
  | 'QBT_BANNED'
  | 'QBT_SESSION_REFUSED'
  | 'QBT_NO_SESSION_COOKIE'
  | 'QBT_UNEXPECTED_ANSWER'
  | 'QBT_ANSWER_INVALID'
  | 'QBT_SAVE_PATH_REFUSED'
  | 'QBT_PREFERENCE_NOT_KEPT'
  | 'QBT_DESTINATION_UNUSABLE'
  | 'QBT_NO_SPACE';

export type QbtErrorCode = QbtInputCode | QbtEnvironmentCode;

/** Any error of the relocation: the executor stops at one and reports it (RelocationReport.fatal). */
export abstract class QbtError extends DlnaBridgeError {
  abstract override readonly code: QbtErrorCode;
}

export class QbtInputError extends QbtError {
  constructor(
    readonly code: QbtInputCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export class QbtEnvironmentError extends QbtError {
  override readonly kind = 'environment';

  constructor(
    readonly code: QbtEnvironmentCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
