import * as assert from 'assert';
import { EndpointError } from '../../../src/common/errors';
import type { LedgerRecord, RequestRecord } from '../../../src/common/ledger';
import type { EndpointConfig, GenerationResult, LlmClient } from '../../../src/common/llm';
import { recordingClient } from '../../../src/features/setup/recordingClient';
import { sealed } from '../../support/sealed';

const endpoint: EndpointConfig = { id: 'https://api.openai.com/v1', name: 'OpenAI', baseUrl: 'https://api.openai.com/v1', headers: {}, apiKey: 'sk-x' };

function result(model: string): GenerationResult {
  return {
    text: 'OK',
    usage: { promptTokens: 1_000_000, cachedPromptTokens: 0, completionTokens: 500_000, reported: true },
    finishReason: 'stop',
    ttftMs: 120,
    durationMs: 150,
    endpointId: endpoint.id,
    model,
  };
}

/** A client whose chat succeeds and whose completions fail with 401. */
const client: LlmClient = {
  chat: async (_endpoint, request) => result(request.model),
  complete: async () => {
    throw new EndpointError({ reason: 'auth', message: 'rejected the API key', status: 401 });
  },
  infill: async () => {
    throw new Error('socket hang up');
  },
  fim: async (_endpoint, request) => result(request.model),
  listModels: async () => ['gpt-4.1-mini'],
};

describe('Test Endpoint usage recording', () => {
  it('records each generation as a probe request with tokens, timing and catalog cost', async () => {
    const records: LedgerRecord[] = [];
    const recording = recordingClient(client, { record: (record) => records.push(record), summary: async () => { throw new Error('unused'); } }, {
      tier: 'fast',
      overrides: {},
      now: () => 1000,
    });
    await recording.chat(endpoint, sealed({ model: 'gpt-4.1-mini', messages: [{ role: 'user', content: 'hi' }] }));
    assert.strictEqual(records.length, 1);
    const record = records[0] as RequestRecord;
    assert.deepStrictEqual(
      { ...record, costUsd: Math.round(record.costUsd * 100) / 100 },
      {
        kind: 'request', at: 1000, job: 'probe', tier: 'fast', model: 'gpt-4.1-mini', endpointId: endpoint.id,
        promptTokens: 1_000_000, cachedPromptTokens: 0, completionTokens: 500_000, ttftMs: 120, durationMs: 150,
        outcome: 'ok', costUsd: 1.2, // $0.40 per 1M in + $1.60 per 1M out × 0.5
      },
    );
  });

  it('records failures with their reason and no cost, and still throws them', async () => {
    const records: LedgerRecord[] = [];
    let clock = 1000;
    const recording = recordingClient(client, { record: (record) => records.push(record), summary: async () => { throw new Error('unused'); } }, {
      tier: 'large',
      overrides: { 'my-model': { priceIn: 100, priceOut: 100 } },
      now: () => (clock += 40),
    });
    await assert.rejects(recording.complete(endpoint, sealed({ model: 'my-model', prompt: 'x', suffix: 'y' })), /rejected the API key/);
    await assert.rejects(recording.infill(endpoint, sealed({ model: 'my-model', inputPrefix: 'x', inputSuffix: 'y' })), /socket hang up/);
    assert.deepStrictEqual(
      records.map((record) => [(record as RequestRecord).outcome, (record as RequestRecord).costUsd, (record as RequestRecord).durationMs, (record as RequestRecord).tier]),
      [['auth', 0, 40, 'large'], ['bad-response', 0, 40, 'large']],
    );
  });

  it('does not record listing models (no tokens)', async () => {
    const records: LedgerRecord[] = [];
    const recording = recordingClient(client, { record: (record) => records.push(record), summary: async () => { throw new Error('unused'); } }, { tier: 'fast', overrides: {} });
    assert.deepStrictEqual(await recording.listModels(endpoint), ['gpt-4.1-mini']);
    assert.strictEqual(records.length, 0);
  });
});
