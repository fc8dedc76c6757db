import assert from 'node:assert/strict';
import { DEFAULT_CONFIG, type GearshiftConfig } from '../../../src/common/config';
import { endpointFromSetting } from '../../../src/common/endpoint';
import type { EndpointConfig } from '../../../src/common/llm';
import type { ServerFacts } from '../../../src/common/serverFacts';
import { learnServedWindows, type ChatPlanner } from '../../../src/features/chat/plan';

/** A planner whose primary endpoint is `baseUrl` and whose discovery is `ensure`. */
function planner(baseUrl: string, ensure: (endpoint: EndpointConfig, models: string[]) => Promise<ServerFacts | undefined>, apiKey?: string): ChatPlanner {
  const config: GearshiftConfig = { ...DEFAULT_CONFIG, endpoint: { ...DEFAULT_CONFIG.endpoint, baseUrl } };
  const endpoint = endpointFromSetting(config.endpoint, apiKey);
  return {
    config: () => config,
    router: { target: async (_job, tier, model) => ({ endpoint, tier, model: model ?? config.models.fast, maxOutputTokens: 1024 }) },
    servers: { ensure },
  };
}

describe('chat: asking the server its window before a send', () => {
  it('asks about the picked model and the large one (for escalation)', async () => {
    const asked: string[][] = [];
    await learnServedWindows(planner('http://127.0.0.1:8000/v1', async (_endpoint, models) => {
      asked.push(models);
      return undefined;
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

  it('asks nothing of a provider that needs a key while none is set', async () => {
    let asked = 0;
    const ensure = async () => {
      asked++;
      return undefined;
    };
    await learnServedWindows(planner('https://api.openai.com/v1', ensure), 'fast');
    assert.equal(asked, 0, 'without a key');
    await learnServedWindows(planner('https://api.openai.com/v1', ensure, 'sk-test'), 'fast');
    assert.equal(asked, 1, 'with a key');
  });

  it('does not throw when no endpoint is configured (the send reports that itself)', async () => {
    const broken: ChatPlanner = {
      config: () => DEFAULT_CONFIG,
      router: { target: () => Promise.reject(new Error('No endpoint is configured.')) },
      servers: { ensure: () => assert.fail('nothing to ask') },
    };
    await learnServedWindows(broken, 'fast');
  });
});
