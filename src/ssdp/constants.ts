// Fixed numbers of SSDP (UDA 1.1 §1) and the limits this bridge puts on what it
// accepts. Kept in one place so the codec, the engine and the tests agree.

export const SSDP_MULTICAST_ADDRESS = '239.255.255.250';
export const SSDP_PORT = 1900;
export const SSDP_HOST = `${SSDP_MULTICAST_ADDRESS}:${SSDP_PORT}`;

/** Jellyfin's receive buffer is 8192 bytes: nothing legitimate is bigger, so bigger is dropped unread. */
export const MAX_DATAGRAM_BYTES = 8192;
/** Real SSDP messages carry about a dozen headers; a hundred is an attack or garbage. */
export const MAX_HEADER_COUNT = 48;
/** One header line (name + value); long enough for any sane LOCATION URL. */
export const MAX_HEADER_LINE_BYTES = 2048;
/** What we send must fit miniupnpd's 1024-byte limit (ssdp.md, "Size"). */
export const MAX_SENT_MESSAGE_BYTES = 1024;

/** UDA 1.1: CACHE-CONTROL max-age SHOULD be at least 1800 s. */
export const DEFAULT_MAX_AGE_S = 1800;
/** UDA 1.1 says TTL 2 (and configurable). */
export const DEFAULT_TTL = 2;
/** MX above 5 counts as 5 (UDA 1.1 §1.3.2). */
export const MAX_MX_S = 5;
/** A unicast M-SEARCH is answered within 1 s. */
export const UNICAST_ANSWER_WITHIN_MS = 1000;
/** Each round goes out this many times (never more than 3), this far apart. */
export const ROUND_REPEATS = 3;
export const ROUND_REPEAT_SPACING_MS = 250;
/** BOOTID and CONFIGID are 31-bit non-negative integers. */
export const MAX_31_BIT = 0x7fffffff;
