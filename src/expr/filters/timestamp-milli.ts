import { timestampFilter } from "./timestamps.ts";

/** Epoch milliseconds of a date. @example {{ "2024-05-01T10:15:30.123Z" | timestampMilli }} → 1714558530123 */
export const timestampMilli = timestampFilter("timestampMilli", 1_000_000n);
