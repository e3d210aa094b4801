/** The CLI as a child process: version, key, help, bad usage, validate, run. */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import pkg from "../../package.json" with { type: "json" };
import { runPerch, tempDir } from "../helpers/server.ts";

let dir: string;

const GOOD = `id: good
namespace: perch.cli
inputs:
  - id: name
    type: STRING
    defaults: world
tasks:
  - id: hello
    type: io.kestra.plugin.core.debug.Return
    format: "hello {{ inputs.name }}"
outputs:
  - id: greeting
    type: STRING
    value: "{{ outputs.hello.value }}"
`;

const BAD = `id: bad
namespace: perch.cli
tasks:
  - id: x
    type: io.kestra.plugin.core.nope.Nope
`;

const FAILING = `id: failing
namespace: perch.cli
tasks:
  - id: fail
    type: io.kestra.plugin.core.execution.Fail
`;

const CALLER = `id: caller
namespace: perch.cli
tasks:
  - id: call
    type: io.kestra.plugin.core.flow.Subflow
    namespace: perch.cli
    flowId: good
    inputs:
      name: sub
outputs:
  - id: said
    type: STRING
    value: "{{ outputs.call.outputs.greeting }}"
`;

beforeAll(() => {
  dir = tempDir("cli");
  mkdirSync(join(dir, "flows/sub"), { recursive: true });
  writeFileSync(join(dir, "flows/good.yml"), GOOD);
  writeFileSync(join(dir, "flows/sub/bad.yaml"), BAD);
  writeFileSync(join(dir, "flows/notes.txt"), "not a flow");
  writeFileSync(join(dir, "failing.yml"), FAILING);
  writeFileSync(join(dir, "caller.yml"), CALLER);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("simple commands", () => {
  test("version prints perch and the package version", () => {
    for (const args of [["version"], ["--version"]]) {
      const r = runPerch(args);
      expect(r.code).toBe(0);
      expect(r.stdout.trim()).toBe(`perch ${pkg.version}`);
    }
  });

  test("key prints a fresh URL-safe key of 22+ characters", () => {
    const a = runPerch(["key"]);
    const b = runPerch(["key"]);
    expect(a.code).toBe(0);
    expect(a.stdout.trim()).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    expect(a.stdout.trim()).not.toBe(b.stdout.trim());
  });

  test("--help lists the commands; <command> --help lists flags with env names and defaults", () => {
    const main = runPerch(["--help"]);
    expect(main.code).toBe(0);
    for (const c of ["server", "validate", "run", "key", "version"]) expect(main.stdout).toContain(c);
    const server = runPerch(["server", "--help"]);
    expect(server.code).toBe(0);
    for (const s of [
      "--flows",
      "PERCH_FLOWS",
      "--port",
      "PERCH_PORT",
      "default 8080",
      "--max-body-size",
      "--wait-limit",
      "--config",
    ]) {
      expect(server.stdout).toContain(s);
    }
    for (const c of ["validate", "run", "key", "version"]) expect(runPerch([c, "--help"]).code).toBe(0);
  });

  test("unknown command, unknown flag, bad value: a clear message and exit 2", () => {
    const cases: [string[], string][] = [
      [["bogus"], "perch: unknown command 'bogus'"],
      [["--bogus"], "perch: unknown option '--bogus'"],
      [["server", "--bogus"], "perch server: unknown option '--bogus'"],
      [["server", "--port", "abc"], "perch server: --port: expected an integer 0-65535, got 'abc'"],
      [["validate"], "perch validate: give at least one FILE or DIR"],
      [["run"], "perch run: give exactly one flow FILE"],
      [["key", "extra"], "perch key: unexpected argument 'extra'"],
    ];
    for (const [args, message] of cases) {
      const r = runPerch(args);
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.stderr).toContain(message);
    }
  });
});

describe("validate", () => {
  test("valid files: ok <file>, exit 0", () => {
    const r = runPerch(["validate", "flows/good.yml"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe("ok flows/good.yml");
  });

  test("a folder: every flow file recursively; errors as file:line:column: path: message with the line; exit 1", () => {
    const r = runPerch(["validate", "flows"], { cwd: dir });
    expect(r.code).toBe(1);
    const lines = r.stdout.split("\n");
    expect(lines).toContain("ok flows/good.yml");
    const error = lines.find((l) => l.startsWith("flows/sub/bad.yaml:"));
    expect(error).toMatch(/^flows\/sub\/bad\.yaml:5:\d+: tasks\[0\]\.type: .+/);
    expect(r.stdout).toContain("5 |     type: io.kestra.plugin.core.nope.Nope");
    expect(r.stdout).toContain("^");
    expect(r.stdout).not.toContain("notes.txt");
  });

  test("a missing file: exit 1", () => {
    const r = runPerch(["validate", "nope.yml"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("nope.yml: no such file or folder");
  });
});

describe("run", () => {
  test("runs a flow once: prints state and outputs as JSON, exit 0", () => {
    const r = runPerch(["run", "flows/good.yml", "--input", "name=perch"], { cwd: dir });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.state).toBe("SUCCESS");
    expect(out.outputs).toEqual({ greeting: "hello perch" });
  });

  test("--flows loads the flows a Subflow calls (an invalid one there is reported, not fatal)", () => {
    const alone = runPerch(["run", "caller.yml"], { cwd: dir });
    expect(alone.code).toBe(1);
    expect(alone.stderr).toContain("Unable to find flow perch.cli.good");
    const r = runPerch(["run", "caller.yml", "--flows", "flows"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).outputs).toEqual({ said: "hello sub" });
    expect(r.stderr).toContain("perch run: 1 invalid flow(s) in flows not loaded");
  });

  test("a FAILED execution exits 1; an invalid flow exits 1 with its errors", () => {
    const failed = runPerch(["run", "failing.yml"], { cwd: dir });
    expect(failed.code).toBe(1);
    expect(JSON.parse(failed.stdout).state).toBe("FAILED");
    const bad = runPerch(["run", "flows/sub/bad.yaml"], { cwd: dir });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/flows\/sub\/bad\.yaml:5:\d+: /);
  });
});
