/**
 * Waits for an ISO-8601 duration, then succeeds. Stops at once (failing) when the task is killed or times out.
 *
 * @example
 * - id: wait
 *   type: io.kestra.plugin.core.flow.Sleep
 *   duration: PT5S
 */
import { Type } from "@sinclair/typebox";
import { parseIsoDuration } from "../../lib/duration.ts";
import type { TaskPlugin } from "../sdk.ts";

const schema = Type.Object({
  duration: Type.String({ description: "ISO-8601 duration, e.g. PT5S", format: "duration" }),
});

export const sleep: TaskPlugin<typeof schema> = {
  kind: "task",
  type: "io.kestra.plugin.core.flow.Sleep",
  aliases: ["io.kestra.core.tasks.flows.Sleep"],
  title: "Sleep",
  description: "Waits for the given ISO-8601 duration.",
  schema,
  examples: [{ title: "Wait five seconds", code: "id: wait\ntype: io.kestra.plugin.core.flow.Sleep\nduration: PT5S" }],
  async run(config, ctx) {
    const text = ctx.renderString(config.duration);
    const ms = parseIsoDuration(text);
    if (ms === undefined || ms < 0) throw new Error(`Invalid duration '${text}' (expected ISO-8601, e.g. PT5S)`);
    await new Promise<void>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const abort = () => {
        clearTimeout(timer);
        reject(ctx.signal.reason instanceof Error ? ctx.signal.reason : new Error("Sleep aborted"));
      };
      if (ctx.signal.aborted) return abort();
      timer = setTimeout(() => {
        ctx.signal.removeEventListener("abort", abort);
        resolve();
      }, ms);
      ctx.signal.addEventListener("abort", abort, { once: true });
    });
    return {};
  },
};
