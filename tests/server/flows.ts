/** Flows shared by the server tests (namespace `perch.test`). */
export const NS = "perch.test";

const hook = (id: string, body: string, trigger = "") => `id: ${id}
namespace: ${NS}
${body}
triggers:
  - id: hook
    type: io.kestra.plugin.core.trigger.Webhook
    key: key-${id}
${trigger}`;

export const ECHO = hook(
  "echo",
  `labels:
  team: core
tasks:
  - id: echo
    type: io.kestra.plugin.core.debug.Return
    format: "{{ trigger | toJson }}"`,
);

export const WAIT = hook(
  "wait",
  `tasks:
  - id: values
    type: io.kestra.plugin.core.output.OutputValues
    values:
      some: output
outputs:
  - id: output
    type: STRING
    value: "{{ outputs.values.values.some }}"`,
  "    wait: true",
);

export const FAILED = hook(
  "failed",
  `tasks:
  - id: fail
    type: io.kestra.plugin.core.execution.Fail`,
  "    wait: true",
);

export const OUTPUTS_JSON = hook(
  "outputs-json",
  `tasks:
  - id: first
    type: io.kestra.plugin.core.debug.Return
    format: ok
outputs:
  - id: status
    type: STRING
    value: "{{ outputs.first.value }}"`,
  `    wait: true
    returnOutputs: true
    responseCode: "201"`,
);

export const OUTPUTS_TEXT = hook(
  "outputs-text",
  `tasks:
  - id: token
    type: io.kestra.plugin.core.debug.Return
    format: "{{ trigger.parameters.token[0] ?? 'none' }}"
outputs:
  - id: response
    type: STRING
    value: "{{ outputs.token.value }}"`,
  `    wait: true
    returnOutputs: true
    responseContentType: text/plain`,
);

export const NO_OUTPUTS = hook(
  "no-outputs",
  `tasks:
  - id: log
    type: io.kestra.plugin.core.log.Log
    message: hello`,
  `    wait: true
    returnOutputs: true`,
);

export const NO_OUTPUTS_TEXT = hook(
  "no-outputs-text",
  `tasks:
  - id: log
    type: io.kestra.plugin.core.log.Log
    message: hello`,
  `    wait: true
    returnOutputs: true
    responseContentType: text/plain`,
);

export const SLEEP = hook(
  "sleep",
  `tasks:
  - id: sleep
    type: io.kestra.plugin.core.flow.Sleep
    duration: PT2S`,
  "    wait: true",
);

export const CONDITION = hook(
  "condition",
  `tasks:
  - id: log
    type: io.kestra.plugin.core.log.Log
    message: "{{ trigger.body.hello }}"`,
  `    conditions:
      - type: io.kestra.plugin.core.condition.Expression
        expression: "{{ trigger.body.hello == 'world' }}"`,
);

export const INPUTS = hook(
  "inputs",
  `inputs:
  - id: count
    type: INT
tasks:
  - id: log
    type: io.kestra.plugin.core.log.Log
    message: "count {{ inputs.count }}"`,
  `    inputs:
      count: "{{ trigger.body.count }}"`,
);

export const DISABLED_FLOW = `${hook(
  "disabled",
  `tasks:
  - id: log
    type: io.kestra.plugin.core.log.Log
    message: hi`,
)}disabled: true
`;

export const LOGS = hook(
  "logs",
  `inputs:
  - id: name
    type: STRING
    defaults: world
tasks:
  - id: hello
    type: io.kestra.plugin.core.log.Log
    message: "hello <b>{{ inputs.name }}</b>"`,
);
