/**
 * Runs real jq (jq-web: jq compiled to WebAssembly), synchronously once the module is loaded.
 *
 * jq-web's `jq.js` reads `jq.wasm` from beside its own path, which does not exist inside a `bun build --compile`
 * binary. So both files are embedded as assets (the script as text, the wasm as a file) and the script is evaluated
 * once, here, with a `require` whose `fs` serves the embedded wasm bytes. Works the same from source and from a binary.
 *
 * @example runJq({ a: 1 }, ".a") // [1]
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import vm from "node:vm";
// @ts-expect-error: no type declarations for a .js file imported as text
import jqSource from "jq-web/jq.js" with { type: "text" };
// @ts-expect-error: no type declarations for .wasm assets
import wasmPath from "jq-web/jq.wasm" with { type: "file" };

interface JqModule {
  raw(input: string, filter: string, flags?: string[]): string | undefined;
}

const wasmBytes = fs.readFileSync(wasmPath as string);

function loadJq(): Promise<JqModule> {
  const realRequire = createRequire(import.meta.url);
  const shimFs = {
    ...fs,
    readFileSync(path: unknown, options?: unknown) {
      if (String(path).endsWith("jq.wasm")) return wasmBytes;
      return (fs.readFileSync as (p: unknown, o?: unknown) => unknown)(path, options);
    },
  };
  const shimRequire = (id: string) => (id === "fs" || id === "node:fs" ? shimFs : realRequire(id));
  const mod: { exports: unknown } = { exports: {} };
  const wrapper = vm.runInThisContext(
    `(function (exports, require, module, __filename, __dirname) {${jqSource as string}\n})`,
    { filename: "jq-web/jq.js" },
  ) as (...args: unknown[]) => void;
  wrapper(mod.exports, shimRequire, mod, "/jq-web/jq.js", "/jq-web");
  return mod.exports as Promise<JqModule>;
}

const jq: JqModule = await loadJq();

/** Thrown when jq rejects the program or the input; `message` carries jq's own error text. */
export class JqError extends Error {}

/** Runs `program` on `input` (any JSON value) and returns every result, in order; `onSize` hears the JSON length. */
export function runJq(input: unknown, program: string, onSize?: (chars: number) => void): unknown[] {
  let out: string | undefined;
  const json = JSON.stringify(input ?? null);
  onSize?.(json.length);
  try {
    out = jq.raw(json, program, ["-c"]);
  } catch (e) {
    const err = e as { stderr?: string; message?: string };
    const text = (err.stderr ?? err.message ?? String(e)).replace(/^undefined/, "").trim();
    const first = text.split("\n").find((l) => l.trim() !== "") ?? "jq failed";
    throw new JqError(first.replace(/ \(at inputString:\d+\)/, "").replace(/ \(Unix shell quoting issues\?\)/, ""));
  }
  if (out === undefined) return [];
  return out
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line));
}
