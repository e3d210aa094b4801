import { base62 } from "../../lib/ids.ts";
import type { FunctionDef } from "../types.ts";

const KSUID_EPOCH = 1_400_000_000;

/** A KSUID: 4 bytes of seconds since 2014-05-13 then 16 random bytes, base62, 27 characters. @example {{ ksuid() }} */
export const ksuid: FunctionDef = {
  name: "ksuid",
  params: [],
  call(_args, env) {
    const bytes = new Uint8Array(20);
    const seconds = Math.floor(env.now().getTime() / 1000) - KSUID_EPOCH;
    new DataView(bytes.buffer).setUint32(0, Math.max(0, seconds));
    bytes.set(crypto.getRandomValues(new Uint8Array(16)), 4);
    return base62(bytes, 27);
  },
};
