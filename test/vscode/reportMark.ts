/**
 * Marks the lines of mocha's report inside the extension host: the workbench forwards every console
 * line of the window and the extension host to the runner, which prints only the marked ones
 * (everything with --verbose; everything always goes to workbench.log of the run).
 */
export const REPORT_MARK = '\u2063';
