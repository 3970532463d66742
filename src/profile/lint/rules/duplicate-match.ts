// duplicate-match (directory rule): two profiles that match the same client.
// DlnaManager takes the first match in its order (user, then system, each by
// file name), so the later profile never applies to that client. We test each
// header rule's own value as a sample client against the other profile (a
// Substring or Equals value is a header that rule matches).
import { identificationMatches } from '../../../device-profile/select.js';
import type { DirectoryRule, LintedProfile, RuleFinding } from '../types.js';

function sampleClients(p: LintedProfile): Record<string, string>[] {
  return (p.profile.identification?.headers ?? [])
    .filter((h) => h.match !== 'Regex' && h.name && h.value)
    .map((h) => ({ [h.name]: h.value }));
}

function baseName(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}

export const duplicateMatch: DirectoryRule = {
  id: 'duplicate-match',
  severity: 'warning',
  check(profiles) {
    const out: (RuleFinding & { file: string })[] = [];
    profiles.forEach((later, j) => {
      for (const earlier of profiles.slice(0, j)) {
        const shared = [...sampleClients(later), ...sampleClients(earlier)].find(
          (client) =>
            identificationMatches(later.profile.identification, client) &&
            identificationMatches(earlier.profile.identification, client),
        );
        if (!shared) continue;
        const [name, value] = Object.entries(shared)[0]!;
        out.push({
          file: later.file,
          pos: later.profile.identification!.pos,
          message: `a client whose ${name} is "${value}" matches both this profile and ${baseName(earlier.file)}; Jellyfin takes ${baseName(earlier.file)}, which comes first (by file name)`,
          hint: 'make the Identification headers more specific, or remove one of the profiles (user profiles come before system profiles)',
        });
        break;
      }
    });
    return out;
  },
};
