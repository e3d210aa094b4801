/** What every route module receives from createApp. */
import type { EngineApi } from "../engine/types.ts";
import type { ServerLogger } from "../lib/log.ts";

export interface ServerOptions {
  /** base URL of this server as users reach it (no trailing slash), for `url`, `logFile` and `Location` */
  publicUrl: string;
  /** request body limit in bytes (default 10 MiB) */
  maxBodySize?: number;
  logger?: ServerLogger;
  /** called on requests that may wait long (webhooks, `?wait=true`): lifts the server's idle timeout for them */
  keepOpen?: (request: Request) => void;
}

export interface ServerDeps {
  engine: EngineApi;
  publicUrl: string;
  maxBodySize: number;
  log: ServerLogger;
  keepOpen: (request: Request) => void;
}

export const DEFAULT_MAX_BODY_SIZE = 10 * 1024 * 1024;
export const TENANT = "main";
