// Chat's first send to a model the server has not described yet: the session asks the server its
// window before planning (src/features/chat/plan.ts), so the prompt is fitted to the window the
// server really runs, not the catalog's. Real HTTP to the local test server's profiles; the code
// attached is python3's own textwrap.py or configparser.py, read at run time.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { CONTEXT_PRIORITY, type ContextItem } from '../../src/common/chat/context';
import { isEndpointError } from '../../src/common/errors';
import { DISCOVERY_WAIT_MS } from '../../src/common/serverFacts';
import { createTokenizer } from '../../src/node/tokenizer';
import { sendChat } from '../support/chatSend';
import { closedPort } from '../support/clientFixtures';
import { generationRequests, promptText, startMockServer, type MockServer } from '../support/mockServer';
import { rigFor, stdlibFile, type Rig } from '../support/profileRig';
import { serverProfile } from '../support/profiles';
import { requestedOutput } from '../support/profiles/openaiLike';
import { tokensOf } from '../support/profiles/types';

describe('chat: the first send is planned against the window the server publishes', function () {
  this.timeout(30_000);
  const tokenizer = createTokenizer();
  const rigs: Rig[] = [];
  const servers: MockServer[] = [];
  const fresh = async (profile: Parameters<typeof startMockServer>[0], model: string) => {
    const server = await startMockServer(profile);
    servers.push(server);
    const rig = rigFor(server, model);
    rigs.push(rig);
    return rig;
  };
  const attached = (name: string): ContextItem => ({ id: 'file', kind: 'file', label: name, text: stdlibFile(name), priority: CONTEXT_PRIORITY.file, path: name });
  const count = (text: string, model: string) => tokenizer.count(text, model);
  const sentWithin = (server: MockServer, window: number) => {
    const requests = generationRequests(server);
    assert.equal(requests.length, 1, 'one generation request');
    const needed = tokensOf(promptText('chat', requests[0].body)) + requestedOutput(requests[0].body);
    assert.ok(needed <= window, `${needed} tokens within ${window}`);
    return promptText('chat', requests[0].body);
  };
  after(async () => {
    tokenizer.dispose();
    for (const rig of rigs) await rig.client.dispose();
    await Promise.all(servers.map((server) => server.close()));
  });

  it('vLLM at 4,096 tokens serving a model the catalog gives 32,768: the file is trimmed to fit and the question answered, not refused', async () => {
    const model = 'Qwen/Qwen2.5-Coder-1.5B';
    const rig = await fresh({ profile: serverProfile('vllm', { model, maxModelLen: 4096 }) }, model);
    rig.server.script({ reply: { text: 'It wraps and fills paragraphs.' } });
    const { prepared, routed } = await sendChat(rig, rig.config, 'fast', [attached('textwrap.py')], count);
    assert.equal(routed.result.text, 'It wraps and fills paragraphs.');
    assert.ok(prepared.kind === 'ready' && !prepared.sentItems.some((item) => item.id === 'file'), 'textwrap.py does not fit 4,096 tokens');
    assert.match(prepared.kind === 'ready' ? prepared.notice ?? '' : '', /textwrap\.py/, 'the user is told what was left out');
    sentWithin(rig.server, 4096);
  });

  it('LM Studio at 32,768 tokens serving a model the catalog does not know (8,192 assumed): the whole file is sent', async () => {
    const model = 'house-coder-q4';
    const rig = await fresh({ profile: serverProfile('lmstudio', { model, maxContextLength: 32768 }) }, model);
    const fileTokens = await tokenizer.count(stdlibFile('configparser.py'), model);
    assert.ok(fileTokens > 8192 && fileTokens * 1.5 < 32768, `configparser.py is ${fileTokens} tokens: more than the catalog's guess, well within the served window`);
    rig.server.script({ reply: { text: 'It parses INI files.' } });
    const { prepared, routed } = await sendChat(rig, rig.config, 'fast', [attached('configparser.py')], count);
    assert.equal(routed.result.text, 'It parses INI files.');
    assert.ok(prepared.kind === 'ready' && prepared.sentItems.some((item) => item.id === 'file'), 'configparser.py goes with the question');
    assert.ok(sentWithin(rig.server, 32768).includes('class RawConfigParser('), 'the file text reached the server');
  });

  it('a server that accepts its discovery questions and never answers them: the first send goes out once the discovery wait is over, the next at once', async () => {
    // Not a profile: a fault. Only the chat route answers (one OpenAI-style stream); the model
    // list, /props, /api/version and the rest are left open, as a hung or overloaded server does.
    const model = 'Qwen/Qwen2.5-Coder-1.5B';
    const chatsAt: number[] = [];
    const sockets = new Set<Socket>();
    const hung = http.createServer((req, res) => {
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') return;
      req.resume();
      req.on('end', () => {
        chatsAt.push(performance.now());
        const chunk = (delta: object, finish: string | null) => `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 0, model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.end(chunk({ role: 'assistant', content: 'It wraps text.' }, null) + chunk({}, 'stop') + 'data: [DONE]\n\n');
      });
    });
    hung.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
    const rig = rigFor({ url: `http://127.0.0.1:${(hung.address() as AddressInfo).port}/v1` } as MockServer, model);
    rigs.push(rig);
    try {
      const firstAt = performance.now();
      assert.equal((await sendChat(rig, rig.config, 'fast', [], count)).routed.result.text, 'It wraps text.');
      const secondAt = performance.now();
      assert.equal((await sendChat(rig, rig.config, 'fast', [], count)).routed.result.text, 'It wraps text.');
      // Each unanswered question takes the client's discovery timeout in turn (several seconds
      // each): waiting for all of them held the first send ~12 s, and the second ~8 s more.
      assert.ok(chatsAt[0] - firstAt < DISCOVERY_WAIT_MS + 2_000, `first send asked after ${Math.round(chatsAt[0] - firstAt)} ms`);
      assert.ok(chatsAt[1] - secondAt < 1_500, `second send asked after ${Math.round(chatsAt[1] - secondAt)} ms`);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => hung.close(resolve));
    }
  });

  it('an endpoint nobody listens on: the send is planned at once and fails with the connection error', async () => {
    const port = await closedPort();
    const rig = rigFor({ url: `http://127.0.0.1:${port}/v1` } as MockServer, 'Qwen/Qwen2.5-Coder-1.5B');
    rigs.push(rig);
    await assert.rejects(
      sendChat(rig, rig.config, 'fast', [attached('textwrap.py')], count),
      (error: unknown) => isEndpointError(error) && error.reason === 'network',
    );
  });
});

