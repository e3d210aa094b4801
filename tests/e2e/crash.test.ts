/**
 * Decision 11 (an execution is durably stored before any 2xx): webhooks keep arriving while the server is
 * SIGKILLed; after a restart on the same data dir every acknowledged execution exists and runs to its end.
 */
import { afterAll, expect, test } from "bun:test";
import { getExecution, NS, type PerchServer, startServer } from "./harness.ts";

const MAX_REQUESTS = 300;
const CONCURRENCY = 20;
const KILL_AFTER = 100;
const FIRE_WINDOW_MS = 3_000;
const PACE_MS = 150;

let first: PerchServer | undefined;
let second: PerchServer | undefined;

afterAll(async () => {
  await second?.stop();
  // the first server is gone already (SIGKILL); stop() waits for it and removes the shared temp dirs
  if (first && first.proc.exitCode === null && !first.proc.signalCode) await first.kill();
  await first?.stop();
});

test("every execution acknowledged before a SIGKILL survives the restart and ends SUCCESS", async () => {
  first = await startServer({ flows: ["crash-sleep.yml"] });
  const url = first.webhook(NS, "crash-sleep", "crash-key");
  /** execution id → the `n` its request carried */
  const acknowledged = new Map<string, number>();
  const otherStatuses: number[] = [];
  let sent = 0;
  let answered = 0;
  let killed: Promise<void> | undefined;
  const stopAt = Date.now() + FIRE_WINDOW_MS;

  const worker = async () => {
    while (sent < MAX_REQUESTS && Date.now() < stopAt) {
      const n = sent++;
      try {
        const res = await fetch(url, {
          method: "POST",
          body: JSON.stringify({ n }),
          headers: { "Content-Type": "application/json" },
        });
        const text = await res.text();
        if (res.status >= 200 && res.status < 300) {
          let id: unknown;
          try {
            id = JSON.parse(text).id;
          } catch {
            id = undefined;
          }
          if (typeof id === "string") acknowledged.set(id, n);
          else otherStatuses.push(res.status);
        } else {
          otherStatuses.push(res.status);
        }
        answered++;
        if (answered >= KILL_AFTER && !killed) killed = first!.kill();
        // spread the calls over about a second, so some executions are done and others in flight at the kill
        else await Bun.sleep(PACE_MS);
      } catch {
        // connection refused or reset once the server is gone: never acknowledged, nothing to check
        if (killed) return;
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  if (!killed) killed = first.kill();
  await killed;

  expect(acknowledged.size).toBeGreaterThanOrEqual(KILL_AFTER - CONCURRENCY);
  // before the kill the server only ever answered 200 with an execution id
  expect(otherStatuses).toEqual([]);

  // same flows and data dirs: the repeated flags win over the helper's fresh ones
  second = await startServer({ args: ["--flows", first.flowsDir, "--data", first.dataDir] });
  const deadline = Date.now() + 20_000;
  const pending = new Set(acknowledged.keys());
  const wrongBody: string[] = [];
  const states = new Map<string, string>();
  while (pending.size > 0 && Date.now() < deadline) {
    for (const id of [...pending]) {
      const r = await getExecution(second.base, id);
      if (r.status === 200) states.set(id, r.body.state.current);
      else states.set(id, `HTTP ${r.status}`);
      if (r.body?.state?.current === "SUCCESS") {
        pending.delete(id);
        // the stored execution is the one this request created
        const n = r.body.trigger?.variables?.body?.n;
        if (n !== acknowledged.get(id)) wrongBody.push(`${id}: sent n=${acknowledged.get(id)}, stored n=${n}`);
      }
    }
    if (pending.size > 0) await Bun.sleep(200);
  }
  const notDone = [...pending].map((id) => `${id}: ${states.get(id)}`);
  expect(notDone).toEqual([]);
  expect(wrongBody).toEqual([]);
  // the log task of a resumed execution ran: its line is in the logs
  const [lastId, lastN] = [...acknowledged].at(-1)!;
  const logs = await fetch(`${second.base}/api/v1/main/logs/${lastId}/download`);
  expect(logs.status).toBe(200);
  expect(await logs.text()).toContain(`woke up for ${lastN}`);
}, 45_000);
