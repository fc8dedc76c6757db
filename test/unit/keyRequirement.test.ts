import * as assert from 'assert';
import { lacksRequiredKey, missingKeyError, requiresApiKey } from '../../src/common/keyRequirement';

const endpoint = (baseUrl: string, headers: Record<string, string> = {}, apiKey?: string) => ({
  id: baseUrl,
  name: new URL(baseUrl).hostname,
  baseUrl,
  headers,
  ...(apiKey ? { apiKey } : {}),
});

describe('key requirement: no keyless request to a provider that needs a key', () => {
  it('hosted providers need a key; local servers and unknown hosts do not', () => {
    assert.ok(requiresApiKey(endpoint('https://api.openai.com/v1')));
    assert.ok(requiresApiKey(endpoint('https://my-res.openai.azure.com/openai/v1')));
    assert.ok(requiresApiKey(endpoint('https://OpenRouter.ai/api/v1')));
    assert.ok(!requiresApiKey(endpoint('http://127.0.0.1:11434/v1')));
    assert.ok(!requiresApiKey(endpoint('https://llm.corp.example/v1')));
    // A look-alike host is not the provider.
    assert.ok(!requiresApiKey(endpoint('https://api.openai.com.evil.example/v1')));
  });

  it('a credential header (Azure api-key, a bearer token) counts as a key', () => {
    assert.ok(!requiresApiKey(endpoint('https://my-res.openai.azure.com/openai/v1', { 'Api-Key': 'x' })));
    assert.ok(!requiresApiKey(endpoint('https://api.openai.com/v1', { Authorization: 'Bearer x' })));
    assert.ok(requiresApiKey(endpoint('https://api.openai.com/v1', { 'OpenAI-Organization': 'org' })));
  });

  it('only an endpoint without its key lacks it; the error offers Set API Key and says nothing was sent', () => {
    assert.ok(lacksRequiredKey(endpoint('https://api.openai.com/v1')));
    assert.ok(!lacksRequiredKey(endpoint('https://api.openai.com/v1', {}, 'sk-1')));
    const error = missingKeyError(endpoint('https://api.openai.com/v1'));
    assert.strictEqual(error.reason, 'auth');
    assert.strictEqual(error.actions[0], 'set-api-key');
    assert.match(error.message, /No API key is set for api\.openai\.com.*nothing was sent/);
  });
});
