/**
 * The execution page in headless Chromium against the real server: a webhook's `url` reaching SUCCESS, a log line
 * arriving live over server-sent events, kill, and resume with `onResume` inputs.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { screenshot, startUi, type Ui, WAIT } from "./harness.ts";

let ui: Ui;

beforeAll(async () => {
  ui = await startUi();
}, 30_000);

afterAll(async () => {
  await ui?.close();
});

describe("execution page", () => {
  test("a webhook's url opens the execution page, which follows the execution to SUCCESS", async () => {
    const answer = await ui.webhook("ui_hello", "ui-hello-key", { name: "<Ada>" });
    expect(answer.url).toStartWith(`${ui.base}/ui/main/executions/ui.tests/ui_hello/`);
    const page = await ui.page();
    const res = await page.goto(answer.url);
    expect(res?.status()).toBe(200);
    await page.locator("#state", { hasText: "SUCCESS" }).waitFor();
    expect(await page.locator("h1").textContent()).toContain("ui_hello");
    // outputs and trigger body are shown as text, escaped: no <b> element comes out of user data
    await page.locator("#live pre", { hasText: "<Ada> <b>not bold</b>" }).first().waitFor();
    expect(await page.locator("#live pre b").count()).toBe(0);
    expect(await page.locator(".data", { hasText: '"name": "<Ada>"' }).count()).toBe(1);
    // a Gantt row per task run, each ended
    expect(await page.locator(".gantt-row").count()).toBe(2);
    expect(await page.locator(".gantt-row .badge.s-SUCCESS").count()).toBe(2);
    expect(await page.locator(".timeline li").allTextContents()).toEqual([
      expect.stringContaining("CREATED"),
      expect.stringContaining("RUNNING"),
      expect.stringContaining("SUCCESS"),
    ]);
    await page.locator("#log-lines li", { hasText: "Hello <Ada>" }).waitFor();
    // no Kill button once ended
    expect(await page.locator("#actions button").count()).toBe(0);
    await screenshot(page, "execution-success-laptop");
    const phone = await ui.page({ phone: true });
    await phone.goto(answer.url);
    await phone.locator("#state", { hasText: "SUCCESS" }).waitFor();
    await screenshot(phone, "execution-success-phone");
  }, 30_000);

  test("a log line written while the page is open arrives live (server-sent events), without reload", async () => {
    const answer = await ui.webhook("ui_slow_logs", "ui-slow-key");
    const page = await ui.page();
    await page.goto(answer.url);
    const initial = await page.locator("#live").getAttribute("data-terminal");
    expect(initial, "the page must be opened while the execution runs (it sleeps 2 s)").toBe("false");
    // mark this document and the lines it came with: anything unmarked later was added by the stream
    await page.evaluate(() => {
      const w = globalThis as any; // runs in the page
      w.sameDocument = true;
      for (const li of w.document.querySelectorAll("#log-lines li")) li.setAttribute("data-initial", "");
    });
    await page.locator("#log-lines li:not([data-initial])", { hasText: "second line" }).waitFor();
    await page.locator("#log-lines li", { hasText: "first line" }).waitFor();
    await page.locator("#state", { hasText: "SUCCESS" }).waitFor();
    expect(await page.evaluate(() => (globalThis as any).sameDocument)).toBe(true);
    expect(await page.locator("#log-lines li").allTextContents()).toEqual([
      expect.stringContaining("first line"),
      expect.stringContaining("second line"),
    ]);
    // the level filter hides INFO lines and keeps the WARN one
    await page.selectOption("#log-level", "WARN");
    expect(await page.locator("#log-lines li:visible").allTextContents()).toEqual([
      expect.stringContaining("second line"),
    ]);
    await page.selectOption("#log-level", "ERROR");
    await page.locator("#log-empty", { hasText: "No log line at this level or above." }).waitFor();
    expect(await page.locator("#log-lines").isVisible()).toBe(false);
  }, 30_000);

  test("Kill stops a running execution: the page shows KILLED", async () => {
    const answer = await ui.webhook("ui_long_sleep", "ui-sleep-key");
    const page = await ui.page();
    await page.goto(answer.url);
    await page.locator("#state", { hasText: "RUNNING" }).waitFor();
    await screenshot(page, "execution-running-laptop");
    await page.getByRole("button", { name: "Kill" }).click();
    await page.locator("#state", { hasText: "KILLED" }).waitFor();
    expect((await ui.waitState(answer.id, "KILLED")).state.current).toBe("KILLED");
    expect(await page.getByRole("button", { name: "Kill" }).count()).toBe(0);
  }, 30_000);

  test("a PAUSED execution is resumed from a form made of the Pause task's onResume inputs", async () => {
    const answer = await ui.webhook("ui_approval", "ui_approval-key");
    await ui.waitState(answer.id, "PAUSED");
    const page = await ui.page();
    await page.goto(answer.url);
    await page.locator("#state", { hasText: "PAUSED" }).waitFor();
    const approver = page.getByLabel("approver");
    expect(await approver.getAttribute("required")).not.toBeNull();
    await approver.fill("Grace <Hopper>");
    await page.getByLabel("count").fill("3");
    await screenshot(page, "execution-paused-laptop");
    await page.getByRole("button", { name: "Resume" }).click();
    await page.locator("#state", { hasText: "SUCCESS" }).waitFor();
    await page.locator("#log-lines li", { hasText: "approved by Grace <Hopper>" }).waitFor();
    const done = await ui.waitState(answer.id, "SUCCESS");
    expect(done.taskRunList[0].outputs).toEqual({ onResume: { approver: "Grace <Hopper>", count: 3 } });
  }, 30_000);

  test("a resume the engine refuses shows its error on the page", async () => {
    const answer = await ui.webhook("ui_approval", "ui_approval-key");
    await ui.waitState(answer.id, "PAUSED");
    const page = await ui.page();
    await page.goto(answer.url);
    await page.getByLabel("approver").fill("Ada");
    await page.getByLabel("count").fill("2.5");
    await page.getByRole("button", { name: "Resume" }).click();
    await page.locator(".notice.error", { hasText: "count" }).waitFor({ timeout: WAIT });
    expect((await ui.api(`/api/v1/main/executions/${answer.id}`)).body.state.current).toBe("PAUSED");
    // the typed values are kept
    expect(await page.getByLabel("approver").inputValue()).toBe("Ada");
  }, 30_000);

  test("Restart is offered for a FAILED execution; the API's answer shows (an error, or the restarted execution)", async () => {
    const answer = await ui.webhook("ui_fail", "ui-fail-key");
    await ui.waitState(answer.id, "FAILED");
    const page = await ui.page();
    await page.goto(answer.url);
    await page.locator("#log-lines li", { hasText: "failed on purpose" }).waitFor();
    const histories = (await ui.api(`/api/v1/main/executions/${answer.id}`)).body.state.histories.length;
    await page.getByRole("button", { name: "Restart" }).click();
    const notice = page.locator("#actions .notice.error");
    await page.waitForFunction(
      (n) => {
        const d = (globalThis as any).document; // runs in the page
        return d.querySelector("#actions .notice.error") || d.querySelectorAll(".timeline li").length > n;
      },
      histories,
      { timeout: WAIT },
    );
    if ((await notice.count()) > 0) {
      // this server has no restart endpoint yet: its 404 or 405 is shown as it came
      expect(await notice.textContent()).toMatch(/^HTTP (404|405): /);
    } else {
      const after = (await ui.api(`/api/v1/main/executions/${answer.id}`)).body;
      expect(after.state.histories.map((h: any) => h.state)).toContain("RESTARTED");
    }
    await screenshot(page, "execution-failed-laptop");
  }, 30_000);
});
