import assert from 'node:assert/strict';
import { DEFAULT_CONFIG, type GearshiftConfig } from '../../../src/common/config';
import { endpointFromSetting } from '../../../src/common/endpoint';
import { silentLogger } from '../../../src/common/logger';
import { ServerFactsCache, type Discover } from '../../../src/common/serverFacts';
import { learnServedWindows, type ChatPlanner } from '../../../src/features/chat/plan';

/** A planner whose primary endpoint is `baseUrl` and whose server facts come from `discover`, through the real cache. */
function planner(baseUrl: string, discover: Discover, apiKey?: string): ChatPlanner {
  const config: GearshiftConfig = { ...DEFAULT_CONFIG, endpoint: { ...DEFAULT_CONFIG.endpoint, baseUrl } };
  const endpoint = endpointFromSetting(config.endpoint, apiKey);
  return {
    config: () => config,
    router: { target: async (_job, tier, model) => ({ endpoint, tier, model: model ?? config.models.fast, maxOutputTokens: 1024 }) },
    servers: new ServerFactsCache(discover, silentLogger),
  };
}

describe('chat: asking the server its window before a send', () => {
  it('asks about the picked model and the large one (for escalation)', async () => {
    const asked: string[][] = [];
    await learnServedWindows(planner('http://127.0.0.1:8000/v1', async (_endpoint, models) => {
      asked.push(models);
      return { kind: 'unknown', windows: {}, maxOutputs: {}, asked: models };
    }), 'fast');
    assert.deepEqual(asked, [[DEFAULT_CONFIG.models.fast, DEFAULT_CONFIG.models.large]]);
  });

  it('stops waiting for a server that never answers: the send goes on', async () => {
    let asked = false;
    await learnServedWindows(planner('http://127.0.0.1:8000/v1', () => {
      asked = true;
      return new Promise(() => undefined);
    }), 'large', 10);
    assert.equal(asked, true);
  });

  it('a later send joining a discovery an earlier send gave up on does not wait for it again', async () => {
    let asked = 0;
    const hanging = planner('http://127.0.0.1:8000/v1', () => {
      asked++;
      return new Promise(() => undefined);
    });
    const waitMs = 300;
    const first = performance.now();
    await learnServedWindows(hanging, 'fast', waitMs);
    assert.ok(performance.now() - first >= waitMs - 5, 'the first send waits for the server');
    const second = performance.now();
    await learnServedWindows(hanging, 'fast', waitMs);
    assert.ok(performance.now() - second < waitMs - 50, `the second send waited ${Math.round(performance.now() - second)} ms`);
    assert.equal(asked, 1, 'the second send joins the running discovery');
  });

  it('asks nothing of a provider that needs a key while none is set', async () => {
    let asked = 0;
    const discover: Discover = async (_endpoint, models) => {
      asked++;
      return { kind: 'openai', windows: {}, maxOutputs: {}, asked: models };
    };
    await learnServedWindows(planner('https://api.openai.com/v1', discover), 'fast');
    assert.equal(asked, 0, 'without a key');
    await learnServedWindows(planner('https://api.openai.com/v1', discover, 'sk-test'), 'fast');
    assert.equal(asked, 1, 'with a key');
  });

  it('does not throw when no endpoint is configured (the send reports that itself)', async () => {
    const broken: ChatPlanner = {
      config: () => DEFAULT_CONFIG,
      router: { target: () => Promise.reject(new Error('No endpoint is configured.')) },
      servers: { ensureWithin: () => assert.fail('nothing to ask') },
    };
    await learnServedWindows(broken, 'fast');
  });
});
