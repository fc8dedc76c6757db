// Issue 13 item 9: every job through the real client, against every server profile over real HTTP —
// chat, routing with the discovered window, inline (on the transport that server supports), the
// probe, docs and refactor (the server's own wire format, and a file longer than its context).
import * as assert from 'node:assert/strict';
import { docsStrategy } from '../../src/common/docs/prompts';
import { EndpointError } from '../../src/common/errors';
import { chosenTransport } from '../../src/common/inline/transport';
import type { FimTransport } from '../../src/common/llm';
import { lookupModel } from '../../src/common/catalog';
import { RewriteRefused } from '../../src/common/refactor/engine';
import { refactorStrategy } from '../../src/common/refactor/prompts';
import { probeEndpoint } from '../../src/node/probe';
import { CONTEXT_PRIORITY, type ContextItem } from '../../src/common/chat/context';
import { withServerFacts } from '../../src/common/serverFacts';
import { sendChat } from '../support/chatSend';
import { generationRequests, promptText, startMockServer, type MockServer, type RecordedRequest } from '../support/mockServer';
import { requestedOutput } from '../support/profiles/openaiLike';
import { askInline, engineFor, rigFor, routerFor, stdlibFunction, stdlibTextwrap, type Rig } from '../support/profileRig';
import { PROFILE_MODELS, PROFILE_NAMES, serverProfile, type ProfileName } from '../support/profiles';
import { tokensOf } from '../support/profiles/types';
import { sealed } from '../support/sealed';
import { codeSent, createHarness, runAgainstMock, type Harness } from './docsHarness';

interface Expected {
  /** The context window planning uses: what the server publishes, else the catalog's. */
  window: number;
  /** The transport inline uses on the first request, before any probe. */
  inline: FimTransport;
  /** The transport the probe's verdicts choose. */
  probed: FimTransport;
  /** Where one symbol of textwrap.py cannot fit the window, the refusal (with its numbers). */
  refactorRefused?: RegExp;
}

const EXPECTED: Record<ProfileName, Expected> = {
  llamacpp: { window: 2048, inline: 'infill', probed: 'infill', refactorRefused: /one symbol of [\d,]+ tokens that cannot be split; .* needs [\d,]+ tokens, but models\/tiny-random\.gguf reads at most 2,048/ },
  vllm: { window: 4096, inline: 'fim-template', probed: 'fim-template' },
  ollama: { window: 4096, inline: 'fim-template', probed: 'fim-template' },
  lmstudio: { window: 32768, inline: 'fim-template', probed: 'fim-template' },
  // OpenRouter takes `suffix` and drops it (not an OpenRouter parameter): the probe sees it ignored.
  openrouter: { window: 32768, inline: 'chat', probed: 'chat' },
  openai: { window: 1_047_576, inline: 'chat', probed: 'chat' },
};

/** textwrap.dedent without its docstring: the docs job has something to write. */
const undocumented = (code: string) => code.replace(/^(def \w+\([^)]*\):\n)\s+"""[\s\S]*?"""\n/gm, '$1');
const documented = (code: string) => code.replace(/^(def (\w+)\([^)]*\):\n)/gm, '$1    """Document $2."""\n');
/** A refactor any model could be asked for: rename the parameter `text` to `source` everywhere. */
const renamed = (code: string) => code.replace(/\btext\b/g, 'source');
/** Answers the chat requests of a job (docs and refactor send nothing else). */
const chatOnly = (answer: (request: RecordedRequest) => string) => (request: RecordedRequest) => (request.body?.messages ? { text: answer(request) } : undefined);
const fenced = (code: string) => `\`\`\`python\n${code}\n\`\`\``;

describe('profile matrix: every job against every server profile', function () {
  this.timeout(30_000);
  const servers = new Map<ProfileName, MockServer>();
  const rigs: Rig[] = [];
  let harness: Harness;
  before(async () => {
    harness = createHarness();
    for (const name of PROFILE_NAMES) servers.set(name, await startMockServer({ profile: serverProfile(name) }));
  });
  after(async () => {
    await harness.dispose();
    await Promise.all([...servers.values()].map((s) => s.close()));
  });
  afterEach(async () => {
    for (const made of rigs.splice(0)) await made.client.dispose();
    for (const server of servers.values()) server.reset();
  });

  for (const name of PROFILE_NAMES) {
    describe(name, () => {
      const want = EXPECTED[name];
      const model = PROFILE_MODELS[name];
      const rig = () => {
        const made = rigFor(servers.get(name)!, model);
        rigs.push(made);
        return made;
      };
      const server = () => servers.get(name)!;

      it('client: a streamed chat answer arrives in full', async () => {
        const made = rig();
        made.server.script({ reply: { text: 'Use textwrap.dedent to strip the common indent.' } });
        const deltas: string[] = [];
        const answer = await made.client.chat(made.endpoint, sealed({ model, messages: [{ role: 'user', content: 'how do I dedent?' }], onDelta: (d: string) => deltas.push(d) }));
        assert.equal(answer.text, 'Use textwrap.dedent to strip the common indent.');
        assert.ok(deltas.length > 1, `streamed in ${deltas.length} piece(s)`);
        assert.equal(made.server.requests.at(-1)?.body.stream, true);
      });

      it(`router: plans with a ${want.window.toLocaleString('en-US')}-token window`, async () => {
        const made = rig();
        await made.servers.ensure(made.endpoint, [model]);
        const router = routerFor(made);
        made.server.script({ reply: { text: 'ok' } });
        const fits = await router.run({
          job: 'chat', tier: 'fast', promptTokens: Math.floor(want.window / 2), maxOutputTokens: 256,
          execute: (t) => made.client.chat(t.endpoint, sealed({ model: t.model, messages: [{ role: 'user', content: 'hi' }] })),
        });
        assert.equal(fits.result.text, 'ok');
        assert.equal(fits.target.model, model);
        assert.equal(fits.escalated, false);
        await assert.rejects(
          router.run({ job: 'chat', tier: 'fast', promptTokens: want.window + 1, maxOutputTokens: 256, execute: () => Promise.reject(new Error('must not be sent')) }),
          (error: unknown) => error instanceof EndpointError && error.reason === 'context-too-long' && error.message.includes(want.window.toLocaleString('en-US')),
        );
      });

      it('chat: a question with textwrap.py attached is planned to the window and answered, prompt + max_tokens within it as this server counts', async () => {
        const made = rig();
        await made.servers.ensure(made.endpoint, [model]);
        const config = withServerFacts(made.config, made.servers.peek(made.endpoint.id));
        made.server.script({ reply: { text: 'dedent strips the common indentation.' } });
        const items: ContextItem[] = [
          { id: 'sel', kind: 'selection', label: 'dedent', text: stdlibFunction('dedent'), priority: CONTEXT_PRIORITY.selection },
          { id: 'file', kind: 'file', label: 'textwrap.py', text: stdlibTextwrap(), priority: CONTEXT_PRIORITY.file },
        ];
        const { routed, prepared } = await sendChat(made, config, 'fast', items, (text, name) => harness.tokenizer.count(text, name));
        assert.equal(routed.result.text, 'dedent strips the common indentation.');
        assert.equal(prepared.kind === 'ready' && prepared.sentItems.some((item) => item.id === 'file'), tokensOf(stdlibTextwrap()) * 1.5 < want.window, 'the whole file goes only where the window holds it');
        for (const request of generationRequests(made.server)) {
          const needed = tokensOf(promptText('chat', request.body)) + requestedOutput(request.body);
          assert.ok(needed <= want.window, `${needed} tokens within ${want.window}`);
        }
      });

      it(`inline: the first request shows a suggestion over ${want.inline}`, async () => {
        const made = rig();
        made.server.setResponder(() => ({ text: 'r * r' }));
        const suggestion = await askInline(engineFor(made));
        assert.equal(suggestion?.text, 'r * r');
        assert.equal(suggestion?.meta?.transport, want.inline);
      });

      it(`probe: verdicts fit the server and choose ${want.probed}`, async () => {
        const made = rig();
        const { info, known } = lookupModel(model);
        const result = await probeEndpoint(made.client, made.endpoint, model, undefined, { fimFormat: info.fimFormat });
        assert.equal(result.chat.ok, true);
        assert.equal(result.server?.kind, name);
        const chosen = chosenTransport(made.endpoint.id, model, { fimFormat: info.fimFormat, chatOnly: info.chatOnly, known, serverKind: result.server?.kind }, 'auto', result);
        assert.equal(chosen.transport, want.probed, JSON.stringify(result.transports));
      });

      it('docs: a stdlib function gets its docstring through this server\'s wire format', async () => {
        server().setResponder(chatOnly((request) => fenced(documented(codeSent(request)))));
        const text = undocumented(stdlibFunction('dedent'));
        assert.ok(!text.includes('"""'));
        const { result } = await runAgainstMock(harness, {
          servers: [server()], discover: true,
          config: (c) => { c.models.fast = model; c.models.large = model; },
          task: { text, languageId: 'python', strategy: docsStrategy({ target: { kind: 'file' }, style: 'pep257-google', rewriteExisting: false }) },
        });
        assert.deepEqual(result.leftUnchanged, []);
        assert.equal(result.text, documented(text));
      });

      it(want.refactorRefused ? 'refactor: textwrap.py is refused with numbers, nothing sent' : 'refactor: the whole of textwrap.py, split as the window needs, comes back renamed', async () => {
        server().setResponder(chatOnly((request) => fenced(renamed(codeSent(request)))));
        const text = stdlibTextwrap();
        const run = runAgainstMock(harness, {
          servers: [server()], discover: true,
          config: (c) => { c.models.fast = model; c.models.large = model; },
          task: { text, languageId: 'python', strategy: refactorStrategy('Rename the parameter text to source') },
        });
        if (want.refactorRefused) {
          await assert.rejects(run, (error: unknown) => error instanceof RewriteRefused && want.refactorRefused!.test(error.message));
          assert.deepEqual(generationRequests(server()), []);
          return;
        }
        const { result } = await run;
        assert.deepEqual(result.leftUnchanged, []);
        assert.equal(result.text, renamed(text));
        // Every part's prompt and output cap, as this server counts them, fit its window.
        for (const request of generationRequests(server())) {
          const needed = tokensOf(JSON.stringify(request.body.messages)) + (request.body.max_tokens ?? request.body.max_completion_tokens ?? 0);
          assert.ok(needed <= want.window, `${needed} tokens within ${want.window}`);
        }
        assert.equal(result.mode === 'parts', tokensOf(text) * 2 > want.window, `mode ${result.mode} for a ${tokensOf(text)}-token file`);
      });
    });
  }
});
