/** Shell Commands and Script with real child processes: logs, env, files, outputs, failures, timeout. */
import { afterAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { runTask } from "../../src/engine/task-runner.ts";
import { filesRoot } from "../../src/lib/shell-run.ts";
import type { LogEntry } from "../../src/model/execution.ts";
import type { TaskDef } from "../../src/model/flow.ts";
import { taskPlugin } from "../../src/plugins/registry.ts";
import { TaskFailure } from "../../src/plugins/sdk.ts";
import { shellCommands } from "../../src/plugins/tasks/shell-commands.ts";
import { shellScript } from "../../src/plugins/tasks/shell-script.ts";
import { gone, pidsIn } from "../helpers/pids.ts";
import { taskContext } from "./context.ts";

// kills are polled for up to a few seconds each: leave room on a loaded machine
setDefaultTimeout(30_000);

const EXEC = `exec-shell-${process.pid}`;
const scratch = mkdtempSync(join(tmpdir(), "perch-test-shell-"));
afterAll(() => {
  rmSync(join(filesRoot(), EXEC), { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

/** true once no folder of tmpdir starts with `prefix` (polls up to 5 s) */
async function noTaskDir(prefix: string): Promise<boolean> {
  for (let i = 0; i < 250; i++) {
    if (!readdirSync(tmpdir()).some((n) => n.startsWith(prefix))) return true;
    await Bun.sleep(20);
  }
  return false;
}

const vars = { execution: { id: EXEC }, trigger: { body: { a: 2, b: 3, name: "Ada" } } };
type Config = Parameters<typeof shellCommands.run>[0];
const run = (config: Config) => {
  const { ctx, lines } = taskContext(vars);
  return { result: shellCommands.run(config, ctx), lines };
};

describe("registry", () => {
  test("both types are registered, also in lower case", () => {
    expect(taskPlugin("io.kestra.plugin.scripts.shell.Commands")).toBe(shellCommands as never);
    expect(taskPlugin("io.kestra.plugin.scripts.shell.script")).toBe(shellScript as never);
  });
});

describe("Commands", () => {
  test("stdout at INFO and stderr at ERROR, in order; exitCode 0; commands rendered", async () => {
    const { result, lines } = run({
      commands: ["echo 'hello {{ trigger.body.name }}'", "echo oops >&2", "echo bye"],
    });
    expect(await result).toEqual({ outputs: { exitCode: 0, vars: {}, outputFiles: {} } });
    const stdout = lines.filter((l) => l.level === "INFO").map((l) => l.message);
    expect(stdout).toEqual(["hello Ada", "bye"]);
    expect(lines.filter((l) => l.level === "ERROR")).toEqual([{ level: "ERROR", message: "oops" }]);
  });

  test("env (rendered) and inputFiles (rendered, sub-folders) are visible; beforeCommands run first", async () => {
    const { result, lines } = run({
      beforeCommands: ["echo before", "export FROM_BEFORE=yes"],
      env: { WHO: "{{ trigger.body.name }}", N: 7 },
      inputFiles: { "data.txt": "a={{ trigger.body.a }}", "sub/dir/b.txt": "deep" },
      commands: ['echo "$WHO $N $FROM_BEFORE"', "cat data.txt", "echo", "cat sub/dir/b.txt"],
    });
    await result;
    // data.txt has no final new line: the `echo` ends its line
    expect(lines.map((l) => l.message)).toEqual(["before", "Ada 7 yes", "a=2", "deep"]);
  });

  test("::{outputs}:: lines become vars, merged across lines, and are not logged; metrics are ignored", async () => {
    const { result, lines } = run({
      commands: [
        `echo '::{"outputs":{"sum":{{ trigger.body.a + trigger.body.b }},"first":1}}::'`,
        `echo '::{"outputs":{"first":"replaced","list":[1,2]}}::'`,
        `echo '::{"metrics":[{"name":"n","type":"counter","value":1}]}::'`,
        `echo '::{"logs":[{"level":"WARN","message":"careful"}]}::'`,
        "echo plain",
        "echo '::{not json}::'",
      ],
    });
    const r = await result;
    expect(r.outputs?.vars).toEqual({ sum: 5, first: "replaced", list: [1, 2] });
    expect(lines.filter((l) => l.level === "INFO").map((l) => l.message)).toEqual(["plain"]);
    expect(lines.find((l) => l.level === "WARN" && l.message === "careful")).toBeDefined();
    expect(lines.find((l) => l.level === "WARN" && l.message.startsWith("Invalid outputs"))).toBeDefined();
    expect(lines.find((l) => l.level === "DEBUG")?.message).toContain("metric");
  });

  test("exit 3 fails with the code in the message; set -e stops at the first failing command", async () => {
    const { result, lines } = run({ commands: ["echo one", "sh -c 'exit 3'", "echo never"] });
    await expect(result).rejects.toThrow(new TaskFailure("Command failed with exit code 3"));
    expect(lines.map((l) => l.message)).toEqual(["one"]);
  });

  test("failFast: false runs every command; the last one decides", async () => {
    const ok = run({ failFast: false, commands: ["false", "echo still here"] });
    expect((await ok.result).outputs?.exitCode).toBe(0);
    expect(ok.lines.map((l) => l.message)).toEqual(["still here"]);
    const ko = run({ failFast: false, commands: ["echo a", "exit 4"] });
    await expect(ko.result).rejects.toThrow("Command failed with exit code 4");
  });

  test("containerImage and a Docker taskRunner are ignored with one WARN line; Process runner says nothing", async () => {
    const { result, lines } = run({
      containerImage: "ubuntu:22.04",
      taskRunner: { type: "io.kestra.plugin.scripts.runner.docker.Docker" },
      commands: ["echo ran"],
    });
    await result;
    expect(lines).toEqual([
      {
        level: "WARN",
        message: "containerImage, taskRunner ignored: perch runs commands with the Process runner",
      },
      { level: "INFO", message: "ran" },
    ]);
    const files = run({ namespaceFiles: { enabled: true }, commands: ["true"] });
    await files.result;
    expect(files.lines).toEqual([{ level: "WARN", message: "namespaceFiles ignored: perch has no namespace files" }]);
    const quiet = run({ taskRunner: { type: "io.kestra.plugin.core.runner.Process" }, commands: ["echo ran"] });
    await quiet.result;
    expect(quiet.lines.map((l) => l.level)).toEqual(["INFO"]);
  });

  test("outputFiles (globs) are copied under perch-files/<execution>/<taskRun>/; the working dir is removed", async () => {
    const { result, lines } = run({
      commands: ['echo "$PWD"', "echo one > a.txt", "mkdir -p out && echo two > out/b.txt", "echo no > c.log"],
      outputFiles: ["*.txt", "out/**"],
    });
    const r = await result;
    const workDir = lines[0]!.message;
    expect(workDir.startsWith(join(tmpdir(), "perch-task-tr1-"))).toBe(true);
    expect(existsSync(workDir)).toBe(false);
    expect(existsSync(dirname(workDir))).toBe(false);
    const files = r.outputs?.outputFiles as Record<string, string>;
    expect(Object.keys(files).sort()).toEqual(["a.txt", "out/b.txt"]);
    expect(files["a.txt"]).toBe(join(filesRoot(), EXEC, "tr1", "a.txt"));
    expect(readFileSync(files["a.txt"]!, "utf8")).toBe("one\n");
    expect(readFileSync(files["out/b.txt"]!, "utf8")).toBe("two\n");
  });

  test("{{ workingDir }} and {{ outputDir }} render to the task's folders; files left in outputDir are kept", async () => {
    const { result, lines } = run({
      env: { WD: "{{ workingDir }}" },
      inputFiles: { "where.txt": "{{workingDir}}" },
      commands: [
        'echo "{{ workingDir }}|$WD|$PWD|$(cat where.txt)"',
        'echo kept > "{{ outputDir }}/kept.txt"',
        'test "$OUTPUT_DIR" = "{{ outputDir }}" && echo same',
      ],
    });
    const r = await result;
    const [wd, fromEnv, pwd, fromFile] = lines[0]!.message.split("|");
    expect([fromEnv, pwd, fromFile]).toEqual([wd, wd, wd]);
    expect(lines[1]!.message).toBe("same");
    const files = r.outputs?.outputFiles as Record<string, string>;
    expect(Object.keys(files)).toEqual(["kept.txt"]);
    expect(readFileSync(files["kept.txt"]!, "utf8")).toBe("kept\n");
  });

  test("the working dir is removed after a failure too; WORKING_DIR is set", async () => {
    const { result, lines } = run({ commands: ['echo "$WORKING_DIR"', "exit 1"] });
    await expect(result).rejects.toThrow("exit code 1");
    expect(lines[0]!.message).toContain("perch-task-tr1-");
    expect(existsSync(lines[0]!.message)).toBe(false);
  });

  test("bad input is named: escaping inputFiles, a missing interpreter", async () => {
    await expect(run({ inputFiles: { "../x": "no" }, commands: ["true"] }).result).rejects.toThrow(
      "`inputFiles`: `../x` must be a relative path inside the working directory",
    );
    await expect(run({ interpreter: ["/no/such/shell", "-c"], commands: ["true"] }).result).rejects.toThrow(
      "Cannot start `/no/such/shell`",
    );
  });

  test("perch's own PERCH_* settings are not passed to commands", async () => {
    process.env.PERCH_TEST_SECRET = "s3cret";
    try {
      const { result, lines } = run({ commands: ["printenv PERCH_TEST_SECRET || echo absent"] });
      await result;
      expect(lines.map((l) => l.message)).toEqual(["absent"]);
    } finally {
      delete process.env.PERCH_TEST_SECRET;
    }
  });
});

describe("Script", () => {
  test("a multi-line body without shebang runs with beforeCommands, env and an interpreter of choice", async () => {
    const { ctx, lines } = taskContext(vars);
    const r = await shellScript.run(
      {
        interpreter: ["/bin/bash", "-c"],
        beforeCommands: ["echo setup"],
        env: { NAME: "{{ trigger.body.name }}" },
        script: [
          "for i in 1 2; do",
          '  echo "line $i for $NAME"',
          "done",
          'if [[ "$NAME" == Ada ]]; then echo bash-only; fi',
          `echo '::{"outputs":{"n":{{ trigger.body.b }}}}::'`,
        ].join("\n"),
      },
      ctx,
    );
    expect(lines.map((l) => l.message)).toEqual(["setup", "line 1 for Ada", "line 2 for Ada", "bash-only"]);
    expect(r.outputs).toEqual({ exitCode: 0, vars: { n: 3 }, outputFiles: {} });
  });

  test("a failing script fails the task with its exit code", async () => {
    const { ctx } = taskContext(vars);
    await expect(shellScript.run({ script: "echo hi\nexit 7\n" }, ctx)).rejects.toThrow(
      "Command failed with exit code 7",
    );
  });
});

describe("timeout through the task runner", () => {
  test("timeout PT0.5S: FAILED with a timeout message, the shell and its background child are gone", async () => {
    const pidFile = join(scratch, "timeout-pids");
    const taskRunId = `tr-timeout-${process.pid}`;
    const logs: LogEntry[] = [];
    const task = {
      id: "slow",
      type: "io.kestra.plugin.scripts.shell.Commands",
      timeout: "PT0.5S",
      env: { PIDS: pidFile },
      commands: ['sleep 30 & echo $! > "$PIDS"; echo $$ >> "$PIDS"; sleep 30'],
    } as unknown as TaskDef;
    const outcome = await runTask({
      task,
      executionId: EXEC,
      taskRunId,
      variables: vars,
      renderOptions: {},
      now: () => new Date("2026-01-01T00:00:00Z"),
      log: (e) => logs.push(e),
      signal: new AbortController().signal,
    });
    expect(outcome.state).toBe("FAILED");
    expect(outcome.error).toBe("Timeout after PT0.5S");
    const pids = await pidsIn(pidFile, 2);
    expect(pids.length).toBe(2);
    for (const pid of pids) expect(await gone(pid)).toBe(true);
    // the task goes on after the runner gave up on it: it still removes its folders
    expect(await noTaskDir(`perch-task-${taskRunId}-`)).toBe(true);
  });
});
