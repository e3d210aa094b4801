/**
 * The live logs of the execution page as server-sent events: the lines after `?after=N` (or after the browser's
 * `Last-Event-ID` when it reconnects), then each new line as it is written, each as `event: log` with the line as
 * JSON and its number as `id`. When the execution is terminal the last lines are sent, then `event: end`, and the
 * stream closes. The engine is read every POLL_MS (logs still queued in memory included); a stream lasts at most
 * MAX_MS, after which the browser reconnects where it stopped.
 *
 * @example
 * // GET /ui/main/executions/company.team/hello/4Vt.../logs/stream?after=2
 * // id: 3
 * // event: log
 * // data: {"executionId":"4Vt...","level":"INFO","timestamp":"...","message":"second"}
 */
import { isTerminal } from "../../model/state.ts";
import type { ServerDeps } from "../deps.ts";

const POLL_MS = 250;
const MAX_MS = 10 * 60_000;
const PING_EVERY = 40;

function startIndex(request: Request): number {
  const after = Number(new URL(request.url).searchParams.get("after") ?? "0");
  const last = Number(request.headers.get("last-event-id") ?? "0");
  const n = Math.max(Number.isFinite(after) ? after : 0, Number.isFinite(last) ? last : 0);
  return Math.max(0, Math.floor(n));
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(t);
      resolve();
    });
  });

export function logStream(deps: ServerDeps, id: string, request: Request): Response {
  const encoder = new TextEncoder();
  const stop = new AbortController();
  request.signal.addEventListener("abort", () => stop.abort());
  let sent = startIndex(request);
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (text: string) => {
        if (!stop.signal.aborted) controller.enqueue(encoder.encode(text));
      };
      const until = Date.now() + MAX_MS;
      send("retry: 2000\n\n");
      try {
        for (let tick = 0; !stop.signal.aborted && Date.now() < until; tick++) {
          const execution = await deps.engine.getExecution(id);
          // read the state before the logs: once terminal, these logs are the last ones
          const ended = !execution || isTerminal(execution.state.current);
          const logs = await deps.engine.getLogs(id);
          for (; sent < logs.length; sent++) {
            send(`id: ${sent + 1}\nevent: log\ndata: ${JSON.stringify(logs[sent])}\n\n`);
          }
          if (ended) {
            send(`event: end\ndata: ${JSON.stringify({ state: execution?.state.current ?? null })}\n\n`);
            break;
          }
          if (tick % PING_EVERY === 0) send(": ping\n\n");
          await sleep(POLL_MS, stop.signal);
        }
      } catch (e) {
        deps.log.error("ui.log_stream_failed", { execution: id, error: e as Error });
      }
      try {
        controller.close();
      } catch {
        // already closed by the client going away
      }
    },
    cancel() {
      stop.abort();
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-store",
      "x-accel-buffering": "no",
    },
  });
}
