/**
 * Browser tests of the web UI: the real perch server (child process, temp data dir, the flows of tests/ui/flows)
 * driven by Debian's headless Chromium through playwright-core. No mocks. Every wait is bounded.
 *
 * @example
 * const ui = await startUi();
 * const page = await ui.page();
 * await page.goto(`${ui.base}/ui/main/executions`);
 * await ui.close();
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { type PerchProcess, startPerch } from "../helpers/server.ts";

export const CHROMIUM = "/usr/bin/chromium";
export const NS = "ui.tests";
export const SCREENSHOTS = join(import.meta.dir, "screenshots");
/** bound of every browser wait, ms */
export const WAIT = 8_000;

export interface Ui {
  base: string;
  server: PerchProcess;
  browser: Browser;
  /** a new page in its own context (JavaScript on unless told) */
  page(o?: { javaScriptEnabled?: boolean; phone?: boolean }): Promise<Page>;
  /** POSTs to a flow's webhook; answers the JSON of the webhook response */
  webhook(flowId: string, key: string, body?: unknown): Promise<any>;
  /** the execution page path of a webhook answer's `url` */
  pathOf(url: string): string;
  api(path: string, init?: RequestInit): Promise<{ status: number; body: any }>;
  /** polls the API until the execution is in `state` (bounded) */
  waitState(id: string, state: string): Promise<any>;
  close(): Promise<void>;
}

export async function startUi(): Promise<Ui> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium) to run the UI tests`,
    );
  }
  const dir = join(import.meta.dir, "flows");
  const flows: Record<string, string> = {};
  for (const f of readdirSync(dir)) flows[f] = readFileSync(join(dir, f), "utf8");
  const server = await startPerch({ flows });
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"], timeout: 15_000 });
  } catch (e) {
    await server.stop();
    throw e;
  }
  const base = server.url.replace(/\/+$/, "");
  const contexts: BrowserContext[] = [];
  const api = async (path: string, init?: RequestInit) => {
    const res = await fetch(`${base}${path}`, { ...init, signal: AbortSignal.timeout(WAIT) });
    const text = await res.text();
    let body: any = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: res.status, body };
  };
  return {
    base,
    server,
    browser,
    async page(o = {}) {
      const context = await browser.newContext({
        javaScriptEnabled: o.javaScriptEnabled ?? true,
        viewport: o.phone ? { width: 390, height: 844 } : { width: 1280, height: 800 },
        deviceScaleFactor: 1,
        isMobile: o.phone === true,
        hasTouch: o.phone === true,
      });
      contexts.push(context);
      context.setDefaultTimeout(WAIT);
      return context.newPage();
    },
    async webhook(flowId, key, body = {}) {
      const r = await api(`/api/v1/main/executions/webhook/${NS}/${flowId}/${key}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      if (r.status !== 200) throw new Error(`webhook ${flowId} answered ${r.status}: ${JSON.stringify(r.body)}`);
      return r.body;
    },
    pathOf: (url) => new URL(url).pathname,
    api,
    async waitState(id, state) {
      const deadline = Date.now() + WAIT;
      let last: any;
      while (Date.now() < deadline) {
        last = (await api(`/api/v1/main/executions/${id}`)).body;
        if (last?.state?.current === state) return last;
        await Bun.sleep(50);
      }
      throw new Error(`execution ${id} did not reach ${state}: ${JSON.stringify(last?.state?.current)}`);
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close().catch(() => {});
      await server.stop();
    },
  };
}

/** saves `tests/ui/screenshots/<name>.png` (full page) and answers its path */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true, timeout: WAIT });
  return path;
}
