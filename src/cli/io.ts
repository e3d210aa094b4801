/** Where the CLI writes, and the error that ends a command with exit code 2 (bad usage). */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  env: Record<string, string | undefined>;
  cwd: string;
}

export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
  cwd: process.cwd(),
};

/** bad command line: the message is printed with a hint, exit code 2 */
export class UsageError extends Error {}
