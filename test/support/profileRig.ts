// One endpoint's worth of the extension's plumbing (client, discovery cache, router, inline engine)
// pointed at a local server, as the profile tests use it: realServers and profileMatrix.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CONFIG, type GearshiftConfig } from '../../src/common/config';
import { endpointFromSetting } from '../../src/common/endpoint';
import { OutboundGate } from '../../src/common/gate';
import type { ContextChunk } from '../../src/common/inline/context';
import { InlineEngine } from '../../src/common/inline/engine';
import type { EndpointConfig } from '../../src/common/llm';
import { silentLogger } from '../../src/common/logger';
import { createRouter } from '../../src/common/routerImpl';
import { ServerFactsCache, withServerFacts } from '../../src/common/serverFacts';
import { createClient, type GearshiftClient } from '../../src/node/client';
import { ctxFromMarked } from '../unit/inline/helpers';
import type { MockServer } from './mockServer';

export const noLedger = { record: () => undefined, summary: () => Promise.reject(new Error('unused')) };

export interface Rig {
  server: MockServer;
  client: GearshiftClient;
  endpoint: EndpointConfig;
  config: GearshiftConfig;
  servers: ServerFactsCache;
}

export function rigFor(server: MockServer, model: string, apiKey?: string): Rig {
  const config = structuredClone(DEFAULT_CONFIG);
  config.endpoint.baseUrl = server.url;
  config.models.fast = model;
  config.models.large = model;
  config.inline.throttleMs = 0;
  config.inline.speculative = 'off';
  const client = createClient();
  const servers = new ServerFactsCache((endpoint, models, signal) => client.discover(endpoint, models, signal), silentLogger);
  return { server, client, endpoint: endpointFromSetting(config.endpoint, apiKey), config, servers };
}

/** The rig's router; `withDiscovery` false plans without what the server publishes. */
export function routerFor(rig: Rig, withDiscovery = true) {
  return createRouter({ config: () => rig.config, endpoints: async () => [rig.endpoint], ledger: noLedger, log: silentLogger, servers: withDiscovery ? rig.servers : undefined });
}

export function engineFor(rig: Rig, withDiscovery = true): InlineEngine {
  return new InlineEngine({
    client: rig.client,
    router: routerFor(rig, withDiscovery),
    config: () => withServerFacts(rig.config, rig.servers.peek(rig.endpoint.id)),
    estimateTokens: (text) => Math.ceil(text.length / 3.5),
    log: silentLogger,
    server: (id) => rig.servers.peek(id),
    gate: new OutboundGate({ isExcluded: () => false }),
  });
}

/** A manual inline request in a small Python function, cursor after `return `. */
export const askInline = (engine: InlineEngine, context?: () => ContextChunk[]) =>
  engine.provide({ ctx: ctxFromMarked('def area(r):\n    return ‸\n\nprint(area(2))\n', 'python'), signal: new AbortController().signal, manual: true, context });

/** A module of python3's standard library, read at test time: code nobody here wrote. */
export function stdlibFile(name: string): string {
  const stdlib = execFileSync('python3', ['-c', 'import sysconfig;print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();
  return fs.readFileSync(path.join(stdlib, name), 'utf8');
}

/** python3's own textwrap.py. */
export function stdlibTextwrap(): string {
  return stdlibFile('textwrap.py');
}

/** One top-level function of textwrap.py (from `def name(` to the next top-level def). */
export function stdlibFunction(name: string): string {
  const source = stdlibTextwrap();
  const start = source.indexOf(`def ${name}(`);
  if (start < 0) throw new Error(`textwrap.py has no ${name}()`);
  const end = source.indexOf('\ndef ', start + 1);
  return source.slice(start, end < 0 ? undefined : end);
}

/** textwrap.dedent as an inline context chunk. */
export function stdlibChunk(): ContextChunk {
  return { kind: 'definition', path: 'lib/textwrap.py', startLine: 1, text: stdlibFunction('dedent'), score: 1 };
}
