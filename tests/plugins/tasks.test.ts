import { describe, expect, test } from "bun:test";
import { TaskFailure } from "../../src/plugins/sdk.ts";
import { fail } from "../../src/plugins/tasks/fail.ts";
import { log } from "../../src/plugins/tasks/log.ts";
import { outputValues } from "../../src/plugins/tasks/output-values.ts";
import { returnTask } from "../../src/plugins/tasks/return.ts";
import { sleep } from "../../src/plugins/tasks/sleep.ts";
import { taskContext } from "./context.ts";

const vars = { trigger: { body: { name: "Ada", n: 3, ok: true } }, flow: { id: "f" } };

describe("Log", () => {
  test("renders and logs one message at INFO by default", async () => {
    const { ctx, lines } = taskContext(vars);
    expect(await log.run({ message: "hello {{ trigger.body.name }}" }, ctx)).toEqual({});
    expect(lines).toEqual([{ level: "INFO", message: "hello Ada" }]);
  });
  test("a list of messages, each rendered, at the given level", async () => {
    const { ctx, lines } = taskContext(vars);
    await log.run({ message: ["a {{ trigger.body.n }}", "b {{ flow.id }}"], level: "WARN" }, ctx);
    expect(lines).toEqual([
      { level: "WARN", message: "a 3" },
      { level: "WARN", message: "b f" },
    ]);
  });
  test("a map body is written as JSON", async () => {
    const { ctx, lines } = taskContext(vars);
    await log.run({ message: "{{ trigger.body }}" }, ctx);
    expect(JSON.parse(lines[0]!.message)).toEqual(vars.trigger.body);
  });
});

describe("Return", () => {
  test("format rendered to outputs.value", async () => {
    const { ctx } = taskContext(vars);
    expect(await returnTask.run({ format: "{{ trigger.body.name | upper }}" }, ctx)).toEqual({
      outputs: { value: "ADA" },
    });
  });
});

describe("OutputValues", () => {
  test("strings rendered, other literals kept typed", async () => {
    const { ctx } = taskContext(vars);
    const r = await outputValues.run(
      { values: { who: "{{ trigger.body.name }}", code: 202, ok: false, list: [1, "{{ flow.id }}"] } },
      ctx,
    );
    expect(r).toEqual({ outputs: { values: { who: "Ada", code: 202, ok: false, list: [1, "f"] } } });
  });
  test("no values gives an empty map", async () => {
    const { ctx } = taskContext(vars);
    expect(await outputValues.run({}, ctx)).toEqual({ outputs: { values: {} } });
  });
});

describe("Fail", () => {
  test("without condition: always fails with errorMessage (default `Task failure`)", async () => {
    const { ctx } = taskContext(vars);
    await expect(fail.run({}, ctx)).rejects.toThrow(new TaskFailure("Task failure"));
    await expect(fail.run({ errorMessage: "no {{ trigger.body.name }}" }, ctx)).rejects.toThrow("no Ada");
  });
  const table: [string, boolean][] = [
    ["{{ trigger.body.ok }}", true],
    ["{{ trigger.body.n > 5 }}", false],
    ["{{ trigger.body.n > 1 }}", true],
    ["false", false],
    ["0", false],
    [" -0 ", false],
    ["", false],
    ["False", true],
    ["no", true],
  ];
  for (const [condition, fails] of table) {
    test(`condition ${JSON.stringify(condition)} ${fails ? "fails" : "passes"}`, async () => {
      const { ctx, lines } = taskContext(vars);
      const run = fail.run({ condition, errorMessage: "too big" }, ctx);
      if (fails) {
        await expect(run).rejects.toThrow("Fail on a condition");
        expect(lines).toEqual([{ level: "ERROR", message: "too big" }]);
      } else {
        expect(await run).toEqual({});
        expect(lines).toEqual([]);
      }
    });
  }
});

describe("Sleep", () => {
  test("resolves after the duration", async () => {
    const { ctx } = taskContext(vars);
    expect(await sleep.run({ duration: "PT0.01S" }, ctx)).toEqual({});
  });
  test("rejects promptly when the signal aborts", async () => {
    const controller = new AbortController();
    const { ctx } = taskContext(vars, controller.signal);
    const run = sleep.run({ duration: "PT1H" }, ctx);
    setTimeout(() => controller.abort(new Error("killed")), 5);
    await expect(run).rejects.toThrow("killed");
  });
  test("an already aborted signal rejects at once", async () => {
    const controller = new AbortController();
    controller.abort();
    const { ctx } = taskContext(vars, controller.signal);
    await expect(sleep.run({ duration: "PT1H" }, ctx)).rejects.toThrow();
  });
  test("an invalid duration fails", async () => {
    const { ctx } = taskContext(vars);
    await expect(sleep.run({ duration: "soon" }, ctx)).rejects.toThrow(
      "Invalid duration 'soon' (expected ISO-8601, e.g. PT5S)",
    );
  });
});
