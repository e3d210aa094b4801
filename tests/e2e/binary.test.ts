/**
 * The compiled binary works on its own: copied to a folder with no node_modules, it serves a webhook whose flow
 * uses jq, and stops cleanly on SIGTERM.
 */
import { afterAll, expect, test } from "bun:test";
import type { Subprocess } from "bun";
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { BUN, FLOWS, NS, ROOT, removeDir, taskOutputs, tempDir, waitTerminal } from "./harness.ts";

const DIST = join(ROOT, "dist/perch");

/** newest modification time under a folder (sources the binary is built from) */
function newest(dir: string): number {
  let max = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    max = Math.max(max, s.isDirectory() ? newest(p) : s.mtimeMs);
  }
  return max;
}

/** the Makefile's build command, writing to `outfile` (the plain `bun build --compile` when it cannot be read) */
function buildCommand(outfile: string): string[] {
  const plain = [BUN, "build", "--compile", "--minify", "src/main.ts", "--outfile", outfile];
  const recipe = readFileSync(join(ROOT, "Makefile"), "utf8")
    .split("\n")
    .find((line) => /^\t\$\(BUN\) build .*--compile/.test(line));
  if (!recipe) return plain;
  const words = recipe.trim().replace("$(BUN)", BUN).split(/\s+/);
  if (words.some((w) => w.includes("$(") || w.includes("'") || w.includes('"'))) return plain;
  const i = words.indexOf("--outfile");
  if (i >= 0) words[i + 1] = outfile;
  else words.push("--outfile", outfile);
  return words;
}

/**
 * starts `<binary> server` with cwd `dir` (the shared helper only runs `bun src/main.ts`); resolves with the base
 * URL once the listening line is on stderr
 */
async function startBinary(
  binary: string,
  dir: string,
): Promise<{ proc: Subprocess; base: string; stderr: () => string }> {
  copyFileSync(join(FLOWS, "binary-jq.yml"), join(dir, "flows", "binary-jq.yml"));
  const proc = Bun.spawn(
    [binary, "server", "--flows", join(dir, "flows"), "--data", join(dir, "data"), "--port", "0"],
    {
      cwd: dir,
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: dir },
      stdin: "ignore",
      stdout: "ignore",
      stderr: "pipe",
    },
  );
  let text = "";
  const base = await new Promise<string>((resolve, reject) => {
    let found = false;
    const timer = setTimeout(() => reject(new Error(`binary did not listen within 15 s:\n${text}`)), 15_000);
    // one reader for the whole life of the child, so it never blocks on a full pipe
    void (async () => {
      const decoder = new TextDecoder();
      for await (const chunk of proc.stderr as ReadableStream<Uint8Array>) {
        text += decoder.decode(chunk, { stream: true });
        const m = found ? null : /listening.*?(http:\/\/127\.0\.0\.1:\d+)/.exec(text);
        if (m) {
          found = true;
          clearTimeout(timer);
          resolve(m[1]!);
        }
      }
      if (!found) {
        clearTimeout(timer);
        reject(new Error(`binary exited before listening:\n${text}`));
      }
    })();
  });
  return { proc, base, stderr: () => text };
}

let buildDir: string | undefined;
let runDir: string | undefined;
let proc: Subprocess | undefined;

afterAll(async () => {
  if (proc && proc.exitCode === null && !proc.signalCode) {
    proc.kill(9);
    await proc.exited;
  }
  removeDir(buildDir);
  removeDir(runDir);
});

test("the compiled binary runs a jq flow from a folder without node_modules", async () => {
  let binary = DIST;
  const fresh =
    existsSync(DIST) &&
    statSync(DIST).mtimeMs >= Math.max(newest(join(ROOT, "src")), statSync(join(ROOT, "package.json")).mtimeMs);
  if (!fresh) {
    buildDir = tempDir("build");
    binary = join(buildDir, "perch");
    const build = Bun.spawnSync(buildCommand(binary), { cwd: ROOT, stdout: "pipe", stderr: "pipe" });
    if (build.exitCode !== 0) throw new Error(`build failed:\n${build.stdout}\n${build.stderr}`);
  }
  runDir = tempDir("bin");
  const copy = join(runDir, "perch");
  copyFileSync(binary, copy);
  chmodSync(copy, 0o755);
  expect(existsSync(join(runDir, "node_modules"))).toBe(false);

  mkdirSync(join(runDir, "flows"));
  mkdirSync(join(runDir, "data"));
  const server = await startBinary(copy, runDir);
  proc = server.proc;
  const hook = `${server.base}/api/v1/main/executions/webhook/${NS}/binary-jq/binary-key`;
  const res = await fetch(hook, {
    method: "POST",
    body: JSON.stringify({ hello: "world", n: 1 }),
    headers: { "Content-Type": "application/json" },
  });
  expect(res.status).toBe(200);
  const { id } = (await res.json()) as { id: string };
  const execution = await waitTerminal(server.base, id);
  expect(execution.state.current).toBe("SUCCESS");
  expect(taskOutputs(execution, "hello")?.value).toBe("world");

  // a second call: jq must keep working after its first use
  const again = await fetch(hook, {
    method: "POST",
    body: '{"hello":"again"}',
  });
  expect(again.status).toBe(200);
  const second = await waitTerminal(server.base, ((await again.json()) as { id: string }).id);
  expect(taskOutputs(second, "hello")?.value).toBe("again");

  proc.kill("SIGTERM");
  expect(await proc.exited).toBe(0);
}, 120_000);
