// What became of a proposal under review, hunk by hunk: how many were applied, rejected by the
// user, or not applied because the user had changed their lines (conflicted). The outcome names
// the mix, so a review where most hunks landed is not reported like one where nothing did.
import { counted } from '../plural';

/**
 * 'accepted': some hunks applied, none conflicted (the user may have rejected others);
 * 'partial': some applied and some conflicted; 'stale': none applied, some conflicted;
 * 'rejected': none applied, none conflicted.
 */
export type ProposalOutcome = 'accepted' | 'partial' | 'rejected' | 'stale';

export interface ReviewTally {
  /** Hunks the proposal had when it was made (conflicts found before it was shown included). */
  total: number;
  applied: number;
  rejected: number;
  conflicted: number;
}

export function reviewOutcome(tally: ReviewTally): ProposalOutcome {
  if (tally.applied > 0) return tally.conflicted > 0 ? 'partial' : 'accepted';
  return tally.conflicted > 0 ? 'stale' : 'rejected';
}

/** "2 of 3 applied, 1 conflicted" — the counts that are not zero, applied always first. */
export function tallyText(tally: ReviewTally): string {
  const parts = [`${tally.applied} of ${counted(tally.total, 'change')} applied`];
  if (tally.rejected) parts.push(`${tally.rejected} rejected`);
  if (tally.conflicted) parts.push(`${tally.conflicted} conflicted`);
  return parts.join(', ');
}
