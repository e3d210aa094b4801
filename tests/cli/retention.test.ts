/**
 * Retention on the real server process: with `--retention PT1S`, an ended execution and its logs disappear in the
 * background (polled, bounded); with `--retention off` they stay.
 */
import { expect, test } from "bun:test";
import { startPerch } from "../helpers/server.ts";

const FLOW = `id: short
namespace: perch.retention
tasks:
  - id: log
    type: io.kestra.plugin.core.log.Log
    message: remember me
triggers:
  - id: hook
    type: io.kestra.plugin.core.trigger.Webhook
    key: short-key
    wait: true
`;

async function runOne(base: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/main/executions/webhook/perch.retention/short/short-key`, { method: "POST" });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { id: string; state: { current: string } };
  expect(body.state.current).toBe("SUCCESS");
  return body.id;
}

test("an ended execution and its logs are purged past --retention", async () => {
  const p = await startPerch({ flows: { "short.yml": FLOW }, args: ["--retention", "PT1S"] });
  try {
    expect(p.stderrLines().find((l) => l.includes("listening"))).toContain("retention=PT1S");
    const id = await runOne(p.url);
    let status = 200;
    for (let i = 0; i < 150 && status === 200; i++) {
      await Bun.sleep(100);
      const res = await fetch(`${p.url}/api/v1/main/executions/${id}`);
      status = res.status;
      await res.arrayBuffer();
    }
    expect(status).toBe(404);
    expect(await (await fetch(`${p.url}/api/v1/main/logs/${id}`)).json()).toEqual([]);
    expect(p.stderrLines().some((l) => l.includes("retention.purged executions=1"))).toBe(true);
  } finally {
    expect(await p.stop()).toBe(0);
  }
}, 30_000);

test("--retention off keeps everything", async () => {
  const p = await startPerch({ flows: { "short.yml": FLOW }, args: ["--retention", "off"] });
  try {
    expect(p.stderrLines().find((l) => l.includes("listening"))).toContain("retention=off");
    const id = await runOne(p.url);
    await Bun.sleep(1500); // past the first run a purger would make
    expect((await fetch(`${p.url}/api/v1/main/executions/${id}`)).status).toBe(200);
  } finally {
    expect(await p.stop()).toBe(0);
  }
}, 30_000);
