/** What every route module receives from createApp. */
import type { EngineApi } from "../engine/types.ts";
import type { ServerLogger } from "../lib/log.ts";
import type { BasicAuth } from "./auth.ts";

export interface ServerOptions {
  /** base URL of this server as users reach it (no trailing slash), for `url`, `logFile` and `Location` */
  publicUrl: string;
  /** request body limit in bytes (default 10 MiB) */
  maxBodySize?: number;
  logger?: ServerLogger;
  /** basic auth on the API and UI (webhooks and /health stay open) */
  auth?: BasicAuth;
}

export interface ServerDeps {
  engine: EngineApi;
  publicUrl: string;
  maxBodySize: number;
  log: ServerLogger;
  auth?: BasicAuth;
}

export const DEFAULT_MAX_BODY_SIZE = 10 * 1024 * 1024;
export const TENANT = "main";
