// The CLI's exit codes, one place for the code and for what `--help` and the README say about them.
// A refusal by the outbound gate has a code of its own: "nothing was sent" is a different outcome
// from "the model's answer was partly unusable", and scripts need to tell them apart.

/** Some part of the rewrite was left unchanged (its answer failed the checks, or was cut off); --allow-partial accepts. */
export const EXIT_PARTIAL = 3;
/** The outbound gate refused the job (an excluded or binary file, secrets in a rewrite): nothing was sent. */
export const EXIT_REFUSED = 4;

export const EXIT_CODES_HELP = `Exit codes: 0 done, 1 failed, 2 usage, ${EXIT_PARTIAL} some part left unchanged (its answer was rejected or cut off;
  --allow-partial accepts), ${EXIT_REFUSED} refused by the outbound gate (excluded or binary file, secrets in a rewrite): nothing sent`;
