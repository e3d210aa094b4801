import { timestampFilter } from "./timestamps.ts";

/**
 * Epoch nanoseconds of a date, as exact decimal text (Kestra also returns text: the value passes 2^53).
 * @example {{ "2024-05-01T10:15:30.123456789Z" | timestampNano }} → "1714558530123456789"
 */
export const timestampNano = timestampFilter("timestampNano", 1n, true);
