/**
 * The command line: `perch server | validate | run | schema | key | version`, `perch --help`, `perch <command> --help`.
 * Returns the exit code: 0 ok, 1 failure (invalid flow, failed run), 2 bad usage (unknown command or flag, bad value).
 *
 * @example
 * process.exit(await runCli(process.argv.slice(2)));
 */
import pkg from "../../package.json" with { type: "json" };
import { newKey } from "../lib/ids.ts";
import { parse } from "./args.ts";
import { flowJsonSchema } from "../flow/index.ts";
import { KEY_HELP, MAIN_HELP, SCHEMA_HELP, VERSION_HELP } from "./help.ts";
import { type CliIo, processIo, UsageError } from "./io.ts";
import { runCommand } from "./run.ts";
import { serverCommand, serverInfo } from "./server.ts";
import { validateCommand } from "./validate.ts";

export const VERSION: string = pkg.version;
serverInfo.version = VERSION;

function simple(name: string, help: string, args: string[], io: CliIo, action: () => void): number {
  const { values } = parse(name, args, {});
  if (values.help) io.out(help);
  else action();
  return 0;
}

export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  const [command, ...args] = argv;
  try {
    switch (command) {
      case undefined:
      case "help":
      case "--help":
      case "-h":
        if (args[0] && command === "help") return runCli([args[0], "--help"], io);
        io.out(MAIN_HELP);
        return 0;
      case "version":
      case "--version":
      case "-v":
        return simple("version", VERSION_HELP, args, io, () => io.out(`perch ${VERSION}`));
      case "schema":
        return simple("schema", SCHEMA_HELP, args, io, () => io.out(JSON.stringify(flowJsonSchema(), null, 2)));
      case "key":
        return simple("key", KEY_HELP, args, io, () => io.out(newKey()));
      case "validate":
        return validateCommand(args, io);
      case "run":
        return await runCommand(args, io);
      case "server":
        return await serverCommand(args, io);
      default:
        throw new UsageError(
          command.startsWith("-")
            ? `perch: unknown option '${command}' (see 'perch --help')`
            : `perch: unknown command '${command}' (see 'perch --help')`,
        );
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(e.message);
      return 2;
    }
    throw e;
  }
}
