// TEMPORARY: Jellyfin's ContainerHelper list matching, until src/profile/lists.ts
// (owned by the profile helper) lands; then this file is deleted and the
// imports point there. Kept to the two functions the engine needs.

/** ContainerHelper.Split: comma list, empty entries removed. */
export function splitList(list: string | undefined): string[] {
  return (list ?? '').split(',').filter((t) => t !== '');
}

/**
 * ContainerHelper.ContainsContainer(profileList, input): true when any token of
 * `input` (itself a comma list, e.g. "mov,mp4,m4a") is in `profileList`,
 * case-insensitively; an empty profile list matches everything; a leading '-'
 * makes it a deny-list. An empty input matches only a deny-list.
 */
export function containsContainer(profileList: string | undefined, input: string | undefined): boolean {
  let list = profileList ?? '';
  let negative = false;
  if (list.startsWith('-')) {
    negative = true;
    list = list.slice(1);
  }
  if (input === undefined || input === '') return negative;
  if (list === '') return true;
  const wanted = splitList(list).map((t) => t.toLowerCase());
  for (const token of splitList(input)) {
    if (wanted.includes(token.toLowerCase())) return !negative;
  }
  return negative;
}
