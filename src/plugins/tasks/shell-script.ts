/**
 * Runs an inline shell script with the Process runner (perch has no Docker). Same behaviour as the shell
 * Commands task (see shell-commands.ts): `beforeCommands` then the script, joined and run by the interpreter
 * (default `/bin/sh -c`) with `set -e` first unless `failFast: false`; a non-zero exit fails the task; outputs
 * `exitCode`, `vars` (from `::{"outputs":{...}}::` lines) and `outputFiles`.
 *
 * @example
 * - id: report
 *   type: io.kestra.plugin.scripts.shell.Script
 *   env:
 *     NAME: "{{ trigger.body.name }}"
 *   outputFiles:
 *     - report.txt
 *   script: |
 *     echo "hello $NAME" > report.txt
 *     echo '::{"outputs":{"done":true}}::'
 */
import { Type } from "@sinclair/typebox";
import { TaskFailure, type TaskPlugin } from "../sdk.ts";
import { runShell, ShellFailure, shellOutputSchema, shellProperties } from "../../lib/shell-run.ts";

const schema = Type.Object({
  script: Type.String({ minLength: 1, description: "the script text, multi-line (rendered)" }),
  ...shellProperties,
});

export const shellScript: TaskPlugin<typeof schema> = {
  kind: "task",
  type: "io.kestra.plugin.scripts.shell.Script",
  aliases: [],
  title: "Shell Script",
  description: "Runs an inline shell script in a fresh working directory (Process runner).",
  schema,
  outputSchema: shellOutputSchema,
  examples: [
    {
      title: "Write a file and keep it",
      code: [
        "id: report",
        "type: io.kestra.plugin.scripts.shell.Script",
        "outputFiles:",
        "  - report.txt",
        "script: |",
        '  echo "hello" > report.txt',
      ].join("\n"),
    },
  ],
  async run(config, ctx) {
    if (typeof config.script !== "string" || config.script.trim() === "")
      throw new TaskFailure("`script` must be a non-empty text");
    try {
      return await runShell(config, [config.script], "script", ctx);
    } catch (e) {
      throw e instanceof ShellFailure ? new TaskFailure(e.message) : e;
    }
  },
};
