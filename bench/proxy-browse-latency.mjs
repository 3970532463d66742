// A ContentDirectory Browse answer of 1,000 items (minidlna-style: the
// upstream's own address in every <res>, inside escaped DIDL-Lite) fetched
// straight from the upstream and through the proxy (which buffers and rewrites
// it): latency p50/p99 each way and the latency the proxy adds.
// Target: added p99 <= 5 ms.
// Usage: node bench/proxy-browse-latency.mjs [--requests 300] [--items 1000]
import http from 'node:http';
import os from 'node:os';
import { isMainThread } from 'node:worker_threads';
import { upstreamAndProxy, sizeFlag, percentile } from './proxy-lib/setup.mjs';

const TARGET_ADDED_P99_MS = 5;
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
let body;

/** The upstream (in its worker): one fixed Browse response naming its own address. */
export function serve(req, res, { items }) {
  if (!body) {
    const self = `http://127.0.0.1:${req.socket.localPort}`;
    let didl =
      '<DIDL-Lite xmlns="urn:schemas-upnp-org:metadata-1-0/DIDL-Lite/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:upnp="urn:schemas-upnp-org:metadata-1-0/upnp/">';
    for (let i = 0; i < items; i++) {
      didl +=
        `<item id="64$${i}" parentID="64" restricted="1"><dc:title>Clip ${i} &amp; friends</dc:title><upnp:class>object.item.videoItem</upnp:class>` +
        `<upnp:albumArtURI>${self}/AlbumArt/${i}-22.jpg</upnp:albumArtURI>` +
        `<res size="734003200" duration="0:42:00.000" protocolInfo="http-get:*:video/x-matroska:DLNA.ORG_OP=01;DLNA.ORG_CI=0">${self}/MediaItems/${i}.mkv</res></item>`;
    }
    didl += '</DIDL-Lite>';
    body = Buffer.from(
      '<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>' +
        `<u:BrowseResponse xmlns:u="urn:schemas-upnp-org:service:ContentDirectory:1"><Result>${esc(didl)}</Result>` +
        `<NumberReturned>${items}</NumberReturned><TotalMatches>${items}</TotalMatches><UpdateID>1</UpdateID></u:BrowseResponse></s:Body></s:Envelope>`,
    );
  }
  req.resume();
  req.on('end', () => {
    // /raw: the same bytes as a type the proxy never rewrites, to tell the hop from the rewrite.
    const type = req.url.endsWith('/raw') ? 'application/octet-stream' : 'text/xml; charset="utf-8"';
    res.writeHead(200, { 'Content-Type': type, 'Content-Length': body.length });
    res.end(body);
  });
}

const SOAP =
  '<?xml version="1.0"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><u:Browse xmlns:u="urn:schemas-upnp-org:service:ContentDirectory:1">' +
  '<ObjectID>64</ObjectID><BrowseFlag>BrowseDirectChildren</BrowseFlag><Filter>*</Filter><StartingIndex>0</StartingIndex><RequestedCount>0</RequestedCount><SortCriteria></SortCriteria></u:Browse></s:Body></s:Envelope>';

/** `keep`: the answer's text (for the check); timed requests only count bytes, so the client's own work stays small. */
function browse(url, agent, keep = false) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'Content-Type': 'text/xml', SOAPACTION: '"urn:schemas-upnp-org:service:ContentDirectory:1#Browse"' },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => (keep ? chunks.push(c) : undefined));
        res.on('end', () =>
          resolve({
            ms: Number(process.hrtime.bigint() - t0) / 1e6,
            text: keep ? Buffer.concat(chunks).toString('latin1') : '',
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(SOAP);
  });
}

async function main() {
  const requests = sizeFlag(process.argv, '--requests', 300);
  const items = sizeFlag(process.argv, '--items', 1000);
  const env = await upstreamAndProxy(import.meta.url, { items });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const direct = [];
  const proxied = [];
  const passthrough = [];
  let size;
  try {
    const check = await browse(`${env.proxyOrigin}/ctl/ContentDir`, agent, true);
    if (check.text.includes(env.upstreamOrigin)) throw new Error('proxy answer still names the upstream');
    size = check.text.length;
    for (let i = 0; i < 20; i++) await browse(`${env.upstreamOrigin}/ctl/ContentDir`, agent); // warm-up
    for (let i = 0; i < requests; i++) {
      direct.push((await browse(`${env.upstreamOrigin}/ctl/ContentDir`, agent)).ms);
      proxied.push((await browse(`${env.proxyOrigin}/ctl/ContentDir`, agent)).ms);
      passthrough.push((await browse(`${env.proxyOrigin}/ctl/raw`, agent)).ms);
    }
  } finally {
    agent.destroy();
    await env.close();
  }
  direct.sort((a, b) => a - b);
  proxied.sort((a, b) => a - b);
  passthrough.sort((a, b) => a - b);
  const p = (xs, q) => percentile(xs, q).toFixed(2);
  console.log(
    `proxy-browse-latency: Browse of ${items} items (${(size / 1024).toFixed(0)} KiB rewritten), ${requests} requests each way, keep-alive, loopback`,
  );
  console.log(`  direct:        p50 ${p(direct, 50)} ms   p99 ${p(direct, 99)} ms`);
  console.log(`  through proxy: p50 ${p(proxied, 50)} ms   p99 ${p(proxied, 99)} ms`);
  console.log(
    `  proxy, same bytes not rewritten (hop only): p50 ${p(passthrough, 50)} ms   p99 ${p(passthrough, 99)} ms`,
  );
  console.log(
    `  added:         p50 ${(percentile(proxied, 50) - percentile(direct, 50)).toFixed(2)} ms   p99 ${(percentile(proxied, 99) - percentile(direct, 99)).toFixed(2)} ms`,
  );
  console.log(`  ratio p50 proxy/direct: ${(percentile(proxied, 50) / percentile(direct, 50)).toFixed(2)}`);
  const addedP99 = percentile(proxied, 99) - percentile(direct, 99);
  console.log(
    `  target: added p99 <= ${TARGET_ADDED_P99_MS} ms; target met: ${addedP99 <= TARGET_ADDED_P99_MS ? 'yes' : 'no'} (load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores)`,
  );
}

if (isMainThread) await main();
