// The rewrite job (the refactor engine, its acceptance rules and checks) is a bundle of its own,
// dist/rewrite.js, loaded on the first docs, refactor or inline-edit command. The proposal registry
// stays in the extension bundle, registered at activation (its commands and editor buttons must
// exist before the first proposal), and is handed to the job: one registry serves every job.
// Feature bundles get runRewriteJob from their register() (never import this module there: their
// copy of proposal.ts would be a second registry).
import { showProposal, type ProposalOutcome } from './proposal';
import type { RewriteJobOptions } from './rewriteJob';
import { requireSeparateBundle } from './separateBundle';
import type { Services } from './services';

export type RunRewriteJob = (services: Services, options: RewriteJobOptions) => Promise<ProposalOutcome | undefined>;

export const runRewriteJob: RunRewriteJob = (services, options) =>
  requireSeparateBundle<typeof import('./rewriteJob')>('rewrite', './rewriteJob').runRewriteJob(services, options, showProposal);
