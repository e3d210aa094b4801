/**
 * The flow pages and the executions list in headless Chromium against the real server: the test-request form and
 * its curl line, trigger enable/disable, an invalid flow's errors, the state filter, and reading without JavaScript.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { NS, screenshot, startUi, type Ui } from "./harness.ts";

let ui: Ui;

beforeAll(async () => {
  ui = await startUi();
}, 30_000);

afterAll(async () => {
  await ui?.close();
});

describe("flow pages", () => {
  test("the flow page shows the webhook URL and sends a test request, showing the answer and the curl line", async () => {
    const page = await ui.page();
    await page.goto(`${ui.base}/ui/main/flows/${NS}/ui_hello`);
    const url = `${ui.base}/api/v1/main/executions/webhook/${NS}/ui_hello/ui-hello-key`;
    expect(await page.locator("#trigger-hook code.url").textContent()).toBe(url);
    // the YAML is highlighted: keys and expressions get their spans
    expect(await page.locator(".yaml .k", { hasText: "namespace" }).count()).toBe(1);
    expect(await page.locator(".yaml .x", { hasText: "{{ trigger.body.name ?? 'nobody' }}" }).count()).toBe(2);
    await page.getByLabel("Body").fill(`{"name": "Lin's"}`);
    await page.getByRole("button", { name: "Send" }).click();
    const result = page.locator("#result-hook");
    await result.locator("[data-status]").waitFor();
    expect(await result.locator("[data-status]").textContent()).toBe("HTTP 200");
    expect(await result.locator("pre.response").textContent()).toContain('"flowId": "ui_hello"');
    expect(await result.locator("pre.curl").textContent()).toBe(
      `curl -X POST ${url} -H 'Content-Type: application/json' --data-binary '{"name": "Lin'\\''s"}'`,
    );
    await screenshot(page, "flow-test-request-laptop");
    // the answer links to the execution it created, which ends with the name sent
    await result.getByRole("link", { name: "Open the execution" }).click();
    await page.locator("#state", { hasText: "SUCCESS" }).waitFor();
    await page.locator("#live pre", { hasText: "Lin's <b>not bold</b>" }).first().waitFor();
    const phone = await ui.page({ phone: true });
    await phone.goto(`${ui.base}/ui/main/flows/${NS}/ui_hello`);
    await screenshot(phone, "flow-phone");
  }, 30_000);

  test("a trigger is disabled and enabled again from the flow page", async () => {
    const page = await ui.page();
    await page.goto(`${ui.base}/ui/main/flows/${NS}/ui_long_sleep`);
    await page.locator("#trigger-hook").getByRole("button", { name: "Disable" }).click();
    await page.locator("#trigger-hook .badge", { hasText: "disabled" }).waitFor();
    const hook = `/api/v1/main/executions/webhook/${NS}/ui_long_sleep/ui-sleep-key`;
    expect((await ui.api(hook, { method: "POST" })).status).toBe(409);
    await page.locator("#trigger-hook").getByRole("button", { name: "Enable" }).click();
    await page.locator("#trigger-hook .badge", { hasText: "enabled" }).waitFor();
    const triggers = (await ui.api(`/api/v1/main/triggers/${NS}/ui_long_sleep`)).body;
    expect(triggers[0].disabled).toBe(false);
  }, 30_000);

  test("an invalid flow shows its validation errors with line and column, and its source escaped", async () => {
    const page = await ui.page();
    await page.goto(`${ui.base}/ui/main/flows/${NS}/ui_broken`);
    const errors = await page.locator("#h-errors + .errors li").allTextContents();
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join("\n")).toMatch(/line 7, column \d+/);
    expect(await page.locator(".yaml .line.error").count()).toBeGreaterThan(0);
    expect(await page.locator(".yaml script").count()).toBe(0);
    expect(await page.locator(".yaml", { hasText: "<script>alert(1)</script>" }).count()).toBe(1);
    await screenshot(page, "flow-invalid-laptop");
  }, 30_000);

  test("the flows list groups flows by namespace and marks the invalid one", async () => {
    const page = await ui.page();
    await page.goto(`${ui.base}/ui/main/flows`);
    expect(await page.getByRole("heading", { name: NS }).count()).toBe(1);
    const row = page.locator("tr", { has: page.getByRole("link", { name: "ui_broken" }) });
    expect(await row.locator(".badge").textContent()).toBe("invalid");
    expect(await page.locator("tbody tr").count()).toBe(6);
  }, 30_000);
});

describe("executions list", () => {
  test("filters by state", async () => {
    const ok = [await ui.webhook("ui_hello", "ui-hello-key"), await ui.webhook("ui_hello", "ui-hello-key")];
    const sleeping = await ui.webhook("ui_long_sleep", "ui-sleep-key");
    for (const e of ok) await ui.waitState(e.id, "SUCCESS");
    await ui.waitState(sleeping.id, "RUNNING");
    expect((await ui.api(`/api/v1/main/executions/${sleeping.id}/kill`, { method: "DELETE" })).status).toBe(202);
    await ui.waitState(sleeping.id, "KILLED");
    const page = await ui.page();
    await page.goto(`${ui.base}/ui/main/executions?namespace=${NS}`);
    await page.getByLabel("State").selectOption("KILLED");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/state=KILLED/);
    const states = await page.locator("#results tbody .badge").allTextContents();
    expect(states.length).toBeGreaterThan(0);
    expect(new Set(states)).toEqual(new Set(["KILLED"]));
    expect(await page.locator("#results tbody a", { hasText: sleeping.id }).count()).toBe(1);
    expect(await page.locator("#results tbody a", { hasText: ok[0].id }).count()).toBe(0);
    await page.getByLabel("State").selectOption("SUCCESS");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/state=SUCCESS/);
    expect(new Set(await page.locator("#results tbody .badge").allTextContents())).toEqual(new Set(["SUCCESS"]));
    for (const e of ok) expect(await page.locator("#results tbody a", { hasText: e.id }).count()).toBe(1);
    await page.getByLabel("State").selectOption("");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL((u) => !u.search.includes("state=KILLED") && !u.search.includes("state=SUCCESS"));
    await screenshot(page, "executions-laptop");
    // keyboard: the first Tab reaches the skip link, which leads to the main content
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => (globalThis as any).document.activeElement?.textContent)).toBe("Skip to content");
    await page.keyboard.press("Enter");
    await page.waitForURL(/#main$/);
    const phone = await ui.page({ phone: true });
    await phone.goto(`${ui.base}/ui/main/executions`);
    await screenshot(phone, "executions-phone");
  }, 30_000);
});

describe("without JavaScript", () => {
  test("pages read and forms work with JavaScript off", async () => {
    const answer = await ui.webhook("ui_hello", "ui-hello-key", { name: "Tim" });
    await ui.waitState(answer.id, "SUCCESS");
    const page = await ui.page({ javaScriptEnabled: false });
    await page.goto(answer.url);
    expect(await page.locator("#state").textContent()).toBe("SUCCESS");
    expect(await page.locator("#log-lines li").allTextContents()).toEqual([expect.stringContaining("Hello Tim")]);
    // the level filter is a GET form: ERROR hides the INFO line
    await page.getByLabel("Minimum level").selectOption("ERROR");
    await page.getByRole("button", { name: "Apply" }).click();
    await page.waitForURL(/level=ERROR/);
    expect(await page.locator("#log-lines li:visible").count()).toBe(0);
    expect(await page.locator("#log-empty").textContent()).toBe("No log line at this level or above.");
    await screenshot(page, "execution-nojs-laptop");
    // a form post without JavaScript: disable a trigger, the server redirects back to the flow page
    await page.goto(`${ui.base}/ui/main/flows/${NS}/ui_slow_logs`);
    await page.locator("#trigger-hook").getByRole("button", { name: "Disable" }).click();
    await page.waitForURL(/\/ui\/main\/flows\/ui\.tests\/ui_slow_logs/);
    expect(await page.locator("#trigger-hook .badge").textContent()).toContain("disabled");
    await page.locator("#trigger-hook").getByRole("button", { name: "Enable" }).click();
    expect(await page.locator("#trigger-hook .badge").textContent()).toBe("enabled");
    // the test request without JavaScript: the page comes back with the answer
    await page.getByRole("button", { name: "Send" }).click();
    expect(await page.locator("#result-hook [data-status]").textContent()).toBe("HTTP 200");
    await page.goto(`${ui.base}/ui/main/executions`);
    expect(await page.locator("#results tbody tr").count()).toBeGreaterThan(0);
  }, 30_000);
});
