// A real HTTP CONNECT proxy in its own process (as a corporate proxy would be): prints
// `listening <port>` once ready and `tunnel <host:port>` for every tunnel it opens. Hosts named in
// GEARSHIFT_PROXY_HOSTS (`name=ip,…`) resolve to the given address, so a test can reach its local
// server under a non-loopback name that only the proxy knows.
import * as http from 'node:http';
import * as net from 'node:net';

const aliases = new Map((process.env.GEARSHIFT_PROXY_HOSTS ?? '').split(',').filter(Boolean).map((pair) => pair.split('=')));
const server = http.createServer((_req, res) => res.writeHead(405).end());
server.on('connect', (req, client) => {
  process.stdout.write(`tunnel ${req.url}\n`);
  const [host, port] = (req.url ?? '').split(':');
  const upstream = net.connect(Number(port), aliases.get(host) ?? host, () => {
    client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    upstream.pipe(client);
    client.pipe(upstream);
  });
  upstream.on('error', () => client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n'));
  client.on('error', () => upstream.destroy());
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`listening ${server.address().port}\n`));
process.on('SIGTERM', () => process.exit(0));
