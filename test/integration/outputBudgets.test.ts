// Issue 12: every user-started job's max_tokens fits the window the server really has, as the
// server counts the prompt. vLLM refuses with 400 when prompt + max_tokens exceeds max_model_len
// (test/support/profiles/vllm.ts, which counts ~4 characters per token, as an open-weight
// tokenizer counts code that tiktoken packs tighter). Real python3 stdlib files, read at run time.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { CONTEXT_PRIORITY, type ContextItem } from '../../src/common/chat/context';
import type { GearshiftConfig } from '../../src/common/config';
import { explainOutputTokens } from '../../src/common/docs/explainBudget';
import { explainFileMessages } from '../../src/common/docs/prompts';
import { isEndpointError } from '../../src/common/errors';
import { RewriteRefused } from '../../src/common/refactor/engine';
import { modelLimits } from '../../src/common/refactor/routedGenerate';
import { withServerFacts } from '../../src/common/serverFacts';
import { createTokenizer } from '../../src/node/tokenizer';
import { sendChat } from '../support/chatSend';
import { promptText, startMockServer, type MockServer } from '../support/mockServer';
import { rigFor, routerFor, type Rig } from '../support/profileRig';
import { serverProfile } from '../support/profiles';
import { requestedOutput } from '../support/profiles/openaiLike';
import { tokensOf } from '../support/profiles/types';
import { sealed } from '../support/sealed';

const STDLIB = execFileSync('python3', ['-c', 'import sysconfig;print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();
const stdlib = (name: string) => fs.readFileSync(path.join(STDLIB, name), 'utf8');

/** What the server counted and was asked for in the last generation request. */
function lastDemand(server: MockServer): { prompt: number; output: number } {
  const request = server.requests.filter((r) => r.body?.messages).at(-1)!;
  return { prompt: tokensOf(promptText('chat', request.body)), output: requestedOutput(request.body) };
}

describe('output budgets: max_tokens fits the real window as vLLM counts the prompt', function () {
  this.timeout(60_000);
  const tokenizer = createTokenizer();
  const rigs: Rig[] = [];
  const servers: MockServer[] = [];
  const vllm = async (model: string, maxModelLen: number) => {
    const server = await startMockServer({ profile: serverProfile('vllm', { model, maxModelLen }) });
    servers.push(server);
    const rig = rigFor(server, model);
    rigs.push(rig);
    await rig.servers.ensure(rig.endpoint, [model]);
    return { rig, config: withServerFacts(rig.config, rig.servers.peek(rig.endpoint.id)) };
  };
  after(async () => {
    tokenizer.dispose();
    for (const rig of rigs) await rig.client.dispose();
    await Promise.all(servers.map((s) => s.close()));
  });

  it('explain: abc.py near a 4,096-token window is answered, though the server counts its prompt longer than tiktoken', async () => {
    const model = 'Qwen/Qwen2.5-Coder-1.5B';
    const { rig, config } = await vllm(model, 4096);
    const messages = explainFileMessages('abc.py', 'python', stdlib('abc.py'));
    const promptTokens = await tokenizer.count(messages.map((m) => m.content as string).join('\n'), model);
    const serverCount = tokensOf(messages.map((m) => m.content as string).join('\n'));
    assert.ok(serverCount > promptTokens, `the server counts ${serverCount}, we count ${promptTokens}: the case this test is about`);
    const limits = modelLimits(config, model);
    assert.equal(limits.contextWindow, 4096, 'the published max_model_len');
    const maxTokens = explainOutputTokens('abc.py', limits, promptTokens);
    rig.server.script({ reply: { text: '## abc.py\n\nAbstract base classes.' } });
    const routed = await routerFor(rig).run({
      job: 'explain', tier: 'large', promptTokens, maxOutputTokens: maxTokens,
      execute: (target) => rig.client.chat(target.endpoint, sealed({ model, messages, maxTokens: target.maxOutputTokens ?? maxTokens })),
    });
    assert.match(routed.result.text, /Abstract base classes/);
    const sent = lastDemand(rig.server);
    assert.ok(sent.prompt + sent.output <= 4096, `${sent.prompt} + ${sent.output} within 4,096`);
    assert.ok(sent.output >= 2048, `room left to explain: ${sent.output}`);
  });

  it('explain: a file the window cannot hold with room to explain is refused with the numbers and what to do, nothing sent', async () => {
    const model = 'Qwen/Qwen2.5-Coder-1.5B';
    const { rig, config } = await vllm(model, 4096);
    const before = rig.server.requests.length;
    const messages = explainFileMessages('shlex.py', 'python', stdlib('shlex.py'));
    const promptTokens = await tokenizer.count(messages.map((m) => m.content as string).join('\n'), model);
    assert.throws(() => explainOutputTokens('shlex.py', modelLimits(config, model), promptTokens), (error: unknown) => {
      assert.ok(error instanceof RewriteRefused);
      assert.match(error.message, /shlex\.py needs [\d,]+ prompt tokens .* reads at most 4,096\. Explain a smaller file, or set gearshift\.models\.large/);
      return true;
    });
    assert.equal(rig.server.requests.length, before);
  });

  const chat = async (rig: Rig, config: GearshiftConfig, selection: string, items: ContextItem[]) => {
    const sent = await sendChat(rig, config, selection, items, (text, model) => tokenizer.count(text, model));
    return { ...sent, sent: lastDemand(rig.server) };
  };

  const fileItem = (name: string, priority: number): ContextItem => ({ id: name, kind: 'file', label: name, text: stdlib(name), priority, path: name });

  it('chat: a fast-tier question with a stdlib file on a 4,096-token server is trimmed to fit and answered, not refused', async () => {
    const model = 'Qwen/Qwen2.5-Coder-1.5B';
    const { rig, config } = await vllm(model, 4096);
    rig.server.script({ reply: { text: 'It wraps text.' } });
    const { prepared, routed, sent } = await chat(rig, config, 'fast', [fileItem('bisect.py', CONTEXT_PRIORITY.file), fileItem('textwrap.py', CONTEXT_PRIORITY.file - 1)]);
    assert.equal(routed.result.text, 'It wraps text.');
    assert.match(prepared.notice ?? '', /Trimmed to fit .* left out textwrap\.py/);
    assert.ok(sent.prompt + sent.output <= 4096, `${sent.prompt} + ${sent.output} within 4,096`);
  });

  it('chat: a large-tier chat on a 32,768-token model with maxTokens.large 32,768 sends what the window leaves', async () => {
    const model = 'Qwen/Qwen2.5-Coder-32B-Instruct';
    const { rig, config } = await vllm(model, 32_768);
    // The user says the model writes up to its whole window, as its model card does.
    config.models.overrides = { ...config.models.overrides, [model]: { ...config.models.overrides[model], maxOutput: 32_768 } };
    assert.equal(config.maxTokens.large, 32_768);
    const files = ['textwrap.py', 'heapq.py', 'calendar.py'];
    rig.server.script({ reply: { text: 'A tour of three modules.' } });
    const { prepared, routed, sent } = await chat(rig, config, 'large', files.map((name, index) => fileItem(name, CONTEXT_PRIORITY.file - index)));
    assert.equal(routed.result.text, 'A tour of three modules.');
    assert.ok(sent.prompt + sent.output <= 32_768, `${sent.prompt} + ${sent.output} within 32,768`);
    assert.ok(sent.output >= 32_768 / 4, `a quarter of the window kept for the answer: ${sent.output}`);
    assert.equal(prepared.plan.kind, 'fits');
  });

  it('chat: the same chat with every file it can hold still fits as the server counts', async () => {
    const model = 'Qwen/Qwen2.5-Coder-32B-Instruct';
    const { rig, config } = await vllm(model, 32_768);
    const files = ['textwrap.py', 'heapq.py', 'calendar.py', 'shlex.py', 'string.py', 'glob.py', 'fnmatch.py', 'getopt.py', 'abc.py', 'bisect.py', 'colorsys.py'];
    rig.server.script({ reply: { text: 'Eleven modules.' } });
    const { prepared, routed, sent } = await chat(rig, config, 'large', files.map((name, index) => fileItem(name, CONTEXT_PRIORITY.file - index)));
    assert.equal(routed.result.text, 'Eleven modules.');
    assert.equal(prepared.plan.kind, 'trim', 'more than the window: the lowest-priority files are left out');
    assert.ok(sent.prompt + sent.output <= 32_768, `${sent.prompt} + ${sent.output} within 32,768`);
  });

  it('chat: when the server still refuses, the user gets its reason and the action to choose a model', async () => {
    const model = 'Qwen/Qwen2.5-Coder-1.5B';
    const { rig } = await vllm(model, 4096);
    // A prompt the server counts far longer than we say (e.g. a mis-set tokenizer): vLLM's 400.
    const text = 'x '.repeat(9000);
    await assert.rejects(
      routerFor(rig).run({
        job: 'chat', tier: 'large', promptTokens: 1000, maxOutputTokens: 1024,
        execute: (target) => rig.client.chat(target.endpoint, sealed({ model, messages: [{ role: 'user', content: text }], maxTokens: target.maxOutputTokens })),
      }),
      (error: unknown) => isEndpointError(error) && error.reason === 'context-too-long' && error.actions.includes('choose-model') && /maximum context length is 4096/.test(error.message),
    );
  });
});
