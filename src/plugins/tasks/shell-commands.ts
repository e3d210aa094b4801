/**
 * Runs shell commands with the Process runner (perch has no Docker): the commands, after `beforeCommands`, are
 * joined with new lines and run by the interpreter (default `/bin/sh -c`) with `set -e` first, so the task stops at
 * the first failing command unless `failFast: false`. A non-zero exit fails the task with
 * `Command failed with exit code N`. Each task run gets a fresh working directory (`{{ workingDir }}`), removed at
 * the end; files written to `{{ outputDir }}` are kept like `outputFiles`.
 *
 * Outputs: `exitCode`; `vars` from lines printed as `::{"outputs":{...}}::`; `outputFiles` (name → path of a copy
 * under `<data>/files/<executionId>/<taskRunId>/`, perch's stand-in for Kestra's internal storage).
 * stdout lines are logged at INFO, stderr lines at ERROR.
 *
 * Pass request data through `env` rather than splicing `{{ trigger.body.x }}` into a command: the shell would
 * interpret quotes, `$(...)` and `;` in it.
 *
 * @example
 * - id: sum
 *   type: io.kestra.plugin.scripts.shell.Commands
 *   env:
 *     A: "{{ trigger.body.a }}"
 *     B: "{{ trigger.body.b }}"
 *   commands:
 *     - echo "adding $A and $B"
 *     - echo "::{\"outputs\":{\"sum\":$((A + B))}}::"
 *   # later: {{ outputs.sum.vars.sum }}
 */
import { Type } from "@sinclair/typebox";
import { TaskFailure, type TaskPlugin } from "../sdk.ts";
import { runShell, ShellFailure, shellOutputSchema, shellProperties } from "../../lib/shell-run.ts";

const schema = Type.Object({
  commands: Type.Array(Type.String(), { minItems: 1, description: "shell commands to run (rendered)" }),
  ...shellProperties,
});

export const shellCommands: TaskPlugin<typeof schema> = {
  kind: "task",
  type: "io.kestra.plugin.scripts.shell.Commands",
  aliases: [],
  title: "Shell Commands",
  description:
    'Runs shell commands in a fresh working directory (Process runner); `::{"outputs":{...}}::` lines become outputs `vars`.',
  schema,
  outputSchema: shellOutputSchema,
  examples: [
    {
      title: "Add two numbers from the webhook body, passed through the environment",
      code: [
        "id: sum",
        "type: io.kestra.plugin.scripts.shell.Commands",
        "env:",
        '  A: "{{ trigger.body.a }}"',
        '  B: "{{ trigger.body.b }}"',
        "commands:",
        '  - echo "::{\\"outputs\\":{\\"sum\\":$((A + B))}}::"',
      ].join("\n"),
    },
  ],
  async run(config, ctx) {
    try {
      if (!Array.isArray(config.commands) || config.commands.length === 0)
        throw new ShellFailure("`commands` must be a list of at least one command");
      return await runShell(config, config.commands, "commands", ctx);
    } catch (e) {
      throw e instanceof ShellFailure ? new TaskFailure(e.message) : e;
    }
  },
};
