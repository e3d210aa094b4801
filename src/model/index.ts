export * from "./errors.ts";
export * from "./execution.ts";
export * from "./flow.ts";
export * from "./state.ts";
