import * as assert from 'assert';
import type { ProbeResult } from '../../../src/common/llm';
import { probeDetails, probeHeadline, workingTransports } from '../../../src/features/setup/probeReport';

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
});
