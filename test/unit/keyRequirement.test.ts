import * as assert from 'assert';
import { PRESETS } from '../../src/common/endpointPresets';
import { keyedHosts, lacksRequiredKey, missingKeyError, requiresApiKey } from '../../src/common/keyRequirement';
import { azureBaseUrl } from '../../src/features/setup/presets';

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

  it('every preset that says a key is required is keyed, and no keyless preset is', () => {
    for (const preset of PRESETS.filter((candidate) => candidate.baseUrl)) {
      const baseUrl = preset.id === 'azure' ? azureBaseUrl('my-res') : preset.baseUrl;
      assert.strictEqual(requiresApiKey(endpoint(baseUrl)), preset.key === 'required', `${preset.id} ${baseUrl}`);
      for (const host of preset.alsoHosts ?? []) assert.ok(requiresApiKey(endpoint(`https://${host}/v1`)), host);
    }
    assert.ok(requiresApiKey(endpoint('https://codestral.mistral.ai/v1')), 'a second host of a keyed preset');
    assert.ok(requiresApiKey(endpoint('https://api.groq.com/openai/v1')), 'a keyed provider without a preset');
  });

  it('the keyed hosts come from the presets: a new keyed preset needs no second list', () => {
    const hosts = keyedHosts([
      { baseUrl: 'https://api.new-provider.example/v1', key: 'required' },
      { baseUrl: 'https://{tenant}.hosted.example/v1', key: 'required', alsoHosts: ['fim.new-provider.example'] },
      { baseUrl: 'http://127.0.0.1:9000/v1', key: 'optional' },
      { baseUrl: 'http://127.0.0.1:9001/v1', key: 'none' },
    ]);
    assert.deepStrictEqual(hosts.sort(), ['.hosted.example', 'api.new-provider.example', 'fim.new-provider.example']);
  });
});
