import * as assert from 'assert';
import type { ProbeResult } from '../../../src/common/llm';
import { chosenTransport } from '../../../src/common/inline/transport';
import { probeDetails, probeHeadline, probeReportMarkdown, workingTransports } from '../../../src/features/setup/probeReport';

const result: ProbeResult = {
  endpointId: 'http://127.0.0.1:11434/v1',
  model: 'qwen2.5-coder:1.5b',
  at: 0,
  models: ['qwen2.5-coder:1.5b', 'qwen2.5-coder:7b'],
  chat: { ok: true, latencyMs: 231.6 },
  transports: {
    'fim-template': { ok: false, error: { reason: 'unsupported-parameter', message: 'suffix is not supported' } },
    'completions-suffix': { ok: true, latencyMs: 120 },
    'infill': { ok: false, detail: '404 Not Found' },
    'chat': { ok: true },
  },
};

describe('Test Endpoint report', () => {
  it('lists the transports that work', () => {
    assert.deepStrictEqual(workingTransports(result), ['completions-suffix', 'chat']);
  });

  it('summarizes models, chat latency and the inline transport in one line', () => {
    assert.strictEqual(
      probeHeadline(result, 'Ollama'),
      'Ollama · qwen2.5-coder:1.5b: 2 models listed, chat ok in 232 ms, inline via /completions with suffix.',
    );
  });

  it('says when the model is not listed, chat failed, or only chat works for inline', () => {
    const failed: ProbeResult = {
      ...result,
      model: 'gpt-5',
      chat: { ok: false, error: { reason: 'model-not-found', message: 'The model gpt-5 does not exist' } },
      transports: { chat: { ok: false } },
    };
    const headline = probeHeadline(failed, 'OpenAI');
    assert.match(headline, /2 models listed \(gpt-5 not among them\)/);
    assert.match(headline, /chat failed: The model gpt-5 does not exist/);
    assert.match(headline, /inline via chat \(no FIM transport\)/);
    assert.match(probeHeadline({ ...result, models: undefined }, 'x'), /model list unavailable/);
  });

  it('gives one log line per check with the reason a transport does not work', () => {
    const lines = probeDetails(result);
    assert.strictEqual(lines[0], 'Test Endpoint http://127.0.0.1:11434/v1 model qwen2.5-coder:1.5b');
    assert.ok(lines.includes('  chat: ok (232 ms)'));
    assert.ok(lines.includes('  raw FIM template on /completions: no — suffix is not supported'));
    assert.ok(lines.includes('  llama.cpp /infill: no — 404 Not Found'));
    assert.ok(lines.includes('  /completions with suffix: ok (120 ms)'));
  });

  it('the report: one row per capability with verdict and latency, the server found, and the transport chosen with the reason', () => {
    const probed: ProbeResult = {
      ...result,
      server: { kind: 'ollama', contextWindow: 4096 },
      transports: { ...result.transports, infill: { ok: false, error: { reason: 'model-not-found', message: 'route | not\nfound' } } },
    };
    const chosen = chosenTransport(probed.endpointId, probed.model, { fimFormat: 'qwen', chatOnly: false, known: true, serverKind: 'ollama' }, 'auto', probed);
    assert.deepStrictEqual(chosen, { transport: 'completions-suffix', why: 'it worked in the test; first in the order for Ollama servers' });
    const markdown = probeReportMarkdown('Ollama', 'http://127.0.0.1:11434/v1', [{ result: probed, roles: ['inline', 'fast (chat)'], chosen }], new Date(Date.UTC(2026, 11, 1, 17, 0, 5)));
    const lines = markdown.split('\n');
    assert.strictEqual(lines[0], '# Test Endpoint: Ollama');
    assert.ok(lines.includes('`http://127.0.0.1:11434/v1` · tested 2026-12-01 17:00:05 UTC'));
    assert.ok(lines.includes('| Kind | Ollama |'));
    assert.ok(lines.includes('| Context window | 4,096 tokens |'));
    assert.ok(lines.includes('| Parallel slots | not published |'));
    assert.ok(lines.includes('## qwen2.5-coder:1.5b — inline, fast (chat)'));
    assert.ok(lines.includes('Models: 2 models listed, qwen2.5-coder:1.5b among them.'));
    assert.ok(lines.includes('| Chat | /chat/completions | works | 232 ms |  |'));
    assert.ok(lines.includes('| Inline | raw FIM template on /completions | **fails** | — | suffix is not supported |'));
    assert.ok(lines.includes('| Inline | llama.cpp /infill | **fails** | — | route \\| not found |'), 'pipes and line breaks of server text cannot break the table');
    assert.ok(lines.includes('**Inline suggestions use /completions with suffix**: it worked in the test; first in the order for Ollama servers.'));
  });

  it('the chosen transport names a user setting and a chat fallback as such', () => {
    const facts = { fimFormat: 'none' as const, chatOnly: false, known: false };
    assert.deepStrictEqual(chosenTransport('e', 'm', facts, 'infill'), { transport: 'infill', why: 'set in gearshift.inline.transport' });
    const nothing: ProbeResult = { ...result, transports: { 'completions-suffix': { ok: false }, infill: { ok: false } } };
    assert.strictEqual(chosenTransport('e', 'm', facts, 'auto', nothing).transport, 'chat');
    assert.match(chosenTransport('e', 'm', facts, 'auto', nothing).why, /no fill-in-the-middle transport worked/);
  });
});
