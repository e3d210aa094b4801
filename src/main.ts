#!/usr/bin/env bun
/** Entry of the perch binary: hands argv to cli/ and exits with its code. */
import { runCli } from "./cli/index.ts";

runCli(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`perch: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
