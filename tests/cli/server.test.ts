/** `perch server` as a child process: start on port 0, flows folder (invalid flow logged, reload), webhook, SIGTERM. */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BUN, MAIN, type PerchProcess, ROOT, startPerch, tempDir } from "../helpers/server.ts";

const flow = (message: string) => `id: hello
namespace: perch.cli
tasks:
  - id: log
    type: io.kestra.plugin.core.log.Log
    message: ${message}
triggers:
  - id: hook
    type: io.kestra.plugin.core.trigger.Webhook
    key: the-key
`;

const INVALID = `id: broken
namespace: perch.cli
tasks:
  - id: x
    type: io.kestra.plugin.core.nope.Nope
`;

let s: PerchProcess;
let configDir: string;

// the flags given by the test win over port (9) and url of the file; the env wins over the file's url
const CONFIG = `server:
  host: 127.0.0.1
  port: 9
  url: http://from-file.example.com
  maxBodySize: 1KiB
log:
  format: text
`;

beforeAll(async () => {
  configDir = tempDir("config");
  writeFileSync(join(configDir, "perch.yaml"), CONFIG);
  writeFileSync(join(configDir, "bad.yaml"), "server:\n  port: eighty\n");
  s = await startPerch({
    flows: { "hello.yml": flow("one"), "nested/broken.yaml": INVALID },
    args: ["--url", "http://perch.example.com/"],
  });
});
afterAll(async () => {
  if (s.proc.exitCode === null) await s.stop();
  rmSync(configDir, { recursive: true, force: true });
});

const hook = () => `${s.url}/api/v1/main/executions/webhook/perch.cli/hello/the-key`;

describe("perch server", () => {
  test("prints the listening line with the real port; the public URL goes into answers", async () => {
    expect(s.port).toBeGreaterThan(0);
    // the default retention reads as configured: 30 days
    expect(s.stderrLines().some((l) => l.includes("listening") && l.includes("retention=P30D"))).toBe(true);
    expect(s.stderrLines().some((l) => l.includes("listening") && l.includes(`url=http://127.0.0.1:${s.port}`))).toBe(
      true,
    );
    const res = await fetch(hook(), { method: "POST", body: '{"a":1}' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { id: string; url: string; trigger: { logFile: string } };
    expect(body.url).toBe(`http://perch.example.com/ui/main/executions/perch.cli/hello/${body.id}`);
    expect(body.trigger.logFile).toBe(`http://perch.example.com/api/v1/main/logs/${body.id}/download`);
  });

  test("an invalid flow is logged with file, path, line and column, and not served", async () => {
    const line = s.stderrLines().find((l) => l.includes("flow.invalid"));
    expect(line).toBeDefined();
    expect(line).toContain("file=nested/broken.yaml");
    expect(line).toContain("path=tasks[0].type");
    expect(line).toContain("line=5");
    expect(line).toMatch(/column=\d+/);
    const res = await fetch(`${s.url}/api/v1/main/executions/webhook/perch.cli/broken/k`, { method: "POST" });
    expect(res.status).toBe(409);
    await res.arrayBuffer();
  });

  test("a changed flow file is reloaded as a new revision", async () => {
    writeFileSync(join(s.flowsDir, "hello.yml"), flow("two"));
    await s.waitForLine(/flow\.reloaded.*flow=perch\.cli\/hello.*revision=2/, 10_000);
    const res = await fetch(`${s.url}/api/v1/main/flows/perch.cli/hello`);
    expect(((await res.json()) as { revision: number }).revision).toBe(2);
  });

  test("a new flow file is loaded; a removed one deletes its flow", async () => {
    writeFileSync(join(s.flowsDir, "extra.yml"), flow("x").replace("id: hello", "id: extra"));
    await s.waitForLine(/flow\.reloaded.*flow=perch\.cli\/extra/, 10_000);
    expect((await fetch(`${s.url}/api/v1/main/flows/perch.cli/extra`)).status).toBe(200);
    rmSync(join(s.flowsDir, "extra.yml"));
    await s.waitForLine(/flow\.deleted.*flow=perch\.cli\/extra/, 10_000);
    expect((await fetch(`${s.url}/api/v1/main/flows/perch.cli/extra`)).status).toBe(404);
  });

  test("SIGTERM: shutdown logged in one line, exit 0", async () => {
    const code = await s.stop("SIGTERM");
    expect(code).toBe(0);
    const stopped = await s.waitForLine(/ INFO stopped /, 5000); // stderr may still be in the pipe
    expect(stopped).toMatch(/ INFO stopped signal=SIGTERM inFlight=0 drained=true ms=\d+$/);
    expect(s.stderrLines().filter((l) => / (stopped|shutdown)/.test(l))).toHaveLength(1);
  });
});

describe("configuration sources", () => {
  test("a config file, overridden by env, overridden by flags; JSON logs", async () => {
    const p = await startPerch({
      flows: { "hello.yml": flow("cfg") },
      args: ["--config", join(configDir, "perch.yaml"), "--log-format", "json"],
      env: { PERCH_URL: "http://from-env.example.com", PERCH_WAIT_LIMIT: "PT5S" },
    });
    try {
      const listening = p.stderrLines().find((l) => l.includes('"event":"listening"'));
      expect(listening).toBeDefined();
      const entry = JSON.parse(listening!);
      expect(entry.url).toBe(`http://127.0.0.1:${p.port}`);
      expect(entry.public).toBe("http://from-env.example.com");
      const small = await fetch(`${p.url}/api/v1/main/executions/webhook/perch.cli/hello/the-key`, {
        method: "POST",
        body: "x".repeat(2000),
      });
      expect(small.status).toBe(413); // server.maxBodySize: 1KiB from the file
      await small.arrayBuffer();
    } finally {
      expect(await p.stop()).toBe(0);
    }
  });

  test("SIGINT also stops cleanly with exit 0", async () => {
    const p = await startPerch({ flows: { "hello.yml": flow("int") } });
    expect(await p.stop("SIGINT")).toBe(0);
    expect(await p.waitForLine(/ INFO stopped signal=SIGINT/, 5000)).toBeDefined();
  });

  test("a missing flows folder or an unusable data folder: an error line and exit 1", () => {
    const noFlows = Bun.spawnSync(
      [BUN, MAIN, "server", "--flows", join(configDir, "nope"), "--data", configDir, "--port", "0"],
      {
        cwd: ROOT,
        stderr: "pipe",
      },
    );
    expect(noFlows.exitCode).toBe(1);
    expect(noFlows.stderr.toString()).toContain("flows.not_found");
    const badData = Bun.spawnSync([BUN, MAIN, "server", "--data", join(configDir, "perch.yaml"), "--port", "0"], {
      cwd: ROOT,
      stderr: "pipe",
    });
    expect(badData.exitCode).toBe(1);
    expect(badData.stderr.toString()).toContain("store.open_failed");
  });

  test("a bad value in the config file: exit 2 naming the key", async () => {
    const r = Bun.spawnSync([BUN, MAIN, "server", "--config", join(configDir, "bad.yaml")], {
      cwd: ROOT,
      stderr: "pipe",
    });
    expect(r.exitCode).toBe(2);
    expect(r.stderr.toString()).toContain("server.port: expected an integer 0-65535, got 'eighty'");
  });
});
