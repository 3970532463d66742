// ContainerHelper.Split: a profile or probe comma list, empty entries removed,
// tokens kept as written (matching is src/profile/lists.ts's listAllows).
export function splitList(list: string | undefined): string[] {
  return (list ?? '').split(',').filter((t) => t !== '');
}
