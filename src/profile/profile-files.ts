// Expand CLI path arguments into profile files: a file as given, a directory
// as its *.xml files (not recursive: Jellyfin reads one folder level), sorted.
// I/O errors become CliError (exit 2) with the path in plain words.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CliError } from '../cli/exit-codes.js';
import { readRegularFile, type RegularFile } from '../util/read-regular-file.js';

/** Profiles are a few KB; a larger "profile" is not one and is not read into memory. */
export const MAX_PROFILE_FILE_BYTES = 4 * 1024 * 1024;

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
      throw new CliError(`cannot read ${arg}: ${describeIoError(err)}`);
    }
    if (st.isDirectory()) {
      let names: string[];
      try {
        names = await fs.readdir(arg);
      } catch (err) {
        throw new CliError(`cannot list ${arg}: ${describeIoError(err)}`);
      }
      const files = names.filter((n) => n.toLowerCase().endsWith('.xml')).sort().map((n) => path.join(arg, n));
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
    throw new CliError(`cannot read ${file}: ${describeIoError(err)}`);
  }
}

export function describeIoError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'ELOOP') return 'too many levels of symbolic links';
  return err instanceof Error ? err.message : String(err);
}
