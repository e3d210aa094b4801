/**
 * @example
 * const engine = await createEngine({ store: await openSqliteStore(".perch/perch.db") });
 * await engine.saveFlow(yamlText);
 * const result = await engine.handleWebhook(request);
 */
import { Engine } from "./engine.ts";
import type { EngineOptions } from "./types.ts";

export { Engine } from "./engine.ts";
export type * from "./types.ts";

export async function createEngine(options: EngineOptions): Promise<Engine> {
  const engine = new Engine(options);
  await engine.start();
  return engine;
}
