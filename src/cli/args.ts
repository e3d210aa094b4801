/** node:util parseArgs with perch's error messages (unknown flag, missing value → UsageError, exit 2). */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "./io.ts";

type Options = NonNullable<ParseArgsConfig["options"]>;

export interface Parsed {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

export function parse(command: string, args: string[], options: Options, positionals = false): Parsed {
  try {
    return parseArgs({
      args,
      options: { help: { type: "boolean", short: "h" }, ...options },
      allowPositionals: positionals,
      strict: true,
    });
  } catch (e) {
    const err = e as Error & { code?: string };
    const flag = /'([^']+)'/.exec(err.message)?.[1];
    let what = err.message.split(". ")[0]!;
    if (err.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") what = `unknown option '${flag}'`;
    else if (err.code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") what = `unexpected argument '${flag}'`;
    else if (err.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") what = `option '${flag ?? "?"}' needs a value`;
    throw new UsageError(`perch ${command}: ${what} (see 'perch ${command} --help')`);
  }
}
