/**
 * The UI routes through `app.handle` on the real engine and a real SQLite file (no browser): not-found pages, the
 * log stream's resumption and end, basic auth, escaping, and the small helpers (highlighter, curl line).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createTestApp, type TestApp } from "../helpers/server.ts";
import { curlLine, prettyJson, shellQuote } from "../../src/ui/format.ts";
import { highlightYaml } from "../../src/ui/yaml-highlight.ts";

const flow = (name: string) => readFileSync(join(import.meta.dir, "flows", name), "utf8");
let t: TestApp;
let done: string;

async function run(): Promise<string> {
  const res = await t.call("POST", "/api/v1/main/executions/webhook/ui.tests/ui_hello/ui-hello-key", {
    body: JSON.stringify({ name: "</script><img src=x onerror=alert(1)>" }),
    headers: { "content-type": "application/json" },
  });
  const id = ((await res.json()) as any).id as string;
  expect((await t.engine.waitForEnd(id, 5000))?.state.current).toBe("SUCCESS");
  return id;
}

beforeAll(async () => {
  t = await createTestApp({ flows: [flow("ui-hello.yml"), flow("ui-approval.yml"), flow("ui-fail.yml")] });
  done = await run();
});

afterAll(async () => {
  await t?.close();
});

describe("ui routes", () => {
  test("the execution page escapes user data and sends a strict content security policy", async () => {
    const res = await t.call("GET", `/ui/main/executions/ui.tests/ui_hello/${done}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
    const html = await res.text();
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;");
    expect(html).toContain('<html lang="en">');
  });

  test("task runs of flowable tasks are listed under their parent, indented, with their loop value", async () => {
    const nested = `id: ui_nested
namespace: ui.tests
tasks:
  - id: each
    type: io.kestra.plugin.core.flow.ForEach
    values: [x, y]
    tasks:
      - id: leaf
        type: io.kestra.plugin.core.log.Log
        message: "{{ taskrun.value }}"
  - id: last
    type: io.kestra.plugin.core.log.Log
    message: done
`;
    expect((await t.engine.saveFlow(nested)).errors).toEqual([]);
    const r = await t.engine.createExecution("main", "ui.tests", "ui_nested", {}, { wait: true });
    if ("error" in r) throw r.error;
    const html = await (await t.call("GET", `/ui/main/executions/ui.tests/ui_nested/${r.execution.id}`)).text();
    const rows = [
      ...html.matchAll(
        /<li class="gantt-row">\s*<span class="gantt-label"([^>]*)>(.*?)<\/span>\s*<span class="badge/gs,
      ),
    ].map(
      (m) =>
        `${m[1]!.includes("padding-left:1em") ? "  " : ""}${m[2]!
          .replace(/<[^>]+>/g, "")
          .replace("↳ ", "")
          .trim()}`,
    );
    expect(rows).toEqual(["each", "  leaf [x]", "  leaf [y]", "last"]);
  });

  test("an execution under another flow, an unknown one, and an unknown flow answer 404 pages", async () => {
    expect((await t.call("GET", `/ui/main/executions/ui.tests/ui_approval/${done}`)).status).toBe(404);
    expect((await t.call("GET", "/ui/main/executions/ui.tests/ui_hello/nope")).status).toBe(404);
    const res = await t.call("GET", "/ui/main/flows/ui.tests/nope");
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("Flow not found");
  });

  test("the log stream sends the lines after `after` or Last-Event-ID, then `end` for an ended execution", async () => {
    const path = `/ui/main/executions/ui.tests/ui_hello/${done}/logs/stream`;
    const all = await (await t.call("GET", path)).text();
    expect(all).toContain("id: 1\nevent: log\n");
    expect(all).toContain("Hello </script>");
    expect(all).toMatch(/event: end\ndata: \{"state":"SUCCESS"\}\n\n$/);
    const after = await (await t.call("GET", `${path}?after=1`)).text();
    expect(after).not.toContain("event: log");
    const resumed = await (await t.call("GET", path, { headers: { "last-event-id": "1" } })).text();
    expect(resumed).not.toContain("event: log");
    expect(resumed).toContain("event: end");
  });

  test("a kill of an ended execution shows the engine's refusal on the page (409)", async () => {
    const res = await t.call("POST", `/ui/main/executions/ui.tests/ui_hello/${done}/kill`);
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("cannot be killed");
  });

  test("the flow page shows the webhook URL with the rendered key", async () => {
    const html = await (await t.call("GET", "/ui/main/flows/ui.tests/ui_approval")).text();
    expect(html).toContain(
      "http://perch.test:8080/api/v1/main/executions/webhook/ui.tests/ui_approval/ui_approval-key",
    );
  });

  test("/ui, /ui/main and /ui/main/ lead to the executions", async () => {
    for (const path of ["/ui", "/ui/", "/ui/main", "/ui/main/"]) {
      const res = await t.call("GET", path);
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toBe("/ui/main/executions");
    }
  });

  test("assets are served with their types; unknown ones are 404", async () => {
    const css = await t.call("GET", "/ui/main/assets/style.css");
    expect(css.headers.get("content-type")).toStartWith("text/css");
    const js = await t.call("GET", "/ui/main/assets/enhance.js");
    expect(js.headers.get("content-type")).toStartWith("text/javascript");
    expect((await t.call("GET", "/ui/main/assets/nope.js")).status).toBe(404);
  });
});

describe("ui pages and actions", () => {
  test("the executions list pages by 25, newest first, with links to the other pages", async () => {
    const ids = [done];
    for (let i = 0; i < 26; i++) ids.push(await run());
    const first = await (await t.call("GET", "/ui/main/executions?flowId=ui_hello")).text();
    expect(first).toContain("27 executions, page 1 of 2");
    expect(first).toContain(`href="/ui/main/executions?flowId=ui_hello&amp;page=2" rel="next"`);
    expect(first).toContain(ids[26]!);
    const second = await (await t.call("GET", "/ui/main/executions?flowId=ui_hello&page=2")).text();
    expect(second.match(/class="badge s-SUCCESS"/g)?.length).toBe(2);
    expect(second).toContain(ids[0]!);
    expect(second).toContain('rel="prev"');
    const recent = await (await t.call("GET", "/ui/main/executions?flowId=ui_hello&range=PT1H")).text();
    expect(recent).toContain("27 executions");
    const none = await (await t.call("GET", "/ui/main/executions?flowId=ui_hello&state=FAILED")).text();
    expect(none).toContain("No execution matches.");
  });

  test("Restart without JavaScript: a FAILED execution runs again (303 back to it); a SUCCESS one is refused", async () => {
    const res = await t.call("POST", "/api/v1/main/executions/webhook/ui.tests/ui_fail/ui-fail-key");
    const id = ((await res.json()) as any).id as string;
    expect((await t.engine.waitForEnd(id, 5000))?.state.current).toBe("FAILED");
    const page = await (await t.call("GET", `/ui/main/executions/ui.tests/ui_fail/${id}`)).text();
    expect(page).toContain(`action="/ui/main/executions/ui.tests/ui_fail/${id}/restart"`);
    const restarted = await t.call("POST", `/ui/main/executions/ui.tests/ui_fail/${id}/restart`);
    expect(restarted.status).toBe(303);
    expect(restarted.headers.get("location")).toBe(`/ui/main/executions/ui.tests/ui_fail/${id}`);
    expect((await t.call("POST", `/ui/main/executions/ui.tests/ui_hello/${done}/restart`)).status).toBe(409);
  });

  test("a flow page lists its revisions and shows an older one's source", async () => {
    const source = flow("ui-approval.yml").replace("who approves", "who approves, revised");
    expect((await t.engine.saveFlow(source)).errors).toEqual([]);
    const latest = await (await t.call("GET", "/ui/main/flows/ui.tests/ui_approval")).text();
    expect(latest).toContain("who approves, revised");
    expect(latest).toContain('href="/ui/main/flows/ui.tests/ui_approval?revision=1"');
    const old = await (await t.call("GET", "/ui/main/flows/ui.tests/ui_approval?revision=1")).text();
    expect(old).not.toContain("who approves, revised");
    expect(old).toContain("an older revision");
  });
});

describe("form posts from another site", () => {
  test("are refused (403) by Sec-Fetch-Site or Origin; same-origin ones and clients sending neither pass", async () => {
    const path = "/ui/main/flows/ui.tests/ui_hello/triggers/hook/disable";
    const refused = await t.call("POST", path, { headers: { "sec-fetch-site": "cross-site" } });
    expect(refused.status).toBe(403);
    expect((await t.call("POST", path, { headers: { origin: "http://evil.example" } })).status).toBe(403);
    const kill = `/ui/main/executions/ui.tests/ui_hello/${done}/kill`;
    expect((await t.call("POST", kill, { headers: { "sec-fetch-site": "same-site" } })).status).toBe(403);
    const test = "/ui/main/flows/ui.tests/ui_hello/test?trigger=hook";
    expect((await t.call("POST", test, { headers: { origin: "http://evil.example" } })).status).toBe(403);
    expect((await t.engine.listTriggers("main", "ui.tests", "ui_hello"))![0]!.disabled).toBe(false);
    const same = { "sec-fetch-site": "same-origin", origin: "http://perch.test:8080" };
    expect((await t.call("POST", path, { headers: same })).status).toBe(303);
    expect(
      (await t.call("POST", path.replace("disable", "enable"), { headers: { origin: "http://perch.test:8080" } }))
        .status,
    ).toBe(303);
    expect((await t.engine.listTriggers("main", "ui.tests", "ui_hello"))![0]!.disabled).toBe(false);
  });
});

describe("ui behind basic auth", () => {
  test("pages ask for credentials; the webhook stays open", async () => {
    const a = await createTestApp({ flows: [flow("ui-hello.yml")], auth: { user: "ops", password: "s3cret" } });
    try {
      expect((await a.call("GET", "/ui/main/flows/ui.tests/ui_hello")).status).toBe(401);
      expect((await a.call("GET", "/ui/main/executions")).status).toBe(401);
      const auth = { authorization: `Basic ${Buffer.from("ops:s3cret").toString("base64")}` };
      expect((await a.call("GET", "/ui/main/flows/ui.tests/ui_hello", { headers: auth })).status).toBe(200);
      const hook = await a.call("POST", "/api/v1/main/executions/webhook/ui.tests/ui_hello/ui-hello-key");
      expect(hook.status).toBe(200);
    } finally {
      await a.close();
    }
  });
});

describe("helpers", () => {
  test("the YAML highlighter escapes the source and marks keys, strings, comments and expressions", () => {
    const [line] = highlightYaml(`message: "<b>{{ x }}</b>" # <i>`);
    expect(line!.html).toBe(
      '<span class="k">message</span>: <span class="s">&quot;&lt;b&gt;<span class="x">{{ x }}</span>&lt;/b&gt;&quot;</span> <span class="c"># &lt;i&gt;</span>',
    );
    const block = highlightYaml("a: |\n  b: c\nd: e").map((l) => l.html);
    expect(block[1]).toBe('<span class="s">  b: c</span>');
    expect(block[2]).toBe('<span class="k">d</span>: e');
  });

  test("curl lines are shell-quoted", () => {
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote("http://h/a-b_c")).toBe("http://h/a-b_c");
    expect(curlLine("POST", "http://h/x?a=1&b=2", "application/json", `{"a":"$HOME"}`)).toBe(
      `curl -X POST 'http://h/x?a=1&b=2' -H 'Content-Type: application/json' --data-binary '{"a":"$HOME"}'`,
    );
    expect(curlLine("GET", "http://h/x", "", "")).toBe("curl -X GET http://h/x");
  });

  test("pretty JSON keeps one-value lists on one line", () => {
    expect(prettyJson({ a: ["x"], b: [1, 2] })).toBe('{\n  "a": ["x"],\n  "b": [\n    1,\n    2\n  ]\n}');
  });
});
