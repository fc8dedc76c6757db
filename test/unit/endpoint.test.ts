import * as assert from 'assert';
import { endpointFromSetting, endpointId, isLocalEndpoint } from '../../src/common/endpoint';

describe('endpoint', () => {
  it('normalizes spelling variants of one base URL to one id', () => {
    const id = 'https://api.openai.com/v1';
    for (const variant of ['https://api.openai.com/v1', 'https://API.OpenAI.com/v1/', 'https://api.openai.com:443/v1//', ' https://api.openai.com/v1?x=1 ']) {
      assert.strictEqual(endpointId(variant), id, variant);
    }
    assert.strictEqual(endpointId('http://localhost:11434/v1/'), 'http://localhost:11434/v1');
    assert.notStrictEqual(endpointId('http://localhost:1234/v1'), endpointId('http://localhost:11434/v1'));
  });

  it('keeps unparsable input recognizable', () => {
    assert.strictEqual(endpointId('not a url/'), 'not a url');
  });

  it('treats loopback and private-network hosts as local', () => {
    for (const url of ['http://localhost:11434/v1', 'http://127.0.0.1:8080', 'http://[::1]:1234/v1', 'http://192.168.1.20:8000/v1', 'http://10.0.0.5/v1', 'http://172.20.1.1/v1', 'http://gpu-box.local:8000/v1']) {
      assert.ok(isLocalEndpoint(url), url);
    }
  });

  it('treats public hosts as paid', () => {
    for (const url of ['https://api.openai.com/v1', 'https://openrouter.ai/api/v1', 'http://172.32.0.1/v1', 'http://8.8.8.8/v1', 'nonsense']) {
      assert.ok(!isLocalEndpoint(url), url);
    }
  });

  it('builds an EndpointConfig from a setting without sharing the headers object', () => {
    const headers = { 'api-version': '2024-10-21' };
    const endpoint = endpointFromSetting({ baseUrl: 'https://Example.openai.azure.com/openai/', headers });
    assert.deepStrictEqual(endpoint, { id: 'https://example.openai.azure.com/openai', name: 'example.openai.azure.com', baseUrl: 'https://Example.openai.azure.com/openai/', headers });
    assert.notStrictEqual(endpoint.headers, headers);
    assert.strictEqual(endpointFromSetting({ name: 'Backup', baseUrl: 'http://localhost:8080', headers: {} }, 'k').apiKey, 'k');
  });
});
