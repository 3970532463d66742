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

/**
 * Targets announced per root device (3 + 2d + k, UDA 1.1 §1.1.2). A MediaServer
 * has 5-8 (Jellyfin 6, minidlna 6); 32 leaves room for embedded devices and
 * extra services, and bounds a round, a byebye set and an `ssdp:all` answer
 * whatever an upstream's description lists (400 service types: 1824x reflection).
 */
export const MAX_TARGETS_PER_DEVICE = 32;
/** Answer bytes for one M-SEARCH, all devices together (~40 answers): the rest is not sent. */
export const MAX_ANSWER_BYTES_PER_SEARCH = 16 * 1024;
/** How long an answer may wait for its socket before it is dropped as too late (UDA: within 1 s / MX). */
export const ANSWER_MAX_WAIT_MS = 1000;
/** Answer datagrams waiting per send path; beyond that new ones are dropped. */
export const ANSWER_QUEUE_MAX = 256;
