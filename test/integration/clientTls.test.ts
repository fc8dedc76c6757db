// HTTPS endpoints with a private CA: untrusted by default, trusted through
// gearshift.network.caCertificates, or accepted with strict SSL turned off.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EndpointError } from '../../src/common/errors';
import { createClient } from '../../src/node/client';
import { endpointFor } from '../support/clientFixtures';
import { MOCK_DEFAULT_TEXT, startMockServer, type MockServer } from '../support/mockServer';
import { sealed } from '../support/sealed';

describe('client over HTTPS with a private certificate', function () {
  this.timeout(15_000);

  let dir: string;
  let certPath: string;
  let server: MockServer;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gearshift-tls-'));
    certPath = join(dir, 'cert.pem');
    const keyPath = join(dir, 'key.pem');
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', keyPath, '-out', certPath,
    ], { stdio: 'ignore' });
    server = await startMockServer({ tls: { key: readFileSync(keyPath, 'utf8'), cert: readFileSync(certPath, 'utf8') } });
  });
  after(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses the untrusted certificate with a message naming the settings', async () => {
    const client = createClient();
    try {
      await assert.rejects(client.chat(endpointFor(server), sealed({ model: 'm', messages: [] })), (error: EndpointError) => {
        assert.equal(error.reason, 'network');
        assert.match(error.message, /not trusted/);
        assert.match(error.message, /gearshift\.network\.caCertificates/);
        return true;
      });
      assert.equal(server.requests.length, 0);
    } finally {
      await client.dispose();
    }
  });

  it('trusts it through caCertificates', async () => {
    const client = createClient({ network: { caCertificates: [certPath] } });
    try {
      const result = await client.chat(endpointFor(server), sealed({ model: 'm', messages: [] }));
      assert.equal(result.text, MOCK_DEFAULT_TEXT);
    } finally {
      await client.dispose();
    }
  });

  it('accepts it when strict SSL is off', async () => {
    const client = createClient({ network: { strictSSL: false } });
    try {
      const result = await client.chat(endpointFor(server), sealed({ model: 'm', messages: [] }));
      assert.equal(result.text, MOCK_DEFAULT_TEXT);
    } finally {
      await client.dispose();
    }
  });
});
