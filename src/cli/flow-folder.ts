/**
 * The flows folder of `perch server`: every *.yml / *.yaml is saved through the engine at start (a new revision
 * only when the text changed), then the folder is watched and a changed file is saved again; a removed file deletes
 * its flow. An invalid flow is logged with file, YAML path, line, column and message, and stored as invalid (not
 * served: its webhooks answer 409); the server still starts.
 */
import { existsSync, type FSWatcher, readFileSync, watch } from "node:fs";
import { join, relative } from "node:path";
import type { EngineApi } from "../engine/types.ts";
import type { ServerLogger } from "../lib/log.ts";
import { flowFiles } from "./validate.ts";

const FLOW_FILE = /\.ya?ml$/i;

export class FlowFolder {
  private readonly owners = new Map<string, { namespace: string; id: string }>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private watcher?: FSWatcher;

  constructor(
    private readonly dir: string,
    private readonly engine: EngineApi,
    private readonly log: ServerLogger,
  ) {}

  /** saves every flow file; returns how many were valid and invalid */
  async loadAll(): Promise<{ valid: number; invalid: number }> {
    let valid = 0;
    let invalid = 0;
    for (const file of flowFiles(this.dir)) {
      if (await this.load(file, false)) valid++;
      else invalid++;
    }
    this.log.info("flows.loaded", { folder: this.dir, valid, invalid });
    return { valid, invalid };
  }

  /** saves one file; true when the flow is valid */
  async load(file: string, reload: boolean): Promise<boolean> {
    const shown = relative(this.dir, file);
    let source: string;
    try {
      source = readFileSync(file, "utf8");
    } catch (e) {
      this.log.error("flow.unreadable", { file: shown, error: e as Error });
      return false;
    }
    let r: Awaited<ReturnType<EngineApi["saveFlow"]>>;
    try {
      r = await this.engine.saveFlow(source, { allowInvalid: true });
    } catch (e) {
      this.log.error("flow.save_failed", { file: shown, error: e as Error });
      return false;
    }
    for (const e of r.errors) {
      this.log.error("flow.invalid", { file: shown, path: e.path, line: e.line, column: e.column, message: e.message });
    }
    if (r.stored) {
      this.owners.set(file, { namespace: r.stored.namespace, id: r.stored.id });
      if (r.errors.length === 0) {
        this.log.info(reload ? "flow.reloaded" : "flow.loaded", {
          file: shown,
          flow: `${r.stored.namespace}/${r.stored.id}`,
          revision: r.stored.revision,
        });
      }
    } else if (r.errors.length === 0) {
      this.log.error("flow.invalid", { file: shown, message: "the flow was not stored" });
    }
    return r.errors.length === 0 && r.stored !== undefined;
  }

  /** watches the folder (recursively); changes are applied 100 ms after the last event on a file */
  watch(): void {
    try {
      this.watcher = watch(this.dir, { recursive: true }, (_event, name) => {
        if (!name || !FLOW_FILE.test(String(name))) return;
        const file = join(this.dir, String(name));
        clearTimeout(this.timers.get(file));
        this.timers.set(
          file,
          setTimeout(() => {
            this.timers.delete(file);
            void this.changed(file);
          }, 100),
        );
      });
    } catch (e) {
      this.log.warn("flows.watch_failed", { folder: this.dir, error: e as Error });
    }
  }

  private async changed(file: string): Promise<void> {
    if (existsSync(file)) {
      await this.load(file, true);
      return;
    }
    const owner = this.owners.get(file);
    if (!owner) return;
    this.owners.delete(file);
    const still = [...this.owners.values()].some((o) => o.namespace === owner.namespace && o.id === owner.id);
    if (still) return;
    await this.engine.deleteFlow("main", owner.namespace, owner.id);
    this.log.info("flow.deleted", { file: relative(this.dir, file), flow: `${owner.namespace}/${owner.id}` });
  }

  close(): void {
    this.watcher?.close();
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
