/**
 * The compiled binary works on its own: copied to a folder with no node_modules, it serves a webhook whose flow
 * uses jq, and stops cleanly on SIGTERM.
 */
import { afterAll, expect, test } from "bun:test";
import { chmodSync, copyFileSync, existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import {
  BUN,
  NS,
  type PerchServer,
  ROOT,
  removeDir,
  startServer,
  taskOutputs,
  tempDir,
  waitTerminal,
} from "./harness.ts";

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

let buildDir: string | undefined;
let runDir: string | undefined;
let server: PerchServer | undefined;

afterAll(async () => {
  if (server && server.proc.exitCode === null) await server.kill();
  removeDir(server?.dataDir);
  removeDir(server?.flowsDir);
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

  server = await startServer({ flows: ["binary-jq.yml"], command: [copy], cwd: runDir });
  const res = await fetch(server.webhook(NS, "binary-jq", "binary-key"), {
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
  const again = await fetch(server.webhook(NS, "binary-jq", "binary-key"), {
    method: "POST",
    body: '{"hello":"again"}',
  });
  expect(again.status).toBe(200);
  const second = await waitTerminal(server.base, ((await again.json()) as { id: string }).id);
  expect(taskOutputs(second, "hello")?.value).toBe("again");

  expect(await server.stop("SIGTERM")).toBe(0);
}, 120_000);
