/**
 * The `in` / `notIn` filter of ExecutionStatus and HasRetryAttempt: true unless `in` is non-empty and the state is
 * not in it, or `notIn` is non-empty and the state is in it. Empty or absent lists impose nothing.
 *
 * @example matchesStates("FAILED", ["FAILED", "WARNING"], undefined) // true
 */
export function matchesStates(state: string, inList?: readonly string[], notIn?: readonly string[]): boolean {
  if (inList && inList.length > 0 && !inList.includes(state)) return false;
  if (notIn && notIn.length > 0 && notIn.includes(state)) return false;
  return true;
}
