/** flow/: YAML text -> validated Flow, inputs and outputs typing, JSON Schema of a flow document. */
export { child, type FlowError, formatFlowError, type Pos, type Positions } from "./errors.ts";
export { flowPositions, invalidFlowMessage, type ParseOptions, type ParseResult, parseFlow } from "./parse.ts";
export { type InputError, type OutputError, type Render, resolveInputs, typeOutputs } from "./inputs.ts";
export { flowJsonSchema } from "./schema.ts";
export { RESERVED_FLOW_IDS } from "./validate.ts";
