#!/usr/bin/python3
# A real control point on a UPnP stack we did not write: GUPnP 1.6 (GSSDP
# discovery, GUPnP ControlPoint + ServiceProxy for SOAP) and GUPnP-AV's
# DIDL-Lite parser, through PyGObject. Run headless inside a TV's namespace:
#
#   gupnp-browse.py IFACE UDN [SECONDS]
#
# It searches for urn:schemas-upnp-org:device:MediaServer:1 on IFACE, waits
# for the device whose UDN is UDN, browses its ContentDirectory depth-first
# (BrowseDirectChildren, pages of 2 items: StartingIndex/RequestedCount),
# fetches the first item's first <res> with a byte range (Python's http.client,
# not our code either), and prints one JSON object on stdout:
#   {"location", "friendlyName", "containers": [...], "items": [{"id","title","url","size"}],
#    "fetched": {"url", "status", "contentRange", "sha256", "bytes"}}
# Exit 0 when all that worked, 1 with {"error": ...} otherwise.
import hashlib
import http.client
import json
import sys
import urllib.parse

import gi

gi.require_version('GSSDP', '1.6')
gi.require_version('GUPnP', '1.6')
gi.require_version('GUPnPAV', '1.0')
from gi.repository import GLib, GObject, GSSDP, GUPnP, GUPnPAV  # noqa: E402

MEDIA_SERVER = 'urn:schemas-upnp-org:device:MediaServer:1'
CONTENT_DIRECTORY = 'urn:schemas-upnp-org:service:ContentDirectory:1'
RANGE = (100, 1099)
PAGE = 2


def browse_page(proxy, object_id, start):
    """One BrowseDirectChildren page through GUPnP's ServiceProxy; (didl, returned, total)."""
    action = GUPnP.ServiceProxyAction.new_from_list(
        'Browse',
        ['ObjectID', 'BrowseFlag', 'Filter', 'StartingIndex', 'RequestedCount', 'SortCriteria'],
        [object_id, 'BrowseDirectChildren', '*', start, PAGE, ''],
    )
    proxy.call_action(action, None)
    ok, values = action.get_result_list(
        ['Result', 'NumberReturned', 'TotalMatches'], [GObject.TYPE_STRING, GObject.TYPE_UINT, GObject.TYPE_UINT]
    )
    if not ok:
        raise RuntimeError('Browse %s: no result' % object_id)
    return values[0], values[1], values[2]


def browse_all(proxy, object_id, depth, out):
    start = 0
    while True:
        didl, returned, total = browse_page(proxy, object_id, start)
        parser = GUPnPAV.DIDLLiteParser.new()
        children = []

        def on_container(_parser, container):
            out['containers'].append(container.get_id())
            children.append(container.get_id())

        def on_item(_parser, item):
            resources = item.get_resources()
            if resources:
                out['items'].append({'id': item.get_id(), 'title': item.get_title(), 'url': resources[0].get_uri(), 'size': resources[0].get_size64()})

        parser.connect('container-available', on_container)
        parser.connect('item-available', on_item)
        parser.parse_didl(didl)
        for child in children:
            if depth > 0:
                browse_all(proxy, child, depth - 1, out)
        start += returned
        if returned == 0 or start >= total:
            return


def fetch_range(url):
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=10)
    path = parts.path + ('?' + parts.query if parts.query else '')
    conn.request('GET', path, headers={'Range': 'bytes=%d-%d' % RANGE, 'transferMode.dlna.org': 'Streaming'})
    res = conn.getresponse()
    body = res.read()
    conn.close()
    return {'url': url, 'status': res.status, 'contentRange': res.getheader('Content-Range'), 'sha256': hashlib.sha256(body).hexdigest(), 'bytes': len(body)}


def main():
    if len(sys.argv) < 3:
        print('usage: gupnp-browse.py IFACE UDN [SECONDS]', file=sys.stderr)
        return 2
    iface, udn = sys.argv[1], sys.argv[2]
    seconds = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    loop = GLib.MainLoop()
    result = {'error': 'no MediaServer with %s answered within %d s' % (udn, seconds)}

    def on_device(_cp, device):
        nonlocal result
        if device.get_udn() != udn:
            return
        try:
            out = {'location': device.get_location(), 'friendlyName': device.get_friendly_name(), 'containers': [], 'items': []}
            service = device.get_service(CONTENT_DIRECTORY)
            if service is None:
                raise RuntimeError('no ContentDirectory service')
            browse_all(service, '0', 8, out)
            if not out['items']:
                raise RuntimeError('no item with a resource under 0')
            out['fetched'] = fetch_range(out['items'][0]['url'])
            result = out
        except Exception as err:  # reported as JSON: the test shows it
            result = {'error': '%s: %s' % (type(err).__name__, err)}
        loop.quit()

    context = GUPnP.Context.new_full(iface, None, 0, GSSDP.UDAVersion.VERSION_1_0)
    control_point = GUPnP.ControlPoint.new(context, MEDIA_SERVER)
    control_point.connect('device-proxy-available', on_device)
    control_point.set_active(True)
    GLib.timeout_add_seconds(seconds, loop.quit)
    loop.run()
    print(json.dumps(result))
    return 1 if 'error' in result else 0


if __name__ == '__main__':
    sys.exit(main())
