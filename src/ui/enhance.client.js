// perch web pages: progressive enhancement. Every page works without this script; with it, forms post with fetch
// and swap the part of the page they change, the execution page follows its state and streams its logs
// (server-sent events), and the executions list refreshes itself. Text from the server is inserted with
// textContent or as nodes parsed from our own HTML answers, never with innerHTML.
(() => {
  const LEVELS = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR"];
  const rank = (l) => Math.max(0, LEVELS.indexOf(l));
  const parse = (text) => new DOMParser().parseFromString(text, "text/html");
  const timers = [];
  let source = null;

  function swap(doc, selector) {
    const fresh = doc.querySelector(selector);
    const old = document.querySelector(selector);
    if (fresh && old) old.replaceWith(document.importNode(fresh, true));
    return Boolean(fresh && old);
  }

  async function submit(form, submitter) {
    const buttons = form.querySelectorAll("button");
    for (const b of buttons) b.disabled = true;
    try {
      if (form.dataset.api) return await callApi(form);
      const body = new URLSearchParams(new FormData(form, submitter));
      const res = await fetch(form.action, { method: "POST", body, headers: { accept: "text/html" } });
      const doc = parse(await res.text());
      const target = form.dataset.swap;
      if (!target || !swap(doc, target)) {
        source?.close();
        source = null;
        swap(doc, "main");
        document.title = doc.title;
        if (res.redirected) history.replaceState(null, "", res.url);
      }
      init();
    } catch (e) {
      flash(form, `The request failed: ${e.message}`);
    } finally {
      for (const b of buttons) b.disabled = false;
    }
  }

  // restart calls the API itself and shows its error as it comes (e.g. 404 or 405 when a server lacks it)
  async function callApi(form) {
    const res = await fetch(form.dataset.api, { method: "POST" });
    if (res.ok) return location.reload();
    let message = await res.text();
    try {
      message = JSON.parse(message).message ?? message;
    } catch {
      // not JSON: the text as it is
    }
    flash(form, `HTTP ${res.status}: ${message || res.statusText}`);
  }

  function flash(form, text) {
    let p = form.querySelector(".notice");
    if (!p) {
      p = document.createElement("p");
      p.className = "notice error";
      p.setAttribute("role", "alert");
      form.append(p);
    }
    p.textContent = text;
  }

  document.addEventListener("submit", (ev) => {
    const form = ev.target;
    if (!(form instanceof HTMLFormElement) || form.method.toLowerCase() !== "post") return;
    ev.preventDefault();
    void submit(form, ev.submitter);
  });

  function every(ms, f) {
    const t = setInterval(() => {
      if (document.visibilityState === "visible") void f().catch(() => {});
    }, ms);
    timers.push(t);
  }

  // execution page: follow the state until it is terminal
  function followExecution() {
    const live = document.getElementById("live");
    if (!live || live.dataset.terminal === "true") return;
    every(1000, async () => {
      if (document.getElementById("live")?.dataset.terminal === "true") return;
      const doc = parse(await (await fetch(location.href, { headers: { accept: "text/html" } })).text());
      const state = doc.getElementById("live")?.dataset.state;
      swap(doc, "#live-head");
      swap(doc, "#live");
      const actions = document.getElementById("actions");
      if (actions && state && actions.dataset.state !== state && !actions.contains(document.activeElement)) {
        swap(doc, "#actions");
      }
    });
  }

  function applyLevel(list) {
    const min = rank(document.getElementById("log-level")?.value ?? "TRACE");
    for (const li of list.children) li.hidden = rank(li.dataset.level) < min;
    showEmpty(list);
  }

  // the dark list only when it shows a line; else a note saying why it is empty
  function showEmpty(list) {
    const shown = [...list.children].some((li) => !li.hidden);
    list.hidden = !shown;
    const note = document.getElementById("log-empty");
    if (!note) return;
    note.hidden = shown;
    note.textContent = list.children.length === 0 ? "No log line yet." : "No log line at this level or above.";
  }

  function logLine(entry) {
    const li = document.createElement("li");
    li.className = `log l-${entry.level}`;
    li.dataset.level = entry.level;
    const time = document.createElement("time");
    time.textContent = (entry.timestamp ?? "").replace("T", " ").replace(/Z$/, "");
    const lvl = document.createElement("span");
    lvl.className = "lvl";
    lvl.textContent = entry.level;
    li.append(time, " ", lvl);
    if (entry.taskId) {
      const task = document.createElement("span");
      task.className = "task";
      task.textContent = `[${entry.taskId}]`;
      li.append(" ", task);
    }
    const msg = document.createElement("span");
    msg.className = "msg";
    msg.textContent = entry.message;
    li.append(" ", msg);
    return li;
  }

  // execution page: log lines arrive live over server-sent events
  function streamLogs() {
    const list = document.getElementById("log-lines");
    if (!list) return;
    const select = document.getElementById("log-level");
    select?.addEventListener("change", () => applyLevel(list));
    if (source || list.dataset.terminal === "true") return;
    source = new EventSource(`${list.dataset.stream}?after=${list.dataset.count}`);
    source.addEventListener("log", (ev) => {
      const target = document.getElementById("log-lines");
      const li = logLine(JSON.parse(ev.data));
      li.hidden = rank(li.dataset.level) < rank(document.getElementById("log-level")?.value ?? "TRACE");
      target.append(li);
      target.dataset.count = String(Number(target.dataset.count) + 1);
      showEmpty(target);
      if (target.scrollHeight - target.scrollTop - target.clientHeight < 80) target.scrollTop = target.scrollHeight;
    });
    source.addEventListener("end", () => {
      source.close();
    });
  }

  // executions list: refresh the results every few seconds
  function refreshList() {
    const results = document.getElementById("results");
    if (!results?.dataset.refresh) return;
    every(Number(results.dataset.refresh), async () => {
      // never pull the page from under the keyboard
      if (document.getElementById("results")?.contains(document.activeElement)) return;
      const doc = parse(await (await fetch(location.href, { headers: { accept: "text/html" } })).text());
      swap(doc, "#results");
    });
  }

  function init() {
    for (const t of timers.splice(0)) clearInterval(t);
    followExecution();
    streamLogs();
    refreshList();
  }

  init();
})();
