// How `discover` shows what it found: the JSON contract, and plain text for a
// person asking "why can't my TV see my server?". Pure.

/** One line of `discover --json`: exactly these keys, null when unknown. */
export interface DiscoveredServer {
  usn: string;
  udn: string;
  location: string;
  friendlyName: string | null;
  modelName: string | null;
  reachable: boolean;
  error: string | null;
}

export function toJson(servers: readonly DiscoveredServer[]): string {
  const rows = servers.map((s) => ({
    usn: s.usn,
    udn: s.udn,
    location: s.location,
    friendlyName: s.friendlyName,
    modelName: s.modelName,
    reachable: s.reachable,
    error: s.error,
  }));
  return `${JSON.stringify(rows, null, 2)}\n`;
}

export function toText(
  servers: readonly DiscoveredServer[],
  context: { interfaceName: string; st: string; timeoutS: number },
): string {
  if (servers.length === 0) {
    return (
      `No server answered a search for ${context.st} on ${context.interfaceName} within ${context.timeoutS} s, and none announced itself.\n` +
      'A TV on this network would find nothing either. Check that the server (or dlna-bridge) runs on this segment and that multicast is not filtered.\n'
    );
  }
  const lines: string[] = [];
  for (const s of servers) {
    lines.push(`${s.friendlyName ?? '(name unknown)'}${s.modelName ? ` [${s.modelName}]` : ''}`);
    lines.push(`  UDN:       ${s.udn}`);
    lines.push(`  LOCATION:  ${s.location}`);
    lines.push(`  reachable: ${s.reachable ? 'yes' : 'no'}${s.error ? ` (${s.error})` : ''}`);
  }
  const bad = servers.filter((s) => !s.reachable || s.error).length;
  lines.push('');
  lines.push(
    `${servers.length} server(s) found on ${context.interfaceName}` +
      (bad ? `; ${bad} with a LOCATION this host cannot use: a TV here would see it listed but fail to open it.` : '.'),
  );
  return `${lines.join('\n')}\n`;
}
