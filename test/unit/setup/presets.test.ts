import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { azureBaseUrl, findPreset, parameterBillions, pickModels, PRESETS } from '../../../src/features/setup/presets';
import { apiKeyProblem, baseUrlProblem } from '../../../src/features/setup/validation';

describe('setup presets', () => {
  it('offers every provider the issue names, each with a valid base URL and both tier models', () => {
    const labels = PRESETS.map((preset) => preset.label);
    for (const name of ['OpenAI', 'Azure OpenAI', 'OpenRouter', 'Ollama', 'LM Studio', 'llama.cpp server', 'vLLM', 'Mistral', 'DeepSeek']) {
      assert.ok(labels.includes(name), `missing preset ${name}`);
    }
    assert.strictEqual(PRESETS[PRESETS.length - 1].id, 'custom');
    for (const preset of PRESETS.filter((candidate) => candidate.id !== 'custom' && candidate.id !== 'azure')) {
      assert.strictEqual(baseUrlProblem(preset.baseUrl), undefined, preset.id);
      assert.ok(preset.fast && preset.large, preset.id);
    }
  });

  it('uses the manifest defaults for the OpenAI preset', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../package.json'), 'utf8'));
    const properties = Object.assign({}, ...manifest.contributes.configuration.map((section: { properties: object }) => section.properties));
    const openai = findPreset('openai');
    assert.strictEqual(openai?.baseUrl, properties['gearshift.endpoint.baseUrl'].default);
    assert.strictEqual(openai?.fast, properties['gearshift.models.fast'].default);
    assert.strictEqual(openai?.large, properties['gearshift.models.large'].default);
  });

  it('marks local servers keyless with their usual ports and cloud providers as keyed', () => {
    assert.deepStrictEqual(
      PRESETS.filter((preset) => preset.localPort).map((preset) => [preset.id, preset.localPort, preset.key]),
      [['ollama', 11434, 'none'], ['lmstudio', 1234, 'none'], ['llamacpp', 8080, 'none']],
    );
    for (const id of ['openai', 'azure', 'openrouter', 'mistral', 'deepseek']) assert.strictEqual(findPreset(id)?.key, 'required', id);
  });

  it('builds the Azure v1 base URL from a resource name and rejects anything else', () => {
    assert.strictEqual(azureBaseUrl(' My-Resource '), 'https://my-resource.openai.azure.com/openai/v1');
    assert.throws(() => azureBaseUrl('evil.com/x'), /not an Azure resource name/);
    assert.throws(() => azureBaseUrl(''), /not an Azure resource name/);
  });
});

describe('setup model picking', () => {
  it('reads parameter counts from common model name spellings', () => {
    assert.strictEqual(parameterBillions('qwen2.5-coder:7b'), 7);
    assert.strictEqual(parameterBillions('qwen2.5-coder:1.5b'), 1.5);
    assert.strictEqual(parameterBillions('Qwen2.5-Coder-1.5B-Instruct'), 1.5);
    assert.strictEqual(parameterBillions('deepseek-coder-6.7b-base'), 6.7);
    assert.strictEqual(parameterBillions('llama3.1:70b'), 70);
    assert.strictEqual(parameterBillions('gpt-4.1-mini'), undefined);
  });

  it("keeps the preset's models when the server has them", () => {
    const ollama = findPreset('ollama')!;
    assert.deepStrictEqual(pickModels(['llama3:8b', 'qwen2.5-coder:1.5b', 'qwen2.5-coder:7b'], ollama), {
      fast: 'qwen2.5-coder:1.5b',
      large: 'qwen2.5-coder:7b',
    });
  });

  it('otherwise prefers code models, the smallest for fast and the largest for large', () => {
    const ollama = findPreset('ollama')!;
    assert.deepStrictEqual(pickModels(['llama3.1:70b', 'deepseek-coder:6.7b', 'starcoder2:3b', 'deepseek-coder:33b'], ollama), {
      fast: 'starcoder2:3b',
      large: 'deepseek-coder:33b',
    });
  });

  it('uses the only model for both tiers, and the preset when the server lists nothing', () => {
    const llamacpp = findPreset('llamacpp')!;
    assert.deepStrictEqual(pickModels(['my-model.gguf'], llamacpp), { fast: 'my-model.gguf', large: 'my-model.gguf' });
    assert.deepStrictEqual(pickModels([], llamacpp), { fast: llamacpp.fast, large: llamacpp.large });
  });
});

describe('setup input validation', () => {
  it('accepts base URLs and explains what is wrong with others', () => {
    assert.strictEqual(baseUrlProblem('http://127.0.0.1:8000/v1'), undefined);
    assert.strictEqual(baseUrlProblem('https://example.com/api/v1/'), undefined);
    assert.match(baseUrlProblem('localhost:8000')!, /http:\/\/ or https:\/\//);
    assert.match(baseUrlProblem('not a url')!, /Enter a URL/);
    assert.match(baseUrlProblem('https://user:secret@example.com/v1')!, /Set API Key/);
    assert.match(baseUrlProblem('https://api.openai.com/v1/chat/completions')!, /without \/chat\/completions/);
  });

  it('rejects empty keys and keys with whitespace inside (they would break the header)', () => {
    assert.strictEqual(apiKeyProblem('sk-abc123'), undefined);
    assert.strictEqual(apiKeyProblem('  sk-abc123\n'), undefined);
    assert.match(apiKeyProblem('   ')!, /empty/);
    assert.match(apiKeyProblem('sk-abc\nX-Evil: 1')!, /no spaces or line breaks/);
  });
});
