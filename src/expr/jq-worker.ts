/**
 * The jq worker: jq-web (jq compiled to WebAssembly) loaded in a Worker, so that a program that never ends can be
 * stopped with `worker.terminate()` while the main thread waits with `Atomics.wait` (see jq.ts).
 *
 * `jqWorkerMain` runs INSIDE the worker. jq.ts writes the worker's script as `(jqWorkerMain)(function (exports,
 * require, module, __filename, __dirname) { <jq-web's jq.js> })` (like a bundler's module wrapper: no eval) and
 * starts it from a Blob URL, so it needs no extra entrypoint in `bun build --compile` and works the same from source
 * and from a binary. Hence the one rule of this file: `jqWorkerMain` imports nothing and uses nothing from outside
 * its own body (types aside). jq.wasm's bytes come in the first message.
 *
 * Protocol, on a shared Int32Array `ctrl`: the main thread sets ctrl[0] = 0 and posts a message; the worker writes
 * its answer and sets ctrl[0] = 1, then notifies. ctrl[1] = request id, ctrl[2] = kind (JQ_KIND), ctrl[3] = byte
 * length. OK and ERROR bytes (UTF-8: jq's `-c` output, or its error text) are in the shared `data` buffer; when
 * they do not fit, the answer is TOO_BIG and the main thread posts a larger buffer (`grow`) for the same answer.
 */

/** ctrl[2] values; jqWorkerMain repeats these numbers (it cannot import them) */
export const JQ_KIND = { OK: 0, ERROR: 1, TOO_BIG: 2, READY: 3, FATAL: 4 } as const;

export type JqWorkerMessage =
  | { type: "init"; ctrl: Int32Array; data: SharedArrayBuffer; wasm: Uint8Array }
  | { type: "run"; id: number; input: string; program: string }
  | { type: "grow"; id: number; data: SharedArrayBuffer };

/** jq.js wrapped as a CommonJS module */
export type JqModuleFactory = (
  exports: unknown,
  require: (id: string) => unknown,
  module: { exports: unknown },
  filename: string,
  dirname: string,
) => void;

export function jqWorkerMain(jqModule: JqModuleFactory): void {
  // keep in step with JQ_KIND
  const OK = 0;
  const ERROR = 1;
  const TOO_BIG = 2;
  const READY = 3;
  const FATAL = 4;
  type Jq = { raw(input: string, program: string, flags: string[]): string | undefined };
  const scope = globalThis as unknown as { onmessage: ((ev: MessageEvent<JqWorkerMessage>) => void) | null };
  const encoder = new TextEncoder();
  let ctrl: Int32Array = new Int32Array(4);
  let bytes: Uint8Array = new Uint8Array(0);
  let jq: Jq | undefined;
  let last: Uint8Array = new Uint8Array(0);
  let lastKind = OK;

  const answer = (id: number, kind: number, payload: Uint8Array): void => {
    last = payload;
    lastKind = kind;
    if (payload.length <= bytes.length) {
      bytes.set(payload);
      ctrl[2] = kind;
    } else ctrl[2] = TOO_BIG;
    ctrl[1] = id;
    ctrl[3] = payload.length;
    Atomics.store(ctrl, 0, 1);
    Atomics.notify(ctrl, 0);
  };
  const text = (e: unknown): string => {
    const err = e as { stderr?: unknown; message?: unknown } | null;
    return String(err?.stderr ?? err?.message ?? e);
  };

  const load = async (wasm: Uint8Array): Promise<Jq> => {
    // jq.js is Emscripten output that believes it runs on Node: it asks for fs (to read jq.wasm from beside itself),
    // path and crypto. Serve the embedded bytes and never touch the real file system or stdin.
    const modules: Record<string, unknown> = {
      fs: { readFileSync: () => wasm, readSync: () => 0 },
      path: {},
      crypto: { randomFillSync: (view: Uint8Array) => crypto.getRandomValues(view) },
    };
    const shimRequire = (id: string): unknown => {
      const m = modules[id.replace(/^node:/, "")];
      if (m === undefined) throw new Error(`jq.js asked for the module ${id}`);
      return m;
    };
    const mod: { exports: unknown } = { exports: {} };
    jqModule(mod.exports, shimRequire, mod, "/jq-web/jq.js", "/jq-web");
    return (await mod.exports) as Jq;
  };

  scope.onmessage = (ev) => {
    const m = ev.data;
    if (m.type === "init") {
      ctrl = m.ctrl;
      bytes = new Uint8Array(m.data);
      load(m.wasm).then(
        (loaded) => {
          jq = loaded;
          answer(0, READY, new Uint8Array(0));
        },
        (e) => answer(0, FATAL, encoder.encode(`jq could not start: ${text(e)}`)),
      );
    } else if (m.type === "run") {
      if (jq === undefined) {
        answer(m.id, FATAL, encoder.encode("jq is not loaded"));
        return;
      }
      try {
        answer(m.id, OK, encoder.encode(jq.raw(m.input, m.program, ["-c"]) ?? ""));
      } catch (e) {
        // jq's own errors carry its stderr; anything else (an abort, out of memory) may leave the module broken
        const own = typeof (e as { stderr?: unknown } | null)?.stderr === "string";
        const plain = e instanceof Error && /^Non-zero exit code/.test(e.message);
        answer(m.id, own || plain ? ERROR : FATAL, encoder.encode(text(e)));
      }
    } else if (m.type === "grow") {
      bytes = new Uint8Array(m.data);
      answer(m.id, lastKind, last);
    }
  };
}
