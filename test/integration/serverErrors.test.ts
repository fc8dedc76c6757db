// Real llama.cpp error answers (the captures, read at run time) through the client's error mapping:
// each must land on the reason that makes Gearshift do the right thing.
import * as assert from 'node:assert/strict';
import { fromHttpFailure, fromStreamError } from '../../src/node/client/errors';
import { isTransportRejection } from '../../src/common/inline/transport';
import { readTranscripts } from '../support/wireTranscripts';

const ctx = { where: 'http://127.0.0.1:8080/v1/completions', endpointId: 'e', model: 'models/tiny-random.gguf' };

describe('llama.cpp error answers → EndpointError reasons', () => {
  const captures = new Map(readTranscripts('llama.cpp-2025-02').map((t) => [t.file.slice(0, 2), t]));
  const failure = (number: string) => {
    const t = captures.get(number)!;
    const body = JSON.parse(t.responseBody).error;
    return fromHttpFailure({ status: t.status, headers: undefined, message: body.message, code: null }, ctx);
  };

  it('04: HTTP 500 "Unsupported param: suffix" is a transport rejection naming the parameter', () => {
    const error = failure('04');
    assert.equal(error.reason, 'unsupported-parameter');
    assert.match(error.message, /"suffix"/);
    assert.equal(isTransportRejection(error), true);
  });

  it('11: HTTP 400 "exceeds the available context size" is a context overflow, not a rejected parameter', () => {
    const error = failure('11');
    assert.equal(error.reason, 'context-too-long');
    assert.equal(isTransportRejection(error), false);
  });

  it('10: the same words in the stream\'s error line map to the same reason', () => {
    const line = captures.get('10')!.responseBody.split('\n')[0];
    const error = fromStreamError(JSON.parse(line.slice('error:'.length)), '', ctx);
    assert.equal(error.reason, 'context-too-long');
    assert.match(error.message, /inside a successful \(HTTP 200\) answer/);
  });

  it('13, 15, 16, 17: auth, malformed JSON, unknown path, /slots', () => {
    assert.equal(failure('13').reason, 'auth');
    assert.equal(failure('15').reason, 'server');
    assert.equal(isTransportRejection(failure('16')), true);
    assert.equal(isTransportRejection(failure('17')), true);
  });
});
