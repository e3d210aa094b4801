/**
 * ForEachItem's split: the `items` file (a path, or a `file://` URI, e.g. a shell task's `outputFiles` entry) read
 * as lines (empty lines dropped), cut into batches of `batch.rows` lines (default 1) or into `batch.partitions`
 * parts, each written to its own file under `dir`. Returns the batch file paths, in order.
 *
 * @example await splitItems("/var/lib/perch/files/e1/t1/orders.jsonl", { rows: 100 }, "/var/lib/perch/files/e2/t9")
 */
import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** at most this many batches from one file (each is an execution) */
export const MAX_BATCHES = 10_000;

export async function splitItems(items: string, batch: unknown, dir: string): Promise<string[]> {
  const path = items.startsWith("file://") ? fileURLToPath(items) : items.trim();
  if (!path.startsWith("/")) throw new Error(`items must be an absolute file path or a file:// URI, got \`${items}\``);
  let text: string;
  try {
    if (!(await stat(path)).isFile()) throw new Error("not a file");
    text = await readFile(path, "utf8");
  } catch (e) {
    throw new Error(`cannot read items ${path}: ${(e as Error).message}`);
  }
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  const b = (batch ?? {}) as { rows?: number; partitions?: number };
  let size = b.rows ?? 1;
  if (b.partitions !== undefined) size = Math.max(1, Math.ceil(lines.length / b.partitions));
  if (!Number.isInteger(size) || size < 1) throw new Error("batch.rows must be a positive integer");
  const count = Math.ceil(lines.length / size);
  if (count > MAX_BATCHES) throw new Error(`${count} batches is over the limit of ${MAX_BATCHES}: raise batch.rows`);
  await mkdir(dir, { recursive: true });
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const file = join(dir, `batch-${i}.txt`);
    await writeFile(file, `${lines.slice(i * size, (i + 1) * size).join("\n")}\n`);
    out.push(file);
  }
  return out;
}
