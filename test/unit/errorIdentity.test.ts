// The extension ships several bundles (client, rewrite, docs, …), each with its own copy of
// common/errors: an EndpointError made by one copy must still be one for every other copy, or the
// router's failover rules and the error presenter would treat a 401 as an unknown failure.
import * as assert from 'assert';

type ErrorsModule = typeof import('../../src/common/errors');

/** A fresh copy of common/errors, as a separate bundle would hold it. */
function freshCopy(): ErrorsModule {
  const file = require.resolve('../../src/common/errors');
  const cached = require.cache[file];
  delete require.cache[file];
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a second module instance is the point
    return require(file) as ErrorsModule;
  } finally {
    if (cached) require.cache[file] = cached;
  }
}

describe('EndpointError across bundles', () => {
  const home = freshCopy();
  const other = freshCopy();

  it('the two copies are different classes', () => {
    assert.notStrictEqual(home.EndpointError, other.EndpointError);
  });

  it('an error from another copy is an EndpointError here, with its reason, status and actions', () => {
    const foreign = new other.EndpointError({ reason: 'auth', message: 'Unauthorized', status: 401 });
    assert.ok(foreign instanceof home.EndpointError);
    assert.ok(home.isEndpointError(foreign));
    assert.strictEqual(foreign.reason, 'auth');
    assert.strictEqual(foreign.status, 401);
    assert.deepStrictEqual([...foreign.actions], ['set-api-key', 'open-settings']);
  });

  it('an ordinary Error named EndpointError is not one', () => {
    const impostor = Object.assign(new Error('x'), { name: 'EndpointError', reason: 'auth' });
    assert.ok(!(impostor instanceof home.EndpointError));
    assert.ok(!home.isEndpointError(impostor));
    assert.ok(!home.isEndpointError(undefined));
    assert.ok(!home.isEndpointError('EndpointError'));
  });
});
