/**
 * Where files that outlive a task run are kept: `<root>/<executionId>/<taskRunId>/` (outputFiles of shell tasks,
 * ForEachItem batches). The root is `<data>/files` for the server (kept across restarts, unlike a private /tmp);
 * retention removes an execution's folder with the execution.
 */
import { tmpdir } from "node:os";
import { join } from "node:path";

/** the default root when none is configured (tests, `perch run`) */
export const DEFAULT_FILES_ROOT = join(tmpdir(), "perch-files");

const safe = (id: string) => id.replace(/[^A-Za-z0-9_-]/g, "_");

export function executionFilesDir(root: string, executionId: string): string {
  return join(root, safe(executionId));
}

export function taskRunFilesDir(root: string, executionId: string, taskRunId: string): string {
  return join(root, safe(executionId), safe(taskRunId));
}
