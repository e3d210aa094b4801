/**
 * jq inside a compiled binary: builds an entry that imports the jq runner (and the jq filter) with
 * `bun build --compile --minify` (one entrypoint: the jq worker needs none of its own), copies the binary to a
 * folder without node_modules and runs it there twice. A program that never ends is stopped (TIMEOUT) there too.
 */
import { afterAll, expect, test } from "bun:test";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dir, "../..");
const work = mkdtempSync(join(tmpdir(), "perch-jq-"));

afterAll(() => rmSync(work, { recursive: true, force: true }));

test("jq works from a compiled binary with no node_modules around, call after call", () => {
  const entry = join(work, "entry.ts");
  writeFileSync(
    entry,
    [
      `import { runJq } from ${JSON.stringify(join(root, "src/expr/jq.ts"))};`,
      `import { jq } from ${JSON.stringify(join(root, "src/expr/filters/jq.ts"))};`,
      `import { renderTemplate } from ${JSON.stringify(join(root, "src/expr/index.ts"))};`,
      "const env = { tick() {} } as never;",
      'console.log(JSON.stringify(runJq({ a: [1, 2, 3] }, ".a | map(. * 2)")));',
      'console.log(JSON.stringify(jq.apply(\'{"b":"x"}\', { expression: ".b" }, env)));',
      'console.log(JSON.stringify(runJq([3, 1, 2], "sort | first")));',
      "try {",
      "  renderTemplate(\"{{ 1 | jq('repeat(.)') }}\", {}, { limits: { maxMillis: 200 } });",
      '  console.log("no error");',
      "} catch (e) {",
      "  console.log((e as { code?: string }).code);",
      "}",
      "console.log(renderTemplate(\"{{ {'a': 2} | jq('.a * 21') | first }}\", {}));",
    ].join("\n"),
  );
  const outDir = join(work, "out");
  const build = Bun.spawnSync(
    [join(root, "node_modules/.bin/bun"), "build", "--compile", "--minify", entry, "--outfile", join(outDir, "jqtest")],
    { cwd: root, stderr: "pipe", stdout: "pipe" },
  );
  expect(build.exitCode, build.stderr.toString()).toBe(0);
  const runDir = join(work, "run");
  mkdirSync(runDir);
  const bin = join(runDir, "jqtest");
  copyFileSync(join(outDir, "jqtest"), bin);
  rmSync(outDir, { recursive: true, force: true });
  for (let i = 0; i < 2; i++) {
    const run = Bun.spawnSync([bin], { cwd: runDir, stderr: "pipe", stdout: "pipe", env: { PATH: "/usr/bin:/bin" } });
    expect(run.stderr.toString()).toBe("");
    expect(run.exitCode).toBe(0);
    expect(run.stdout.toString()).toBe('[[2,4,6]]\n["x"]\n[1]\nTIMEOUT\n42\n');
  }
}, 120_000);
