// Expand path arguments into profile files: a file as given, a directory as
// its *.xml files (not recursive: Jellyfin reads one folder level), sorted.
// I/O errors become ProfileFileError with the path in plain words.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { errnoWords } from '../util/errno-words.js';
import { DlnaBridgeError, type ErrorKind } from '../util/errors.js';
import { readRegularFile, type RegularFile } from '../util/read-regular-file.js';

/** Profiles are a few KB; a larger "profile" is not one and is not read into memory. */
export const MAX_PROFILE_FILE_BYTES = 4 * 1024 * 1024;

/** A profile file or folder the user named cannot be read, listed or written. */
export class ProfileFileError extends DlnaBridgeError {
  override readonly kind: ErrorKind = 'input';
  constructor(
    readonly code: 'PROFILE_FILE_UNREADABLE' | 'PROFILE_FOLDER_UNLISTABLE' | 'PROFILE_FILE_UNWRITABLE',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    // A file that cannot be written is the disk's or the folder's doing, not the profile's.
    if (code === 'PROFILE_FILE_UNWRITABLE') this.kind = 'environment';
  }
}

export interface PathGroup {
  /** The argument as given. */
  arg: string;
  /** True when the argument was a directory (its files are one Jellyfin profile folder). */
  directory: boolean;
  files: string[];
}

export async function expandProfilePaths(args: readonly string[]): Promise<PathGroup[]> {
  const groups: PathGroup[] = [];
  for (const arg of args) {
    let st;
    try {
      st = await fs.stat(arg);
    } catch (err) {
      throw cannotRead(arg, err);
    }
    if (st.isDirectory()) {
      let names: string[];
      try {
        names = await fs.readdir(arg);
      } catch (err) {
        throw new ProfileFileError('PROFILE_FOLDER_UNLISTABLE', `cannot list ${arg}: ${errnoWords(err)}`, {
          cause: err,
        });
      }
      const files = names
        .filter((n) => n.toLowerCase().endsWith('.xml'))
        .sort()
        .map((n) => path.join(arg, n));
      groups.push({ arg, directory: true, files });
    } else {
      groups.push({ arg, directory: false, files: [arg] });
    }
  }
  return groups;
}

export async function readProfileFile(file: string): Promise<string> {
  return (await readProfileFileWithIdentity(file)).text;
}

/** The text and what the file was when read (to refuse replacing it once it changed). */
export async function readProfileFileWithIdentity(file: string): Promise<{ text: string; file: RegularFile }> {
  try {
    const read = await readRegularFile(file, MAX_PROFILE_FILE_BYTES);
    return { text: read.data.toString('utf8'), file: read };
  } catch (err) {
    throw cannotRead(file, err);
  }
}

/** `cannot read FILE: reason`, the one wording of a profile that cannot be read. */
export function cannotRead(file: string, err: unknown): ProfileFileError {
  return new ProfileFileError('PROFILE_FILE_UNREADABLE', `cannot read ${file}: ${errnoWords(err)}`, { cause: err });
}
