/**
 * Edit distance and "did you mean" suggestions for unknown names.
 *
 * @example closest("io.kestra.plugin.core.log.Lgo", ["io.kestra.plugin.core.log.Log"]) // ["io.kestra.plugin.core.log.Log"]
 */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * The candidates nearest to `name` (case-insensitive distance), at most `max`, only those within half the length of
 * its last dotted segment (at least 2 edits) or sharing that last segment.
 */
export function closest(name: string, candidates: Iterable<string>, max = 3): string[] {
  const lower = name.toLowerCase();
  const last = lower.split(".").pop() ?? lower;
  // typos only: a few edits, relative to the last dotted segment (`Lgo` -> `Log`, not `If` -> `Sleep`)
  const limit = Math.max(2, Math.floor(last.length / 2));
  const scored: { c: string; d: number }[] = [];
  for (const c of candidates) {
    const d = levenshtein(lower, c.toLowerCase());
    const sameLast = (c.toLowerCase().split(".").pop() ?? "") === last;
    if (d <= limit || sameLast) scored.push({ c, d });
  }
  scored.sort((x, y) => x.d - y.d || x.c.localeCompare(y.c));
  if (scored.length === 0) return [];
  const best = scored[0]!.d;
  return scored
    .filter((s) => s.d <= best + 2)
    .slice(0, max)
    .map((s) => s.c);
}

/** "; did you mean `a`?" or "; did you mean `a` or `b`?", or "" when there is nothing close. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const found = closest(name, candidates);
  if (found.length === 0) return "";
  return `; did you mean ${found.map((f) => `\`${f}\``).join(" or ")}?`;
}
