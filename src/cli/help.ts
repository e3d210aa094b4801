/** Help texts, generated from the option table of src/config/schema.ts. */
import { SERVER_OPTIONS } from "../config/schema.ts";

export const MAIN_HELP = `perch: a webhook-first workflow engine that runs Kestra-style YAML flows

Usage: perch <command> [options]

Commands:
  server      start the HTTP server (webhooks, API, UI) and run flows
  validate    check flow files: perch validate FILE|DIR...
  run         run one flow once and print its final state and outputs
  key         print a new random webhook key
  version     print the version

Run 'perch <command> --help' for the options of a command.`;

function table(rows: [string, string][]): string {
  const width = Math.max(...rows.map(([a]) => a.length));
  return rows.map(([a, b]) => `  ${a.padEnd(width)}  ${b}`).join("\n");
}

export function serverHelp(): string {
  const rows: [string, string][] = SERVER_OPTIONS.map((o) => [
    `--${o.flag} ${o.arg}`,
    `${o.help} [env ${o.env}${o.shownDefault ? `, default ${o.shownDefault}` : ""}]`,
  ]);
  rows.push([
    "--config FILE",
    "YAML config file (server: {host, port, url, maxBodySize, waitLimit, auth: {user, password}}, data, flows, log: {format}, timezone, workers) [env PERCH_CONFIG]",
  ]);
  rows.push(["-h, --help", "show this help"]);
  return `Usage: perch server [options]

Starts the server. Precedence: flags > environment > config file > defaults.

Options:
${table(rows)}`;
}

export const VALIDATE_HELP = `Usage: perch validate FILE|DIR...

Checks flow files (folders are searched recursively for *.yml and *.yaml). Prints 'ok <file>' for each valid file and
'<file>:<line>:<column>: <path>: <message>' with the offending line for each error.
Exit code: 0 when every file is valid, 1 otherwise, 2 on bad usage.`;

export const RUN_HELP = `Usage: perch run FILE [--input key=value]...

Runs the flow in FILE once, on a temporary in-memory store, and prints the final execution as JSON
({id, state, outputs}) on stdout; execution logs go to stderr.

Options:
  -i, --input key=value   a flow input (repeatable)
  --timezone ZONE         IANA time zone [env PERCH_TIMEZONE]
  -h, --help              show this help

Exit code: 0 when the execution ends SUCCESS or WARNING, 1 otherwise, 2 on bad usage.`;

export const KEY_HELP = `Usage: perch key

Prints a new random webhook key: 22 URL-safe characters from 128 random bits.`;

export const VERSION_HELP = `Usage: perch version

Prints 'perch <version>'.`;
