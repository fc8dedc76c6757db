import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_CONFIG, MODEL_OVERRIDE_RULES, SETTING_RULES, defaultFor, readConfig, type SettingRule } from '../../src/common/config';

interface SchemaProperty {
  type?: string;
  default?: unknown;
  enum?: string[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  pattern?: string;
  items?: { type?: string; properties?: Record<string, SchemaProperty> };
  properties?: Record<string, SchemaProperty>;
  additionalProperties?: SchemaProperty;
  anyOf?: SchemaProperty[];
}

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8'));
interface SchemaSection {
  id: string;
  title: string;
  properties: Record<string, SchemaProperty & { enumDescriptions?: string[] }>;
}
const sections: SchemaSection[] = manifest.contributes.configuration;
const properties: Record<string, SchemaProperty> = Object.assign({}, ...sections.map((section) => section.properties));
const manifestKeys = Object.keys(properties).map((key) => key.replace(/^gearshift\./, ''));

/** What the manifest schema says about a value, in the code's vocabulary. */
function expectedRule(schema: SchemaProperty): SettingRule['type'] {
  if (schema.anyOf) return 'number-or-auto';
  if (schema.enum) return 'enum';
  if (schema.type === 'array') return schema.items?.type === 'string' ? 'string-array' : 'endpoints';
  if (schema.type === 'object') return schema.additionalProperties?.properties ? 'model-overrides' : 'record';
  return schema.type as SettingRule['type'];
}

function assertRuleMatches(name: string, schema: SchemaProperty, rule: SettingRule): void {
  assert.strictEqual(rule.type, expectedRule(schema), `${name}: type`);
  if (rule.type === 'number') {
    assert.strictEqual(rule.minimum, schema.minimum, `${name}: minimum`);
    assert.strictEqual(rule.maximum, schema.maximum, `${name}: maximum`);
  }
  if (rule.type === 'number-or-auto') {
    const number = schema.anyOf!.find((option) => option.type === 'number');
    assert.deepStrictEqual(schema.anyOf!.find((option) => option.type === 'string')?.enum, ['auto'], `${name}: the word auto`);
    assert.strictEqual(rule.minimum, number?.minimum, `${name}: minimum`);
    assert.strictEqual(rule.maximum, number?.maximum, `${name}: maximum`);
  }
  if (rule.type === 'enum') assert.deepStrictEqual([...rule.values], schema.enum, `${name}: enum`);
  if (rule.type === 'string') {
    assert.strictEqual(rule.minLength, schema.minLength, `${name}: minLength`);
    assert.strictEqual(rule.pattern?.source.replace(/\\\//g, '/'), schema.pattern, `${name}: pattern`);
  }
  if (rule.type === 'record') {
    const values = schema.additionalProperties;
    if (typeof rule.values === 'string') assert.strictEqual(rule.values, values?.type, `${name}: record value type`);
    else assert.deepStrictEqual([...rule.values], values?.enum, `${name}: record value enum`);
  }
}

describe('config: manifest and code agree', () => {
  it('every manifest setting is read by readConfig and every read key is declared', () => {
    assert.deepStrictEqual([...manifestKeys].sort(), Object.keys(SETTING_RULES).sort());
  });

  for (const key of manifestKeys) {
    it(`gearshift.${key}: default, type, enum and bounds`, () => {
      const schema = properties[`gearshift.${key}`];
      assert.deepStrictEqual(defaultFor(key), schema.default, 'default');
      assertRuleMatches(key, schema, SETTING_RULES[key].rule);
    });
  }

  it('model override fields match the nested schema', () => {
    const nested = properties['gearshift.models.overrides'].additionalProperties!.properties!;
    assert.deepStrictEqual(Object.keys(MODEL_OVERRIDE_RULES).sort(), Object.keys(nested).sort());
    for (const [field, rule] of Object.entries(MODEL_OVERRIDE_RULES)) assertRuleMatches(`overrides.${field}`, nested[field], rule);
  });

  it('the failover item schema requires an http(s) baseUrl', () => {
    const items = properties['gearshift.endpoint.failover'].items!;
    assert.strictEqual(items.properties!.baseUrl.pattern, '^https?://');
  });

  it('settings that could redirect code are machine-scoped and restricted in untrusted workspaces', () => {
    const restricted: string[] = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations;
    for (const key of ['gearshift.endpoint.baseUrl', 'gearshift.endpoint.headers', 'gearshift.endpoint.failover']) {
      assert.ok(restricted.includes(key), key);
      assert.strictEqual((properties[key] as { scope?: string }).scope, 'machine', key);
    }
  });
});

describe('config: readConfig', () => {
  const read = (values: Record<string, unknown>) => readConfig((key) => values[key]);

  it('returns the defaults with no problems when nothing is set', () => {
    const { config, problems } = read({});
    assert.deepStrictEqual(config, DEFAULT_CONFIG);
    assert.deepStrictEqual(problems, []);
  });

  it('does not share mutable state with DEFAULT_CONFIG', () => {
    const { config } = read({});
    config.exclude.push('x');
    assert.ok(!DEFAULT_CONFIG.exclude.includes('x'));
  });

  it('takes valid values', () => {
    const { config, problems } = read({
      'endpoint.baseUrl': 'http://localhost:11434/v1',
      'models.fast': ' qwen2.5-coder:7b-base ',
      'maxTokens.fast': 512,
      'inline.speculative': 'on',
      'inline.enable': { '*': true, python: false },
      'docs.style': { python: 'pep257-numpy' },
      'endpoint.failover': [{ name: 'backup', baseUrl: 'https://backup.example/v1' }],
      'models.overrides': { 'my-model': { contextWindow: 32768, fimFormat: 'qwen' } },
    });
    assert.deepStrictEqual(problems, []);
    assert.strictEqual(config.endpoint.baseUrl, 'http://localhost:11434/v1');
    assert.strictEqual(config.models.fast, 'qwen2.5-coder:7b-base');
    assert.strictEqual(config.maxTokens.fast, 512);
    assert.strictEqual(config.inline.speculative, 'on');
    assert.deepStrictEqual(config.inline.enable, { '*': true, python: false });
    assert.deepStrictEqual(config.failover, [{ name: 'backup', baseUrl: 'https://backup.example/v1', headers: {} }]);
    assert.deepStrictEqual(config.models.overrides, { 'my-model': { contextWindow: 32768, fimFormat: 'qwen' } });
  });

  const badValues: [string, unknown][] = [
    ['endpoint.baseUrl', 'ftp://example.com'],
    ['endpoint.baseUrl', 42],
    ['endpoint.headers', { 'x-a': 1 }],
    ['endpoint.failover', [{ baseUrl: 'nope' }]],
    ['endpoint.failover', 'https://a.example'],
    ['models.fast', '   '],
    ['models.overrides', { m: { contextWindow: 10 } }],
    ['models.overrides', { m: { encoding: 'p50k_base' } }],
    ['models.overrides', { m: { color: 'red' } }],
    ['maxTokens.fast', 8],
    ['maxTokens.large', 2_000_000],
    ['temperature', -0.1],
    ['temperature', '0.5'],
    ['timeouts.inlineMs', Number.NaN],
    ['exclude', ['**/*.pem', 3]],
    ['inline.speculative', 'sometimes'],
    ['inline.transport', 'carrier-pigeon'],
    ['docs.style', { python: 'haiku' }],
    ['docs.rewriteExisting', 'yes'],
    ['refactor.concurrency', 17],
    ['refactor.concurrency', 'many'],
    ['ledger.maxEntries', 10],
  ];
  for (const [key, value] of badValues) {
    it(`rejects gearshift.${key} = ${JSON.stringify(value)} with a problem and keeps the default`, () => {
      const { config, problems } = read({ [key]: value });
      assert.strictEqual(problems.length, 1, problems.join('\n'));
      assert.ok(problems[0].startsWith(`gearshift.${key} `), problems[0]);
      assert.ok(problems[0].includes('using the default'), problems[0]);
      assert.deepStrictEqual(config, DEFAULT_CONFIG);
    });
  }

  it('reports one problem per bad value and keeps the good ones', () => {
    const { config, problems } = read({ temperature: 5, 'maxTokens.fast': 1024, 'refactor.concurrency': 0 });
    assert.strictEqual(problems.length, 2);
    assert.strictEqual(config.maxTokens.fast, 1024);
    assert.strictEqual(config.temperature, DEFAULT_CONFIG.temperature);
  });
});

describe('settings UI: titled sections, every enum explained', () => {
  it('contributes the sections in this order, none empty', () => {
    assert.deepStrictEqual(sections.map((section) => section.title), ['Endpoint', 'Models', 'Inline', 'Chat', 'Docs', 'Refactor', 'Privacy', 'Network', 'Usage']);
    for (const section of sections) assert.ok(Object.keys(section.properties).length > 0, section.title);
  });

  it('every enum, nested ones included, has one description per value', () => {
    const enums: [string, SchemaProperty & { enumDescriptions?: string[] }][] = [];
    const visit = (name: string, schema: SchemaProperty & { enumDescriptions?: string[] }): void => {
      if (schema.enum) enums.push([name, schema]);
      for (const [key, child] of Object.entries(schema.properties ?? {})) visit(`${name}.${key}`, child);
      if (schema.additionalProperties) visit(`${name}.*`, schema.additionalProperties);
      if (schema.items) visit(`${name}[]`, schema.items);
    };
    for (const [key, schema] of Object.entries(properties)) visit(key, schema);
    assert.ok(enums.length >= 5, `only ${enums.length} enums found`);
    for (const [name, schema] of enums) assert.strictEqual(schema.enumDescriptions?.length, schema.enum?.length, name);
  });
});
