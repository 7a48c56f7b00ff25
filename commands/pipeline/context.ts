import { Runner } from "../core/run";

/** Where a pipeline command works and how it talks to the outside; every path is injectable. */
export interface PipelineContext {
  /** Project root: sources for the staleness check, git, and the cdktf CLI. */
  readonly projectDir: string;
  /** Folder of `<env>.json` files (PARTNER_OAUTH_CONFIG_DIR). */
  readonly configDir: string;
  /** Synthesized output (cdktf's --output / CDKTF_OUTDIR). */
  readonly outDir: string;
  /** Environment variables for terraform and cdktf (credentials, TF_REATTACH_PROVIDERS…). */
  readonly env: NodeJS.ProcessEnv;
  /** Runs cdktf and terraform (each in a process group of its own, see run.ts). */
  readonly run: Runner;
  readonly log: (line: string) => void;
  /** How the user runs another command on `environment` with the options they gave, for "Next:" hints. */
  readonly nextCommand?: (command: string, environment: string) => string;
}
