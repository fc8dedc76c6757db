// Shared fixtures for the client tests: a mock server, a client, an endpoint pointing at it.
import type { EndpointConfig } from '../../src/common/llm';
import type { Logger } from '../../src/common/logger';
import { createClient, type GearshiftClient } from '../../src/node/client';
import { startMockServer, type MockServer } from './mockServer';

export function endpointFor(server: MockServer, extra: Partial<EndpointConfig> = {}): EndpointConfig {
  return { id: server.url, name: 'mock', baseUrl: server.url, headers: {}, ...extra };
}

/** A logger that keeps every line, to assert what was (not) logged. */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const record = (message: string | Error, ...args: unknown[]) => {
    lines.push([String(message), ...args.map((arg) => (arg instanceof Error ? `${arg.message} ${String(arg.cause ?? '')}` : JSON.stringify(arg)))].join(' '));
  };
  return { lines, trace: record, debug: record, info: record, warn: record, error: record };
}

/** Resolves when `condition` holds, polling; rejects after `ms`. */
export async function eventually(condition: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const net = await import('node:net');
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as import('node:net').AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface ClientRig {
  server: MockServer;
  client: GearshiftClient;
  endpoint: EndpointConfig;
}

/**
 * Mocha hooks for a client suite: one local server for the suite, and per test a reset server,
 * a new client (disposed after the test) and an endpoint pointing at the server.
 */
export function useClientAgainstMock(): ClientRig {
  const rig = {} as ClientRig;
  before(async () => {
    rig.server = await startMockServer();
  });
  after(() => rig.server.close());
  beforeEach(() => {
    rig.server.reset();
    rig.client = createClient();
    rig.endpoint = endpointFor(rig.server);
  });
  afterEach(() => rig.client.dispose());
  return rig;
}
