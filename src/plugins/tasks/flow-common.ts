/**
 * Schema pieces shared by the flowable tasks: a task list, and the `errors` / `finally` lists every flowable has.
 */
import { Type } from "@sinclair/typebox";

/** a list of tasks (each validated on its own as a task) */
export function taskList(description: string, minItems = 0) {
  return Type.Array(Type.Record(Type.String(), Type.Unknown()), { description, minItems });
}

/** `errors` and `finally`, run after the flowable's own children like a flow's */
export const localHandlers = {
  errors: Type.Optional(taskList("tasks run when a child task fails (the flowable still ends FAILED)")),
  finally: Type.Optional(taskList("tasks run after the children (and errors), whatever the outcome")),
};
