import { describe, expect, it } from 'vitest';
import {
  looksLikeDeviceDescription,
  rewriteDescription,
  selfAuthorities,
} from '../../../src/bridge/rewrite/description.js';
import type { RewriteContext } from '../../../src/bridge/rewrite/context.js';
import { minidlnaDescription } from '../../fixtures/upstreams/minidlna-like.js';

const ctx: RewriteContext = {
  upstreamAuthorities: new Set(['10.42.0.5:8200']),
  publicAuthority: '192.0.2.1:8080',
  prefix: '/u/k1',
};

describe('rewriteDescription: root-relative URLs keep resolving under /u/{key}', () => {
  it('UDA 1.1 §2.3: controlURL, eventSubURL, SCPDURL, icon url and presentationURL get the prefix; absolute self URLs are mapped', () => {
    const out = rewriteDescription(minidlnaDescription('http://10.42.0.5:8200', 'uuid:1', 'x'), ctx).text;
    expect(out).toContain('<controlURL>/u/k1/ctl/ContentDir</controlURL>');
    expect(out).toContain('<eventSubURL>/u/k1/evt/ContentDir</eventSubURL>');
    expect(out).toContain('<SCPDURL>/u/k1/ContentDir.xml</SCPDURL>');
    expect(out).toContain('<url>/u/k1/icons/sm.png</url>');
    expect(out).toContain('<presentationURL>http://192.0.2.1:8080/u/k1/</presentationURL>');
    expect(out).toContain('<manufacturerURL>http://www.netgear.com/</manufacturerURL>');
    expect(out).not.toContain('10.42.0.5');
  });

  it('URLBase (UDA 1.0), namespace prefixes, attributes, whitespace and CDATA are handled', () => {
    const text =
      '<root xmlns="urn:schemas-upnp-org:device-1-0"><URLBase>http://10.42.0.5:8200/</URLBase>' +
      '<d:controlURL a="1">\n  /ctl</d:controlURL><SCPDURL><![CDATA[/scpd.xml]]></SCPDURL></root>';
    expect(rewriteDescription(text, ctx).text).toBe(
      '<root xmlns="urn:schemas-upnp-org:device-1-0"><URLBase>http://192.0.2.1:8080/u/k1/</URLBase>' +
        '<d:controlURL a="1">\n  /u/k1/ctl</d:controlURL><SCPDURL><![CDATA[/u/k1/scpd.xml]]></SCPDURL></root>',
    );
  });

  it('relative URLs without a leading slash and protocol-relative URLs are not prefixed', () => {
    const text = '<root><SCPDURL>scpd.xml</SCPDURL><controlURL>//cdn.example/x</controlURL></root>';
    expect(rewriteDescription(text, ctx).text).toBe(text);
  });

  it('selfAuthorities learns the addresses a description uses for its own endpoints only', () => {
    const text = minidlnaDescription('http://10.42.0.5:8200', 'uuid:1', 'x').replace(
      '<controlURL>/ctl/ConnectionMgr',
      '<controlURL>http://Pod-B:9000/ctl',
    );
    expect(selfAuthorities(text).sort()).toEqual(['10.42.0.5:8200', 'pod-b:9000']);
  });

  it('looksLikeDeviceDescription tells descriptions from SOAP and SCPD', () => {
    expect(looksLikeDeviceDescription(minidlnaDescription('http://a:1', 'uuid:1', 'x'))).toBe(true);
    expect(looksLikeDeviceDescription('<scpd xmlns="urn:schemas-upnp-org:service-1-0"/>')).toBe(false);
    expect(
      looksLikeDeviceDescription(
        '<s:Envelope><Result>&lt;root xmlns="urn:schemas-upnp-org:device-1-0"&gt;</Result></s:Envelope>',
      ),
    ).toBe(false);
  });
});
