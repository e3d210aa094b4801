import { EvalFailure, type FunctionDef } from "../types.ts";
import { intArg } from "../filters/shared.ts";

const DEFAULT_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
const MAX_LENGTH = 1000;

/** A random NanoID (default 21 characters of A-Za-z0-9_-). @example {{ nanoId(10, "abc") }} */
export const nanoId: FunctionDef = {
  name: "nanoId",
  params: ["length", "alphabet"],
  call(args, env) {
    const length = intArg(args.length, "nanoId", "length", 21);
    if (length <= 0) throw new EvalFailure("nanoId: the argument 'length' must be greater than 0");
    if (length > MAX_LENGTH) throw new EvalFailure(`nanoId: the argument 'length' must not exceed ${MAX_LENGTH}`);
    const alphabet = args.alphabet === undefined || args.alphabet === null ? DEFAULT_ALPHABET : String(args.alphabet);
    const chars = [...alphabet];
    if (chars.length === 0 || chars.length > 255) {
      throw new EvalFailure("nanoId: the argument 'alphabet' must have between 1 and 255 characters");
    }
    env.tick(length);
    let out = "";
    const limit = 256 - (256 % chars.length);
    while (out.length < length) {
      for (const b of crypto.getRandomValues(new Uint8Array(length * 2))) {
        if (b < limit && out.length < length) out += chars[b % chars.length];
      }
    }
    return out;
  },
};
