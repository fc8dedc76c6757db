// Tests of the client itself send hand-made requests; they pass the outbound gate like any other
// (no exclusions, secret redaction on), because the client refuses requests that did not.
import { OutboundGate } from '../../src/common/gate';

const passage = new OutboundGate({ isExcluded: () => false }).admit({ job: 'chat' }).passage;

export const sealed = passage.seal;
