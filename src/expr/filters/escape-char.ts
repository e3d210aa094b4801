import { type FilterDef, EvalFailure } from "../types.ts";
import { requireText } from "./shared.ts";

/**
 * Escapes quotes for embedding in a quoted string: `single` ('→\'), `double` ("→\"), `shell` ('→'\'').
 * @example {{ "it's" | escapeChar("shell") }} → "it'\''s"
 */
export const escapeChar: FilterDef = {
  name: "escapeChar",
  params: ["type"],
  apply(input, args) {
    if (input === null || input === undefined) return null;
    const text = requireText(input, "escapeChar");
    switch (args.type) {
      case "single":
        return text.replaceAll("'", "\\'");
      case "double":
        return text.replaceAll('"', '\\"');
      case "shell":
        return text.replaceAll("'", "'\\''");
      case undefined:
      case null:
        throw new EvalFailure("escapeChar: the argument 'type' is required (single, double or shell)");
      default:
        throw new EvalFailure(`escapeChar: unknown type '${String(args.type)}' (use single, double or shell)`);
    }
  },
};
