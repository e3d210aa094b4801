/**
 * Graceful shutdown of the real server process: SIGTERM while a `wait: true` webhook call waits on a 3 s Sleep.
 * The caller gets an answer (202 with the execution and Location, not a reset), the process exits 0 within the
 * bound, logs one `stopped` line, and after a restart on the same data folder the execution ends SUCCESS.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { startPerch } from "../helpers/server.ts";
import { getJson, removeDir, tempDir, waitTerminal } from "./harness.ts";

const FLOW = `id: slow
namespace: perch.shutdown
tasks:
  - id: nap
    type: io.kestra.plugin.core.flow.Sleep
    duration: PT3S
  - id: done
    type: io.kestra.plugin.core.debug.Return
    format: awake
triggers:
  - id: hook
    type: io.kestra.plugin.core.trigger.Webhook
    key: slow-key
    wait: true
`;

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) removeDir(d);
});

async function runningCount(base: string): Promise<number> {
  const r = await getJson(`${base}/api/v1/main/executions/search?namespace=perch.shutdown&state=RUNNING`);
  return r.status === 200 ? r.body.total : 0;
}

// PT1S: the Sleep is cut and resumes after the restart; PT10S (the default): it ends during the shutdown
for (const bound of ["PT1S", "PT10S"]) {
  describe(`SIGTERM during a wait: true call (--shutdown-timeout ${bound})`, () => {
    test("the caller is answered, exit 0, nothing lost after a restart", async () => {
      const data = tempDir("shutdown-data");
      dirs.push(data);
      const args = ["--data", data, "--shutdown-timeout", bound];
      const first = await startPerch({ flows: { "slow.yml": FLOW }, args });
      const url = `${first.url}/api/v1/main/executions/webhook/perch.shutdown/slow/slow-key`;
      const call = fetch(url, { method: "POST", body: "{}" }).then(async (res) => ({
        status: res.status,
        location: res.headers.get("location"),
        body: (await res.json()) as { id: string; state: { current: string } },
      }));
      for (let i = 0; i < 100 && (await runningCount(first.url)) === 0; i++) await Bun.sleep(20);
      expect(await runningCount(first.url)).toBe(1);

      const code = await first.stop("SIGTERM"); // SIGKILL (exit code not 0) if it does not end within 10 s
      const answer = await call;
      expect(code).toBe(0);
      expect(answer.status).toBe(202);
      expect(answer.body.state.current).toBe("RUNNING");
      expect(answer.location).toEndWith(`/api/v1/main/executions/${answer.body.id}`);
      const stopped = await first.waitForLine(/ INFO stopped /, 5000); // stderr may still be in the pipe
      expect(stopped).toMatch(/ INFO stopped signal=SIGTERM inFlight=1 drained=true ms=\d+$/);
      expect(first.stderrLines().filter((l) => / INFO (stopped|shutdown)/.test(l))).toEqual([stopped]);

      const second = await startPerch({ flows: { "slow.yml": FLOW }, args });
      try {
        const execution = await waitTerminal(second.url, answer.body.id, 15_000);
        expect(execution.state.current).toBe("SUCCESS");
        expect(execution.taskRunList.find((t: { taskId: string }) => t.taskId === "done").outputs.value).toBe("awake");
      } finally {
        expect(await second.stop()).toBe(0);
      }
    }, 40_000);
  });
}
