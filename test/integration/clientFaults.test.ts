// One test per fault of the local server: the client maps it to the right EndpointError reason
// with a message that says what to do, settles quickly, and never retries on its own.
import * as assert from 'node:assert/strict';
import { isEndpointError, type EndpointError } from '../../src/common/errors';
import { createClient } from '../../src/node/client';
import { closedPort, eventually, useClientAgainstMock } from '../support/clientFixtures';
import { MOCK_HUGE_CHARS, type MockReply } from '../support/mockServer';
import { sealed } from '../support/sealed';

describe('client faults', function () {
  // Every fault must settle well within this; a hang fails the test instead of the suite.
  this.timeout(5000);

  const rig = useClientAgainstMock();

  /** Runs one chat against a scripted reply and returns the error it must fail with. */
  async function chatFails(reply: MockReply, timeouts = {}): Promise<EndpointError> {
    rig.server.script({ reply });
    try {
      await rig.client.chat(rig.endpoint, sealed({ model: 'gpt-4.1-mini', messages: [{ role: 'user', content: 'hi' }], timeouts }));
    } catch (error) {
      assert.ok(isEndpointError(error), `expected an EndpointError, got ${String(error)}`);
      return error;
    }
    assert.fail('the request should have failed');
  }

  function assertSentOnce(): void {
    assert.equal(rig.server.requests.length, 1, 'the client must not retry by itself');
  }

  it('401 → auth, asks for a valid API key', async () => {
    const error = await chatFails({ status: 401 });
    assert.equal(error.reason, 'auth');
    assert.equal(error.status, 401);
    assert.match(error.message, /Set API Key/);
    assert.deepEqual(error.actions, ['set-api-key', 'open-settings']);
    assertSentOnce();
  });

  it('403 → forbidden', async () => {
    const error = await chatFails({ status: 403 });
    assert.equal(error.reason, 'forbidden');
    assert.match(error.message, /refused access \(HTTP 403\)/);
    assertSentOnce();
  });

  it('404 model → model-not-found, names the model and where to pick another', async () => {
    const error = await chatFails({ status: 404, error: { message: 'The model `gpt-9` does not exist', code: 'model_not_found' } });
    assert.equal(error.reason, 'model-not-found');
    assert.match(error.message, /Model "gpt-4\.1-mini" is not available/);
    assert.match(error.message, /gearshift\.models/);
    assertSentOnce();
  });

  it('400 parameter → unsupported-parameter naming the parameter', async () => {
    const error = await chatFails({ status: 400, error: { message: "Unsupported parameter: 'logit_bias' is not supported with this model.", code: 'unsupported_parameter' } });
    assert.equal(error.reason, 'unsupported-parameter');
    assert.match(error.message, /parameter "logit_bias"/);
    assertSentOnce();
  });

  it('400 context length → context-too-long', async () => {
    const error = await chatFails({ status: 400, error: { message: "This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens.", code: 'context_length_exceeded' } });
    assert.equal(error.reason, 'context-too-long');
    assert.match(error.message, /larger context window/);
    assertSentOnce();
  });

  it('429 + Retry-After seconds → rate-limited with retryAfterMs', async () => {
    const error = await chatFails({ status: 429, headers: { 'retry-after': '7' } });
    assert.equal(error.reason, 'rate-limited');
    assert.equal(error.retryAfterMs, 7000);
    assert.match(error.message, /Wait 7 s/);
    assertSentOnce();
  });

  it('429 + Retry-After date or retry-after-ms', async () => {
    const inTwoMinutes = new Date(Date.now() + 120_000).toUTCString();
    const byDate = await chatFails({ status: 429, headers: { 'retry-after': inTwoMinutes } });
    assert.ok(byDate.retryAfterMs! > 110_000 && byDate.retryAfterMs! <= 120_000, String(byDate.retryAfterMs));
    rig.server.reset();
    const byMs = await chatFails({ status: 429, headers: { 'retry-after-ms': '1500', 'retry-after': '9' } });
    assert.equal(byMs.retryAfterMs, 1500);
  });

  for (const status of [500, 503]) {
    it(`${status} → server`, async () => {
      const error = await chatFails({ status });
      assert.equal(error.reason, 'server');
      assert.equal(error.status, status);
      assert.ok(error.isEndpointFailure);
      assert.match(error.message, /Retry in a moment/);
      assertSentOnce();
    });
  }

  it('refused connection → network, says the server may be down', async () => {
    const port = await closedPort();
    const dead = { ...rig.endpoint, id: `http://127.0.0.1:${port}/v1`, baseUrl: `http://127.0.0.1:${port}/v1` };
    const started = Date.now();
    await assert.rejects(rig.client.chat(dead, sealed({ model: 'm', messages: [] })), (error: EndpointError) => {
      assert.equal(error.reason, 'network');
      assert.match(error.message, /connection refused\. Is the server running\?/);
      return true;
    });
    assert.ok(Date.now() - started < 2000);
  });

  it('stall mid-stream → timeout naming the idle limit, and the socket is released', async () => {
    const started = Date.now();
    const error = await chatFails({ fault: 'stall' }, { idleMs: 300 });
    assert.equal(error.reason, 'timeout');
    assert.match(error.message, /stopped sending for 300 ms/);
    assert.match(error.message, /gearshift\.timeouts\.idleMs/);
    assert.ok(Date.now() - started < 1500);
    assertSentOnce();
    await eventually(() => rig.server.requests[0].clientClosed);
  });

  it('slow first token → timeout naming the first-token limit', async () => {
    const error = await chatFails({ ttftMs: 3000 }, { firstTokenMs: 300 });
    assert.equal(error.reason, 'timeout');
    assert.match(error.message, /time to first token/);
    assert.match(error.message, /gearshift\.timeouts\.firstTokenMs/);
    assertSentOnce();
  });

  it('too slow overall → timeout naming the total limit', async () => {
    const error = await chatFails({ text: 'x'.repeat(400), tokensPerSecond: 50 }, { totalMs: 400 });
    assert.equal(error.reason, 'timeout');
    assert.match(error.message, /longer than 400 ms in total/);
    assert.match(error.message, /gearshift\.timeouts\.totalMs/);
  });

  it('malformed SSE → bad-response', async () => {
    const error = await chatFails({ fault: 'malformed-sse' });
    assert.equal(error.reason, 'bad-response');
    assert.match(error.message, /malformed JSON/);
    assertSentOnce();
  });

  it('truncated JSON → bad-response', async () => {
    const error = await chatFails({ fault: 'truncated-json' });
    assert.equal(error.reason, 'bad-response');
    assert.match(error.message, /ended before the answer was complete/);
    assertSentOnce();
  });

  it('empty choices → bad-response', async () => {
    const error = await chatFails({ fault: 'empty-choices' });
    assert.equal(error.reason, 'bad-response');
    assert.match(error.message, /no choices/);
    assertSentOnce();
  });

  it('wrong content type → bad-response pointing at a proxy page or a wrong URL', async () => {
    const error = await chatFails({ fault: 'wrong-content-type' });
    assert.equal(error.reason, 'bad-response');
    assert.match(error.message, /web page \(text\/html\)/);
    assertSentOnce();
  });

  it('dropped connection → network', async () => {
    const error = await chatFails({ fault: 'drop-connection' });
    assert.equal(error.reason, 'network');
    assert.match(error.message, /dropped/);
    assertSentOnce();
  });

  it('huge answer beyond max tokens → cut off with finishReason length', async () => {
    rig.server.script({ reply: { fault: 'huge' } });
    const result = await rig.client.chat(rig.endpoint, sealed({ model: 'm', messages: [], maxTokens: 100 }));
    assert.equal(result.finishReason, 'length');
    assert.ok(result.text.length <= 100 * 32, `kept ${result.text.length} chars`);
    assert.ok(result.text.length > 0);
    await eventually(() => rig.server.requests[0].clientClosed);
  });

  it('huge answer without a limit arrives whole', async () => {
    rig.server.script({ reply: { fault: 'huge' } });
    const result = await rig.client.chat(rig.endpoint, sealed({ model: 'm', messages: [] }));
    assert.equal(result.text.length, MOCK_HUGE_CHARS);
    assert.equal(result.finishReason, 'stop');
  });

  it('an unreadable CA certificate file → network error naming the setting', async () => {
    const strict = createClient({ network: { caCertificates: ['/nonexistent/gearshift-ca.pem'] } });
    try {
      await assert.rejects(strict.chat(rig.endpoint, sealed({ model: 'm', messages: [] })), (error: EndpointError) => {
        assert.equal(error.reason, 'network');
        assert.match(error.message, /gearshift\.network\.caCertificates/);
        return true;
      });
      assert.equal(rig.server.requests.length, 0);
    } finally {
      await strict.dispose();
    }
  });
});
