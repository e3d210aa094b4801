/**
 * Errors at boundaries are values with a `code`; `server/errors.ts` maps codes to HTTP statuses.
 * `where` points at the source: a YAML path with line/column, an input name, an expression position.
 */
export type ErrorCode =
  | "FLOW_NOT_FOUND"
  | "FLOW_DISABLED"
  | "FLOW_INVALID"
  | "WEBHOOK_NOT_FOUND"
  | "TRIGGER_DISABLED"
  | "INVALID_INPUTS"
  | "INVALID_TENANT"
  | "EXECUTION_NOT_FOUND"
  | "TRIGGER_NOT_FOUND"
  | "CONFLICT"
  | "BAD_REQUEST"
  | "PAYLOAD_TOO_LARGE"
  | "INVALID_RESPONSE_CODE"
  | "INTERNAL";

export interface ErrorDetail {
  /** what is wrong, in a sentence */
  message: string;
  /** YAML path (`tasks[0].type`), input id, or expression */
  path?: string;
  line?: number;
  column?: number;
  /** offending text */
  text?: string;
}

export class PerchError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = "PerchError";
  }
}
