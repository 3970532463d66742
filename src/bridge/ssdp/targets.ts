// The notification targets of one root device: what a round announces and what
// a search can match. UDA 1.1 §1.1.2: a root device with d embedded devices and
// k distinct service types sends 3 + 2d + k messages per round. Pure.
import type { DeviceDescription } from '../upnp/description.js';

/** One message of a round: its NT (the ST in a search answer) and its USN. */
export interface Target {
  nt: string;
  usn: string;
  /** The UDN of the device the target belongs to (the USN's uuid part). */
  udn: string;
}

export class TargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetError';
  }
}

// Printable ASCII without spaces; "::" would make a USN ambiguous.
const UDN = /^uuid:[\x21-\x7e]+$/;
const URN = /^urn:[\x21-\x7e]+$/;

function checkUdn(udn: string): string {
  if (!UDN.test(udn) || udn.slice(5).includes('::'))
    throw new TargetError(`UDN not usable in SSDP: ${JSON.stringify(udn)}`);
  return udn;
}

function checkUrn(urn: string): string {
  if (!URN.test(urn)) throw new TargetError(`type not usable in SSDP: ${JSON.stringify(urn)}`);
  return urn;
}

/** The 3 + 2d + k targets of a described root device, in announcement order. */
export function targetsOf(description: DeviceDescription): Target[] {
  const root = description.root;
  const rootUdn = checkUdn(root.udn);
  const targets: Target[] = [
    { nt: 'upnp:rootdevice', usn: `${rootUdn}::upnp:rootdevice`, udn: rootUdn },
    { nt: rootUdn, usn: rootUdn, udn: rootUdn },
    { nt: checkUrn(root.deviceType), usn: `${rootUdn}::${root.deviceType}`, udn: rootUdn },
  ];
  const seen = new Set([rootUdn.toLowerCase()]);
  for (const dev of description.embedded) {
    const udn = checkUdn(dev.udn);
    if (seen.has(udn.toLowerCase())) throw new TargetError(`UDN ${udn} appears twice in one description`);
    seen.add(udn.toLowerCase());
    targets.push({ nt: udn, usn: udn, udn }, { nt: checkUrn(dev.deviceType), usn: `${udn}::${dev.deviceType}`, udn });
  }
  for (const type of description.serviceTypes)
    targets.push({ nt: checkUrn(type), usn: `${rootUdn}::${type}`, udn: rootUdn });
  return targets;
}

/** "uuid:X::urn:..." -> "uuid:X": the device a USN belongs to. */
export function udnOfUsn(usn: string): string {
  const i = usn.indexOf('::');
  return i < 0 ? usn : usn.slice(0, i);
}

/** The first `max` targets (root, then embedded devices, then service types) and how many were left out. */
export function capTargets(targets: readonly Target[], max: number): { kept: Target[]; dropped: number } {
  return { kept: targets.slice(0, max), dropped: Math.max(0, targets.length - max) };
}
