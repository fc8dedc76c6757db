import * as assert from 'assert';
import { createCliEngine } from '../../src/cli/engine';
import { generationRequests, startMockServer, type MockServer } from '../support/mockServer';
import { sealed } from '../support/sealed';

describe('cli engine', function () {
  this.timeout(30_000);
  let server: MockServer;
  before(async () => (server = await startMockServer()));
  after(() => server.close());

  it('reads endpoint, key and tier models from the environment', async () => {
    const engine = createCliEngine({}, { GEARSHIFT_BASE_URL: server.url, GEARSHIFT_API_KEY: 'sk-cli-test', GEARSHIFT_FAST_MODEL: 'qwen2.5-coder:7b-base', GEARSHIFT_LARGE_MODEL: 'gpt-4.1' });
    try {
      assert.strictEqual(engine.endpoint.baseUrl, server.url);
      assert.deepStrictEqual([engine.config.models.fast, engine.config.models.large], ['qwen2.5-coder:7b-base', 'gpt-4.1']);
      const prompt = 'Say hello';
      const routed = await engine.router.run({
        job: 'chat', tier: 'fast', promptTokens: await engine.tokenizer.count(prompt, 'qwen2.5-coder:7b-base'),
        execute: (target) => engine.client.chat(target.endpoint, sealed({ model: target.model, messages: [{ role: 'user', content: prompt }] })),
      });
      assert.ok(routed.result.text.length > 0);
      const [request] = generationRequests(server);
      assert.strictEqual(request.headers.authorization, 'Bearer sk-cli-test');
      assert.strictEqual(request.body.model, 'qwen2.5-coder:7b-base');
    } finally {
      await engine.dispose();
    }
  });

  it('lets flags win over the environment; --model sets every tier', async () => {
    const engine = createCliEngine({ endpoint: 'http://localhost:11434/v1', model: 'codellama:7b-code' }, { GEARSHIFT_BASE_URL: 'https://api.openai.com/v1', GEARSHIFT_FAST_MODEL: 'x' });
    assert.strictEqual(engine.endpoint.id, 'http://localhost:11434/v1');
    assert.strictEqual(engine.endpoint.apiKey, undefined, 'keyless local endpoint');
    assert.deepStrictEqual([engine.config.models.fast, engine.config.models.large], ['codellama:7b-code', 'codellama:7b-code']);
    await engine.dispose();
  });

  it('uses the defaults with an empty environment and rejects an invalid URL', async () => {
    const engine = createCliEngine({}, {});
    assert.strictEqual(engine.endpoint.baseUrl, 'https://api.openai.com/v1');
    await engine.dispose();
    assert.throws(() => createCliEngine({ endpoint: 'localhost:8080' }, {}), /gearshift\.endpoint\.baseUrl must start with http/);
  });
});
