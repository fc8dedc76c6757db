// The chat's request path against the local OpenAI-compatible server: slash commands and context
// chips become the prompt, images are gated on vision support, oversized prompts are trimmed by
// priority or escalate to the large tier, and Stop aborts the HTTP request.
import assert from 'node:assert/strict';
import { get_encoding } from 'tiktoken';
import { lookupModel } from '../../src/common/catalog';
import { CHAT_SYSTEM_PROMPT, CONTEXT_PRIORITY, codeBlock, type ContextItem } from '../../src/common/chat/context';
import { prepareChat, type ModelSlot, type PrepareInput } from '../../src/common/chat/prepare';
import { DEFAULT_CONFIG, type GearshiftConfig } from '../../src/common/config';
import { isEndpointError } from '../../src/common/errors';
import type { LedgerRecord } from '../../src/common/ledger';
import type { ChatMessage } from '../../src/common/llm';
import { silentLogger } from '../../src/common/logger';
import { createRouter } from '../../src/common/routerImpl';
import { createClient, type GearshiftClient } from '../../src/node/client';
import { endpointFor, eventually } from '../support/clientFixtures';
import { startMockServer, type MockServer } from '../support/mockServer';
import { sealed } from '../support/sealed';

const encoding = get_encoding('o200k_base');
const count = async (text: string): Promise<number> => encoding.encode_ordinary(text).length;

const OVERRIDES = {
  'tiny-model': { contextWindow: 2_000, maxOutput: 500 },
  'small-fast': { contextWindow: 3_000, maxOutput: 500 },
};

function slot(name: string, maxOutputTokens = 500): ModelSlot {
  return { name, info: lookupModel(name, OVERRIDES).info, maxOutputTokens };
}

function item(kind: ContextItem['kind'], label: string, text: string, priority: number): ContextItem {
  return { id: `${kind}-${label}`, kind, label, text, priority };
}

const SELECTION = item('selection', 'parse.ts:3-5', `Selected code from \`parse.ts\` (lines 3-5):\n${codeBlock('const n = parseInt(s);\nreturn n + 1;', 'typescript')}`, CONTEXT_PRIORITY.selection);
const BIG_FILE = item('file', 'big.ts', `File \`big.ts\`:\n${codeBlock('export const value = 42;\n'.repeat(400), 'typescript')}`, CONTEXT_PRIORITY.file);
const IMAGE: ContextItem = { id: 'img', kind: 'image', label: 'screenshot.png', text: '', priority: CONTEXT_PRIORITY.image, imageUrl: 'data:image/png;base64,iVBORw0KGgo=' };

describe('chat requests against the local server', () => {
  let server: MockServer;
  let client: GearshiftClient;
  let records: LedgerRecord[];
  let config: GearshiftConfig;

  before(async () => {
    server = await startMockServer();
    client = createClient();
  });
  after(async () => {
    await client.dispose();
    await server.close();
    encoding.free();
  });
  beforeEach(() => {
    server.reset();
    records = [];
    config = { ...DEFAULT_CONFIG, models: { ...DEFAULT_CONFIG.models, fast: 'small-fast', large: 'gpt-4.1', overrides: OVERRIDES } };
  });

  function router() {
    return createRouter({
      config: () => config,
      endpoints: async () => [endpointFor(server)],
      ledger: { record: (record) => records.push(record), summary: async () => { throw new Error('unused'); } },
      log: silentLogger,
    });
  }

  async function run(messages: ChatMessage[], promptTokens: number, model: ModelSlot, options: { allowEscalation?: boolean; signal?: AbortSignal; onDelta?: (text: string) => void } = {}) {
    return router().run({
      job: 'chat',
      tier: 'fast',
      model: model.name,
      promptTokens,
      maxOutputTokens: model.maxOutputTokens,
      allowEscalation: options.allowEscalation ?? false,
      retry: true,
      signal: options.signal,
      execute: (target) => client.chat(target.endpoint, sealed({ model: target.model, messages, maxTokens: target.maxOutputTokens, signal: options.signal, onDelta: options.onDelta })),
    });
  }

  function input(rawText: string, items: ContextItem[], model: ModelSlot, extra: Partial<PrepareInput> = {}): PrepareInput {
    return { rawText, items, history: [], model, count, ...extra };
  }

  it('sends a slash command with its context chip: system prompt, chip block, then the instruction', async () => {
    server.script({ reply: { text: 'Use Number.parseInt with a radix.' } });
    const prepared = await prepareChat(input('/fix it returns NaN', [SELECTION], slot('gpt-4.1-mini')));
    assert.equal(prepared.kind, 'ready');
    if (prepared.kind !== 'ready') return;
    const routed = await run(prepared.messages, prepared.promptTokens, slot('gpt-4.1-mini'));
    assert.equal(routed.result.text, 'Use Number.parseInt with a radix.');
    const body = server.requests[0].body;
    assert.equal(body.model, 'gpt-4.1-mini');
    assert.equal(body.messages[0].role, 'system');
    assert.equal(body.messages[0].content, CHAT_SYSTEM_PROMPT);
    const user: string = body.messages[1].content;
    assert.ok(user.startsWith('Selected code from `parse.ts` (lines 3-5):\n```typescript\nconst n = parseInt(s);'), user);
    assert.match(user, /Find the cause of the problem in the attached code[\s\S]*\n\nit returns NaN$/);
    assert.equal(records.length, 1, 'one ledger record');
    assert.equal(records[0].kind === 'request' && records[0].job, 'chat');
  });

  it('refuses images for a text-only model without any request, and sends them as image parts to a vision model', async () => {
    const refused = await prepareChat(input('what is wrong here?', [IMAGE], slot('qwen2.5-coder:7b')));
    assert.equal(refused.kind, 'refused');
    assert.match(refused.kind === 'refused' ? refused.reason : '', /text-only model and cannot read images/);
    assert.equal(server.requests.length, 0);

    const prepared = await prepareChat(input('what is wrong here?', [SELECTION, IMAGE], slot('gpt-4.1-mini')));
    assert.equal(prepared.kind, 'ready');
    if (prepared.kind !== 'ready') return;
    await run(prepared.messages, prepared.promptTokens, slot('gpt-4.1-mini'));
    const content = server.requests[0].body.messages[1].content;
    assert.ok(Array.isArray(content));
    assert.equal(content[0].type, 'text');
    assert.match(content[0].text, /parse\.ts[\s\S]*what is wrong here\?$/);
    assert.deepEqual(content[1], { type: 'image_url', image_url: { url: IMAGE.imageUrl } });
  });

  it('over the window, drops history first and then the lowest-priority chip; the selection survives', async () => {
    const history = [{ user: 'earlier question '.repeat(30), assistant: 'earlier answer '.repeat(30) }];
    const model = slot('tiny-model');
    const prepared = await prepareChat(input('why?', [BIG_FILE, SELECTION], model, { history }));
    assert.equal(prepared.kind, 'ready');
    if (prepared.kind !== 'ready') return;
    assert.equal(prepared.plan.kind, 'trim');
    assert.equal(prepared.notice, "Trimmed to fit tiny-model's window: left out big.ts, 1 earlier exchange.");
    assert.ok(prepared.promptTokens <= 1_500);
    await run(prepared.messages, prepared.promptTokens, model);
    const sent = server.requests[0].body.messages;
    assert.equal(sent.length, 2, 'system + user: the old exchange was dropped');
    assert.match(sent[1].content, /parse\.ts/);
    assert.doesNotMatch(sent[1].content, /big\.ts/);
    const exact = await count(CHAT_SYSTEM_PROMPT) + await count(sent[1].content);
    assert.ok(Math.abs(prepared.promptTokens - exact) <= 16, `plan ${prepared.promptTokens} vs exact ${exact}`);
  });

  it('escalates to the large tier with a notice when the fast model is too small but the large one fits', async () => {
    const model = slot('small-fast');
    const prepared = await prepareChat(input('summarize', [BIG_FILE, BIG_FILE, SELECTION].map((chip, index) => ({ ...chip, id: `${chip.id}-${index}` })), model, { escalation: slot('gpt-4.1') }));
    assert.equal(prepared.kind, 'ready');
    if (prepared.kind !== 'ready') return;
    assert.equal(prepared.plan.kind, 'escalate');
    assert.match(prepared.notice!, /do not fit small-fast: sent to the large model gpt-4\.1\./);
    const routed = await run(prepared.messages, prepared.promptTokens, model, { allowEscalation: true });
    assert.equal(routed.escalated, true);
    assert.equal(server.requests[0].body.model, 'gpt-4.1');
    assert.match(server.requests[0].body.messages[1].content, /big\.ts[\s\S]*big\.ts/, 'nothing was trimmed');
  });

  it('Stop aborts the HTTP request mid-stream', async () => {
    server.script({ reply: { text: 'word '.repeat(400), tokensPerSecond: 40, ttftMs: 10 } });
    const controller = new AbortController();
    let streamed = '';
    const prepared = await prepareChat(input('explain', [], slot('gpt-4.1-mini')));
    assert.equal(prepared.kind, 'ready');
    if (prepared.kind !== 'ready') return;
    const running = run(prepared.messages, prepared.promptTokens, slot('gpt-4.1-mini'), {
      signal: controller.signal,
      onDelta: (text) => {
        streamed += text;
        if (streamed.length > 20) controller.abort();
      },
    });
    const outcome = await running.then((routed) => routed.result.finishReason, (error: unknown) => (isEndpointError(error) ? error.reason : String(error)));
    assert.ok(outcome === 'cancelled' || outcome === 'aborted-by-client', `outcome ${outcome}`);
    await eventually(() => server.requests[0]?.clientClosed === true, 3000);
    assert.ok(streamed.length < 400 * 5, 'the stream stopped early');
    assert.equal(server.requests.length, 1, 'a cancelled request is not retried');
  });
});
