import { EvalFailure, type FunctionDef } from "../types.ts";
import { isMap } from "../filters/shared.ts";

/**
 * Secret from the environment: `SECRET_<KEY>` (key upper-cased), base64-decoded; `subkey` reads a field of a JSON
 * secret. @example {{ secret("github_token") }}
 */
export const secret: FunctionDef = {
  name: "secret",
  params: ["key", "namespace", "subkey"],
  call(args, env) {
    const key = args.key;
    if (typeof key !== "string" || key === "") throw new EvalFailure("secret: the argument 'key' is required");
    const raw = env.env[`SECRET_${key.toUpperCase()}`];
    if (raw === undefined) throw new EvalFailure(`Cannot find secret for key '${key}'`);
    const value = Buffer.from(raw.trim(), "base64").toString("utf8");
    const subkey = args.subkey;
    if (subkey === undefined || subkey === null) return value;
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      throw new EvalFailure(`secret: the secret '${key}' is not JSON, cannot read the subkey '${String(subkey)}'`);
    }
    if (!isMap(parsed) || !Object.hasOwn(parsed, String(subkey))) {
      throw new EvalFailure(`Cannot find secret sub-key '${String(subkey)}' in secret '${key}'`);
    }
    return parsed[String(subkey)];
  },
};
