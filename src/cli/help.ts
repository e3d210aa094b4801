/** Help texts, generated from the option table of src/config/schema.ts. */
import { SERVER_OPTIONS } from "../config/schema.ts";

export const MAIN_HELP = `perch: a webhook-first workflow engine that runs Kestra-style YAML flows

Usage: perch <command> [options]

Commands:
  server      start the HTTP server (webhooks, API, UI) and run flows
  validate    check flow files: perch validate FILE|DIR...
  run         run one flow once and print its final state and outputs
  schema      print the JSON Schema of a flow document (for editors)
  key         print a new random webhook key
  version     print the version

Run 'perch <command> --help' for the options of a command.`;

function table(rows: [string, string][]): string {
  const width = Math.max(...rows.map(([a]) => a.length));
  return rows.map(([a, b]) => `  ${a.padEnd(width)}  ${b}`).join("\n");
}

export function serverHelp(): string {
  const rows: [string, string][] = SERVER_OPTIONS.map((o) => [
    o.arg ? `--${o.flag} ${o.arg}` : `--${o.flag}`,
    `${o.help} [env ${o.env}${o.shownDefault ? `, default ${o.shownDefault}` : ""}]`,
  ]);
  rows.push([
    "--config FILE",
    "YAML config file (server: {host, port, url, maxBodySize, waitLimit, shutdownTimeout, insecureNoAuth, auth: {user, password, token}}, data, flows, log: {format}, timezone, workers, retention; see deploy/perch.yaml) [env PERCH_CONFIG]",
  ]);
  rows.push(["-h, --help", "show this help"]);
  return `Usage: perch server [options]

Starts the server. Precedence: flags > environment > config file > defaults.
Refuses to start on a non-loopback --host without auth (--auth-token or --auth-user/--auth-password) unless
--insecure-no-auth is given. Webhooks, /health and /api/v1/schemas/flow.json stay open; the API, /metrics, the
API docs (/api/v1/docs, /api/v1/openapi.json) and the UI need the credentials when auth is configured.
SIGTERM/SIGINT stop gracefully within --shutdown-timeout.

Options:
${table(rows)}`;
}

export const VALIDATE_HELP = `Usage: perch validate FILE|DIR...

Checks flow files (folders are searched recursively for *.yml and *.yaml). Prints 'ok <file>' for each valid file and
'<file>:<line>:<column>: <path>: <message>' with the offending line for each error.
Exit code: 0 when every file is valid, 1 otherwise, 2 on bad usage.`;

export const RUN_HELP = `Usage: perch run FILE [--input key=value]... [--flows DIR]

Runs the flow in FILE once, on a temporary in-memory store, and prints the final execution as JSON
({id, state, outputs}) on stdout; execution logs go to stderr.

Options:
  -i, --input key=value   a flow input (repeatable)
  --flows DIR             also load the flows of DIR (the ones a Subflow or ForEachItem task calls)
  --timezone ZONE         IANA time zone [env PERCH_TIMEZONE]
  -h, --help              show this help

Exit code: 0 when the execution ends SUCCESS or WARNING, 1 otherwise, 2 on bad usage.`;

export const SCHEMA_HELP = `Usage: perch schema > perch-flow.schema.json

Prints the JSON Schema (draft-07) of a flow document: every task, trigger and condition type this perch knows, with
their properties, enums and descriptions. Point your editor at it (VS Code YAML extension: "yaml.schemas"), or at
the running server's /api/v1/schemas/flow.json.`;

export const KEY_HELP = `Usage: perch key

Prints a new random webhook key: 22 URL-safe characters from 128 random bits.`;

export const VERSION_HELP = `Usage: perch version

Prints 'perch <version>'.`;
