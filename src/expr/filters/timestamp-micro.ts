import { timestampFilter } from "./timestamps.ts";

/** Epoch microseconds of a date. @example {{ "2024-05-01T10:15:30.123456Z" | timestampMicro }} → 1714558530123456 */
export const timestampMicro = timestampFilter("timestampMicro", 1_000n);
