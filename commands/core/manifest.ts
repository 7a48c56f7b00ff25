/** The stacks of a synthesized output, read from cdktf's manifest.json for the pipeline and the fleet. */
import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { STACK_NAME } from "../../lib/config/load";
import { isInsideRealPath } from "../../lib/real-path";
import { CommandError } from "./errors";
import { readJsonFile } from "./files";

export interface SynthesizedStack {
  readonly name: string;
  /** Terraform working directory of the stack (holds cdk.tf.json), inside the output folder. */
  readonly dir: string;
}

const manifestSchema = z.object({
  // Stack names become GitHub environment names and variable suffixes, and an artifact is untrusted.
  stacks: z.record(z.string().regex(STACK_NAME), z.object({ workingDirectory: z.string().min(1) })),
});

/** Every stack of the output in `outDir`, sorted by name; `fix` ends each refusal with what to do about it. */
export function synthesizedStacks(outDir: string, fix: string): SynthesizedStack[] {
  const stacks = readManifest(outDir, fix);
  return Object.keys(stacks)
    .sort()
    .map((name) => checkedStack(outDir, name, stacks[name].workingDirectory, fix));
}

/** The stack `name` of the output in `outDir`; the other stacks' folders are left to the artifact's seal. */
export function synthesizedStack(outDir: string, name: string, fix: string): SynthesizedStack {
  const stacks = readManifest(outDir, fix);
  if (!Object.hasOwn(stacks, name)) {
    throw new CommandError(
      `Stack "${name}" is not in ${outDir} (it has ${Object.keys(stacks).sort().join(", ") || "no stacks"}): ` +
        `the environment was added after synthesis. ${fix}`,
    );
  }
  return checkedStack(outDir, name, stacks[name].workingDirectory, fix);
}

function readManifest(outDir: string, fix: string): z.infer<typeof manifestSchema>["stacks"] {
  if (!fs.existsSync(outDir)) throw new CommandError(`No synthesized output at ${outDir}. ${fix}`);
  const file = path.join(outDir, "manifest.json");
  const notAnOutput = () => `${file} is missing or not valid JSON, so ${outDir} is not a synthesized output. ${fix}`;
  const manifest = manifestSchema.safeParse(readJsonFile(file, { missing: notAnOutput, invalid: notAnOutput }));
  if (!manifest.success) {
    throw new CommandError(
      `${file} is not a cdktf manifest of this app (stacks.<name>.workingDirectory, names of lower-case ` +
        `letters, digits and dashes). ${fix}`,
    );
  }
  return manifest.data.stacks;
}

function checkedStack(outDir: string, name: string, workingDirectory: string, fix: string): SynthesizedStack {
  const dir = path.join(outDir, workingDirectory);
  if (path.relative(outDir, dir) === "" || !isInsideRealPath(outDir, dir)) {
    throw new CommandError(
      `Refusing the working directory of stack "${name}" in manifest.json: ${dir} is outside ${outDir}. ${fix}`,
    );
  }
  if (!fs.existsSync(path.join(dir, "cdk.tf.json"))) {
    throw new CommandError(`${path.join(dir, "cdk.tf.json")} is missing: ${outDir} is incomplete. ${fix}`);
  }
  return { name, dir };
}
