// Real-world SSDP messages (as captured from the stacks named) and a small
// description, shared by the codec, fuzz and engine tests.
import type { DeviceDescription } from '../../../src/bridge/upnp/description.js';

const crlf = (lines: string[]): string => lines.join('\r\n') + '\r\n\r\n';

export const REAL_MESSAGES: Record<string, string> = {
  // minidlna 1.3 NOTIFY alive
  minidlnaAlive: crlf([
    'NOTIFY * HTTP/1.1',
    'HOST:239.255.255.250:1900',
    'CACHE-CONTROL:max-age=1810',
    'LOCATION:http://198.51.100.2:8200/rootDesc.xml',
    'SERVER: Debian DLNADOC/1.50 UPnP/1.0 MiniDLNA/1.3.3',
    'NT:urn:schemas-upnp-org:device:MediaServer:1',
    'USN:uuid:4d696e69-444c-164e-9d41-b827eb000001::urn:schemas-upnp-org:device:MediaServer:1',
    'NTS:ssdp:alive',
  ]),
  // Jellyfin (Rssdp) NOTIFY byebye
  jellyfinByebye: crlf([
    'NOTIFY * HTTP/1.1',
    'HOST: 239.255.255.250:1900',
    'DATE: Tue, 03 Jun 2025 10:00:00 GMT',
    'NT: upnp:rootdevice',
    'NTS: ssdp:byebye',
    'SERVER: Linux/5.15 UPnP/1.0 RSSDP/1.0',
    'USN: uuid:9a2c1f37-1e1a-4b5c-8f44-2f3c0aa4b001::upnp:rootdevice',
  ]),
  // gssdp-discover M-SEARCH
  gssdpSearch: crlf([
    'M-SEARCH * HTTP/1.1',
    'Host: 239.255.255.250:1900',
    'Man: "ssdp:discover"',
    'ST: urn:schemas-upnp-org:device:MediaServer:1',
    'MX: 3',
    'User-Agent: GSSDP/1.6.3 GUPnP/1.6.6 Linux',
  ]),
  // A Samsung TV's search, bare LF and lower-case names
  tvSearchLf: [
    'M-SEARCH * HTTP/1.1',
    'host: 239.255.255.250:1900',
    'man: "ssdp:discover"',
    'mx: 2',
    'st: ssdp:all',
    '',
    '',
  ].join('\n'),
  // miniupnpd search response
  searchResponse: crlf([
    'HTTP/1.1 200 OK',
    'CACHE-CONTROL: max-age=120',
    'ST: upnp:rootdevice',
    'USN: uuid:aaaa-bbbb::upnp:rootdevice',
    'EXT:',
    'SERVER: OpenWRT/22.03 UPnP/1.1 MiniUPnPd/2.3.0',
    'LOCATION: http://192.0.2.1:5000/rootDesc.xml',
    'OPT: "http://schemas.upnp.org/upnp/1/0/"; ns=01',
    '01-NLS: 1',
    'BOOTID.UPNP.ORG: 1',
    'CONFIGID.UPNP.ORG: 1337',
  ]),
};

export const MEDIA_SERVER: DeviceDescription = {
  root: {
    udn: 'uuid:11111111-2222-3333-4444-555555555555',
    deviceType: 'urn:schemas-upnp-org:device:MediaServer:1',
    friendlyName: 'Test Media',
    modelName: 'Test Model',
  },
  embedded: [],
  serviceTypes: ['urn:schemas-upnp-org:service:ContentDirectory:1', 'urn:schemas-upnp-org:service:ConnectionManager:1'],
};

/** A version-2 root with one embedded device (d = 1) and three service types (k = 3). */
export const NESTED_SERVER: DeviceDescription = {
  root: { udn: 'uuid:root-0001', deviceType: 'urn:schemas-upnp-org:device:MediaServer:2', friendlyName: 'Nested' },
  embedded: [
    { udn: 'uuid:child-0002', deviceType: 'urn:schemas-upnp-org:device:MediaRenderer:1', friendlyName: 'Child' },
  ],
  serviceTypes: [
    'urn:schemas-upnp-org:service:ContentDirectory:2',
    'urn:schemas-upnp-org:service:ConnectionManager:1',
    'urn:schemas-upnp-org:service:AVTransport:1',
  ],
};

export function descriptionXml(d: DeviceDescription = MEDIA_SERVER): string {
  const services = d.serviceTypes
    .map(
      (t) =>
        `<service><serviceType>${t}</serviceType><serviceId>urn:upnp-org:serviceId:${t.split(':')[3]}</serviceId><SCPDURL>/scpd.xml</SCPDURL><controlURL>/ctl</controlURL><eventSubURL>/evt</eventSubURL></service>`,
    )
    .join('');
  return `<?xml version="1.0"?>
<root xmlns="urn:schemas-upnp-org:device-1-0"><specVersion><major>1</major><minor>1</minor></specVersion>
<device><deviceType>${d.root.deviceType}</deviceType><friendlyName>${d.root.friendlyName}</friendlyName><manufacturer>test</manufacturer><modelName>${d.root.modelName ?? 'm'}</modelName><UDN>${d.root.udn}</UDN><serviceList>${services}</serviceList></device></root>`;
}
