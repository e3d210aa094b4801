import { timestampFilter } from "./timestamps.ts";

/** Epoch seconds of a date. @example {{ "2024-05-01T10:15:30Z" | timestamp }} → 1714558530 */
export const timestamp = timestampFilter("timestamp", 1_000_000_000n);
