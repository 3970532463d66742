// Which device profile play-check uses, read from disk: one --profile file,
// or Jellyfin's own choice among profile folders for the TV's request
// headers (user profiles before system ones, by name, first Identification
// match wins, else the built-in default). A --profiles folder may be
//  - a Jellyfin volume (/config of either image): {data}/plugins/configurations/dlna/user
//    are user profiles, the newest {data}/plugins/DLNA_*/profiles are system profiles;
//  - a profiles folder: *.xml are system profiles, user/*.xml user profiles.
// A profile that does not parse is an error naming the file, not skipped:
// a prediction made without it could be wrong.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { DeviceProfile } from '../device-profile/model.js';
import { parseProfile, ProfileParseError } from '../device-profile/parse.js';
import type { ProfileCandidate, RequestHeaders } from '../device-profile/select.js';
import { dlnaFoldersNewestFirst } from '../jellyfin/dlna-plugin-folders.js';
import { builtinDefaultProfile, BUILTIN_PROFILE_NAME } from './builtin-profile.js';
import { DlnaBridgeError } from '../util/errors.js';
import { errnoWords } from '../util/errno-words.js';

const MAX_PROFILE_BYTES = 4 * 1024 * 1024;

export type ProfileSourceErrorCode =
  'PLAYBACK_PROFILE_UNREADABLE' | 'PLAYBACK_PROFILE_INVALID' | 'PLAYBACK_PROFILES_NOT_A_FOLDER';

/** The profile to decide with cannot be had: nothing can be checked without it. */
export class ProfileSourceError extends DlnaBridgeError {
  constructor(
    message: string,
    readonly code: ProfileSourceErrorCode,
  ) {
    super(message);
  }
}

export interface ChosenProfile {
  profile: DeviceProfile;
  /** Profile <Name>, else the file name. */
  name: string;
  /** Where it came from, for the report. */
  source: string;
  kind: 'file' | 'user' | 'system' | 'builtin';
  path?: string;
}

export async function loadProfileFile(file: string): Promise<DeviceProfile> {
  let text: string;
  try {
    const st = await fs.stat(file);
    if (!st.isFile()) throw new ProfileSourceError(`profile ${file}: not a file`, 'PLAYBACK_PROFILE_UNREADABLE');
    if (st.size > MAX_PROFILE_BYTES) {
      throw new ProfileSourceError(
        `profile ${file}: ${st.size} bytes is too large for a device profile`,
        'PLAYBACK_PROFILE_UNREADABLE',
      );
    }
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if (err instanceof ProfileSourceError) throw err;
    throw new ProfileSourceError(`profile ${file}: cannot read: ${errnoWords(err)}`, 'PLAYBACK_PROFILE_UNREADABLE');
  }
  try {
    return parseProfile(text);
  } catch (err) {
    if (err instanceof ProfileParseError) {
      throw new ProfileSourceError(
        `profile ${file}: not a valid Jellyfin profile: ${err.message}`,
        'PLAYBACK_PROFILE_INVALID',
      );
    }
    throw err;
  }
}

function nameOf(profile: DeviceProfile, file: string): string {
  return profile.name ?? path.basename(file, path.extname(file));
}

export async function profileFromFile(file: string): Promise<ChosenProfile> {
  const profile = await loadProfileFile(file);
  return { profile, name: nameOf(profile, file), source: file, kind: 'file', path: file };
}

async function xmlFiles(dir: string): Promise<string[]> {
  try {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    return entries
      .filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.xml'))
      .map((e) => path.join(dir, e.name));
  } catch {
    return [];
  }
}

async function isDir(p: string): Promise<boolean> {
  try {
    return (await fs.stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/** The profile files a folder holds, with Jellyfin's user/system distinction. */
export async function profileFilesIn(dir: string): Promise<{ path: string; kind: 'user' | 'system' }[]> {
  if (!(await isDir(dir))) throw new ProfileSourceError(`${dir}: not a folder`, 'PLAYBACK_PROFILES_NOT_A_FOLDER');
  for (const dataDir of [dir, path.join(dir, 'data')]) {
    const plugins = path.join(dataDir, 'plugins');
    if (!(await isDir(plugins))) continue;
    const user = await xmlFiles(path.join(plugins, 'configurations', 'dlna', 'user'));
    const names = await fs.readdir(plugins).catch(() => [] as string[]);
    const live = dlnaFoldersNewestFirst(names)[0];
    const system = live ? await xmlFiles(path.join(plugins, live.name, 'profiles')) : [];
    return [
      ...user.map((p) => ({ path: p, kind: 'user' as const })),
      ...system.map((p) => ({ path: p, kind: 'system' as const })),
    ];
  }
  const user = await xmlFiles(path.join(dir, 'user'));
  const system = [...(await xmlFiles(dir)), ...(await xmlFiles(path.join(dir, 'system')))];
  return [
    ...user.map((p) => ({ path: p, kind: 'user' as const })),
    ...system.map((p) => ({ path: p, kind: 'system' as const })),
  ];
}

/** Jellyfin's DlnaManager.GetProfile(headers) over the folders, else the built-in default. */
export async function profileForHeaders(dirs: readonly string[], headers: RequestHeaders): Promise<ChosenProfile> {
  const candidates: ProfileCandidate[] = [];
  for (const dir of dirs) {
    for (const file of await profileFilesIn(dir)) {
      candidates.push({ profile: await loadProfileFile(file.path), path: file.path, kind: file.kind });
    }
  }
  // Loaded here: its collator costs start-up time that --profile FILE does not need.
  const { selectProfile } = await import('../device-profile/select.js');
  const chosen = selectProfile(candidates, headers);
  if (chosen) {
    return {
      profile: chosen.profile,
      name: nameOf(chosen.profile, chosen.path),
      source: chosen.path,
      kind: chosen.kind,
      path: chosen.path,
    };
  }
  return {
    profile: builtinDefaultProfile(),
    name: BUILTIN_PROFILE_NAME,
    source: `no profile's Identification matches these headers (${candidates.length} profiles read)`,
    kind: 'builtin',
  };
}
