// Which upstream status lines can be relayed. Node's client parser accepts any
// three digits ("HTTP/1.1 099 X", "000") and most bytes in the reason phrase,
// while its server writer throws on a status outside 100-999 and on control
// characters: relaying them as they came would throw inside an event handler
// and end the daemon. A final answer must be 200-599 (1xx are interim; one
// arriving as the final answer is as broken as 099); anything else is the
// upstream's fault, told to the client as 502. Pure.

/** Why the status cannot be relayed, or undefined when it can. */
export function invalidUpstreamStatus(status: number | undefined): string | undefined {
  if (status === undefined || !Number.isInteger(status)) return 'no status code';
  if (status < 200 || status > 599) return `status code ${String(status).padStart(3, '0')}`;
  return undefined;
}

/** The reason phrase when it can be sent on (visible ASCII, tab, obs-text; bounded); undefined: Node's default for the code. */
export function relayableReason(reason: string | undefined): string | undefined {
  if (!reason || reason.length > 128) return undefined;
  return /^[\t\x20-\x7e\x80-\xff]*$/.test(reason) ? reason : undefined;
}
