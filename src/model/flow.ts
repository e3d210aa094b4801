/**
 * A flow as perch holds it after parsing and validation (`flow/`). Plugin-specific properties stay in the task,
 * trigger and condition objects as written in YAML (with `type` replaced by the canonical type name and
 * `typeAsWritten` keeping the original spelling).
 */
export interface Label {
  key: string;
  value: string;
}

export interface PluginConfig {
  type: string;
  /** the type string as written in the YAML (may be an alias or differ in case) */
  typeAsWritten?: string;
  [prop: string]: unknown;
}

export interface TaskDef extends PluginConfig {
  id: string;
  disabled?: boolean;
  runIf?: string;
  allowFailure?: boolean;
  allowWarning?: boolean;
  timeout?: string;
  retry?: Record<string, unknown>;
  description?: string;
}

export type ConditionDef = PluginConfig;

export interface TriggerDef extends PluginConfig {
  id: string;
  disabled?: boolean;
  conditions?: ConditionDef[];
  stopAfter?: string[];
  labels?: Label[];
  inputs?: Record<string, unknown>;
}

export type InputType =
  | "STRING"
  | "INT"
  | "FLOAT"
  | "BOOL"
  | "BOOLEAN"
  | "DATETIME"
  | "DATE"
  | "TIME"
  | "DURATION"
  | "SELECT"
  | "MULTISELECT"
  | "ARRAY"
  | "JSON"
  | "YAML"
  | "URI"
  | "EMAIL"
  | "FILE"
  | "SECRET";

export interface InputDef {
  id: string;
  type: InputType;
  description?: string;
  displayName?: string;
  required?: boolean;
  defaults?: unknown;
  prefill?: unknown;
  dependsOn?: { inputs?: string[]; condition?: string };
  validator?: string;
  min?: unknown;
  max?: unknown;
  after?: string;
  before?: string;
  values?: unknown[];
  expression?: string;
  allowCustomValue?: boolean;
  isRadio?: boolean;
  autoSelectFirst?: boolean;
  itemType?: InputType;
  [prop: string]: unknown;
}

export interface OutputDef {
  id: string;
  type: InputType;
  value: unknown;
  description?: string;
  displayName?: string;
  required?: boolean;
}

export interface Concurrency {
  limit: number;
  behavior: "QUEUE" | "CANCEL" | "FAIL";
}

export interface Flow {
  id: string;
  namespace: string;
  revision: number;
  tenantId: string;
  description?: string;
  labels: Label[];
  inputs: InputDef[];
  outputs: OutputDef[];
  variables: Record<string, unknown>;
  tasks: TaskDef[];
  errors: TaskDef[];
  finally: TaskDef[];
  afterExecution: TaskDef[];
  triggers: TriggerDef[];
  pluginDefaults?: { type: string; forced?: boolean; values: Record<string, unknown> }[];
  concurrency?: Concurrency;
  retry?: Record<string, unknown>;
  disabled: boolean;
  /** the YAML source this flow was parsed from */
  source: string;
}
