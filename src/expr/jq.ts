/**
 * Runs real jq (jq-web: jq compiled to WebAssembly) synchronously for the caller, yet bounded in time.
 *
 * jq runs in a Worker (jq-worker.ts); the main thread posts the program and blocks in `Atomics.wait` on a shared
 * buffer until the answer is written or the time is up. Past the time, the worker is terminated (a `repeat(.)`
 * cannot hang the server) and a fresh one starts on the next call. The worker is started from a Blob URL made of
 * jq-worker.ts's function and jq.js (an embedded text asset); jq.wasm (an embedded file) is handed to it: no extra
 * entrypoint, works the same from source and from a `bun build --compile` binary run without node_modules.
 *
 * @example runJq({ a: 1 }, ".a") // [1]
 */
import fs from "node:fs";
// @ts-expect-error: no type declarations for a .js file imported as text
import jqSource from "jq-web/jq.js" with { type: "text" };
// @ts-expect-error: no type declarations for .wasm assets
import wasmPath from "jq-web/jq.wasm" with { type: "file" };
import { JQ_KIND, type JqWorkerMessage, jqWorkerMain } from "./jq-worker.ts";

/** Thrown when jq rejects the program or the input; `message` carries jq's own error text. */
export class JqError extends Error {}

/** Thrown when jq did not answer within the time given (the worker has been stopped). */
export class JqTimeout extends Error {}

/** time given to a call when the caller does not say (the default render budget) */
const DEFAULT_TIMEOUT_MS = 1000;
/** a worker that has not loaded jq after this long is replaced */
const STARTUP_LIMIT_MS = 30_000;
const INITIAL_BUFFER = 64 * 1024;
/** larger results are refused (the render's output limit is 10 MiB of text) */
const MAX_RESULT_BYTES = 64 * 1024 * 1024;

// read on the first jq call only: most servers never use jq
let wasmBytes: Uint8Array | undefined;
let workerUrl: string | undefined;

function workerAssets(): { url: string; wasm: Uint8Array } {
  wasmBytes ??= new Uint8Array(fs.readFileSync(wasmPath as string));
  workerUrl ??= URL.createObjectURL(
    new Blob(
      [
        `(${String(jqWorkerMain)})(function (exports, require, module, __filename, __dirname) {\n${jqSource as string}\n});\n`,
      ],
      { type: "application/javascript" },
    ),
  );
  return { url: workerUrl, wasm: wasmBytes };
}
const decoder = new TextDecoder();

interface Runner {
  worker: Worker;
  ctrl: Int32Array;
  data: SharedArrayBuffer;
  ready: boolean;
  born: number;
  id: number;
}

let runner: Runner | undefined;

function post(r: Runner, m: JqWorkerMessage): void {
  Atomics.store(r.ctrl, 0, 0);
  r.worker.postMessage(m);
}

function spawn(): Runner {
  const assets = workerAssets();
  const worker = new Worker(assets.url);
  worker.unref();
  const r: Runner = {
    worker,
    ctrl: new Int32Array(new SharedArrayBuffer(16)),
    data: new SharedArrayBuffer(INITIAL_BUFFER),
    ready: false,
    born: performance.now(),
    id: 0,
  };
  post(r, { type: "init", ctrl: r.ctrl, data: r.data, wasm: assets.wasm });
  return r;
}

function discard(r: Runner): void {
  if (runner === r) runner = undefined;
  r.worker.terminate();
}

/** waits until the worker answered (true) or `deadline` (performance.now() time) passed (false) */
function answered(r: Runner, deadline: number): boolean {
  for (;;) {
    if (Atomics.load(r.ctrl, 0) !== 0) return true;
    const left = deadline - performance.now();
    if (left <= 0) return false;
    Atomics.wait(r.ctrl, 0, 0, left);
  }
}

function payload(r: Runner): string {
  return decoder.decode(new Uint8Array(r.data, 0, r.ctrl[3]).slice());
}

/** jq's error text, first line, without the noise jq-web adds */
function cleanError(text: string): string {
  const t = text.replace(/^undefined/, "").trim();
  const first = t.split("\n").find((l) => l.trim() !== "") ?? "jq failed";
  return first.replace(/ \(at inputString:\d+\)/, "").replace(/ \(Unix shell quoting issues\?\)/, "");
}

/** a ready worker, started if need be; throws JqTimeout when it is still loading at `deadline` */
function readyRunner(deadline: number, timeoutMs: number): Runner {
  let r = runner;
  if (r && !r.ready && performance.now() - r.born > STARTUP_LIMIT_MS) discard(r);
  r = runner ??= spawn();
  if (r.ready) return r;
  if (!answered(r, deadline)) throw new JqTimeout(`still starting after ${Math.round(timeoutMs)} ms`);
  if (r.ctrl[2] !== JQ_KIND.READY) {
    discard(r);
    throw new JqError(r.ctrl[2] === JQ_KIND.TOO_BIG ? "jq could not start" : payload(r));
  }
  r.ready = true;
  return r;
}

/** starts the worker now, so that the first call does not wait for jq.wasm to compile */
export function warmUpJq(): void {
  runner ??= spawn();
}

/**
 * Runs `program` on `input` (any JSON value) and returns every result, in order; `onSize` hears the JSON length.
 * Waits at most `timeoutMs` (jq's start included).
 *
 * @throws {JqError} jq rejected the program or the input, or the result is too large
 * @throws {JqTimeout} no answer within `timeoutMs`
 */
export function runJq(
  input: unknown,
  program: string,
  onSize?: (chars: number) => void,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): unknown[] {
  const json = JSON.stringify(input ?? null);
  onSize?.(json.length);
  const deadline = performance.now() + timeoutMs;
  const r = readyRunner(deadline, timeoutMs);
  const id = ++r.id;
  post(r, { type: "run", id, input: json, program });
  if (!answered(r, deadline)) {
    discard(r);
    throw new JqTimeout(`stopped after ${Math.round(timeoutMs)} ms`);
  }
  if (r.ctrl[1] !== id) {
    discard(r);
    throw new JqError("jq answered another request");
  }
  if (r.ctrl[2] === JQ_KIND.TOO_BIG) {
    const size = r.ctrl[3]!;
    if (size > MAX_RESULT_BYTES) throw new JqError(`jq's result is larger than ${MAX_RESULT_BYTES >> 20} MiB`);
    r.data = new SharedArrayBuffer(Math.max(size, r.data.byteLength * 2));
    post(r, { type: "grow", id, data: r.data });
    if (!answered(r, deadline)) {
      discard(r);
      throw new JqTimeout(`stopped after ${Math.round(timeoutMs)} ms`);
    }
  }
  const kind = r.ctrl[2];
  const text = payload(r);
  if (kind === JQ_KIND.FATAL) discard(r);
  if (kind !== JQ_KIND.OK) throw new JqError(cleanError(text));
  const results: unknown[] = [];
  for (const line of text.split("\n")) if (line.trim() !== "") results.push(JSON.parse(line));
  return results;
}

// The worker starts on the first jq call (25-45 ms once), not at import: a WebAssembly VM that most servers
// never use would cost ~35 MiB of idle memory.
