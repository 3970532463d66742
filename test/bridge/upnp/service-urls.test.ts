import { describe, expect, it } from 'vitest';
import { DescriptionError, MAX_DESCRIPTION_BYTES } from '../../../src/bridge/upnp/description.js';
import { parseServiceUrls } from '../../../src/bridge/upnp/service-urls.js';

const service = (type: string, ctl: string, evt: string, scpd: string): string =>
  `<service><serviceType>${type}</serviceType><serviceId>x</serviceId><SCPDURL>${scpd}</SCPDURL><controlURL>${ctl}</controlURL><eventSubURL>${evt}</eventSubURL></service>`;

const description = (urlBase = ''): string => `<?xml version="1.0"?>
<root xmlns="urn:schemas-upnp-org:device-1-0">${urlBase}
  <device><deviceType>urn:schemas-upnp-org:device:MediaServer:1</deviceType><UDN>uuid:a</UDN>
    <serviceList>${service('urn:schemas-upnp-org:service:ContentDirectory:1', '/ctl/ContentDir', '/evt/ContentDir', '/ContentDir.xml')}</serviceList>
    <deviceList><device><deviceType>urn:x:device:Sub:1</deviceType><UDN>uuid:b</UDN>
      <serviceList>${service('urn:x:service:Sub:1', 'sub/ctl', 'http://198.51.100.2:9000/evt', 'sub.xml')}</serviceList>
    </device></deviceList>
  </device>
</root>`;

describe('UPnP service URLs from a device description', () => {
  it('UDA 1.1 §2.3: relative URLs resolve against LOCATION (root-relative and path-relative), embedded devices included', () => {
    expect(parseServiceUrls(description(), 'http://198.51.100.2:8200/rootDesc.xml')).toEqual([
      {
        serviceType: 'urn:schemas-upnp-org:service:ContentDirectory:1',
        controlUrl: 'http://198.51.100.2:8200/ctl/ContentDir',
        eventSubUrl: 'http://198.51.100.2:8200/evt/ContentDir',
        scpdUrl: 'http://198.51.100.2:8200/ContentDir.xml',
      },
      {
        serviceType: 'urn:x:service:Sub:1',
        controlUrl: 'http://198.51.100.2:8200/sub/ctl',
        eventSubUrl: 'http://198.51.100.2:9000/evt',
        scpdUrl: 'http://198.51.100.2:8200/sub.xml',
      },
    ]);
  });

  it('UDA 1.0 §2.1: URLBase, when present, is the base instead of LOCATION', () => {
    const urls = parseServiceUrls(
      description('<URLBase>http://192.0.2.10:8200/u/k/</URLBase>'),
      'http://198.51.100.2:8200/rootDesc.xml',
    );
    expect(urls[0]!.controlUrl).toBe('http://192.0.2.10:8200/ctl/ContentDir');
    expect(urls[1]!.controlUrl).toBe('http://192.0.2.10:8200/u/k/sub/ctl');
  });

  it('hostile descriptions are refused like the description parser refuses them (DOCTYPE, size)', () => {
    const doctype = `<!DOCTYPE root [<!ENTITY a "aaaa">]>${description()}`;
    expect(() => parseServiceUrls(doctype, 'http://198.51.100.2/')).toThrow(DescriptionError);
    expect(() => parseServiceUrls(`<root>${' '.repeat(MAX_DESCRIPTION_BYTES)}</root>`, 'http://198.51.100.2/')).toThrow(
      DescriptionError,
    );
    expect(() => parseServiceUrls('<notroot/>', 'http://198.51.100.2/')).toThrow(/no <root> element/);
  });
});
