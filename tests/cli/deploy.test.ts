/** deploy/: the config file loads through the real config loader; the unit matches the shutdown bound and the rules. */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { loadServerConfig, readConfigFile } from "../../src/config/load.ts";
import { SERVER_OPTIONS } from "../../src/config/schema.ts";
import { ROOT } from "../helpers/server.ts";

const YAML_FILE = join(ROOT, "deploy/perch.yaml");
const UNIT = readFileSync(join(ROOT, "deploy/perch.service"), "utf8");

describe("deploy/perch.yaml", () => {
  test("loads without errors through the config loader", () => {
    expect(readConfigFile(YAML_FILE).errors).toEqual([]);
    const r = loadServerConfig({ flags: { config: YAML_FILE }, env: {}, cwd: ROOT });
    expect(r).toEqual({
      config: {
        host: "127.0.0.1",
        port: 8080,
        data: "/var/lib/perch",
        flows: "/etc/perch/flows",
        logFormat: "text",
        waitLimitMs: 600_000,
        maxBodySize: 10 * 1024 * 1024,
        workers: 8,
        insecureNoAuth: false,
        retentionMs: 30 * 86_400_000,
        shutdownTimeoutMs: 10_000,
      },
    });
  });

  test("mentions every config key (set or commented out)", () => {
    const text = readFileSync(YAML_FILE, "utf8");
    for (const o of SERVER_OPTIONS) {
      const last = o.file.split(".").at(-1)!;
      expect({ key: o.file, present: new RegExp(`^\\s*#?\\s*${last}:`, "m").test(text) }).toEqual({
        key: o.file,
        present: true,
      });
    }
  });

  test("uncommenting the auth block gives a valid config", () => {
    const text = readFileSync(YAML_FILE, "utf8").replace(/^ {2}# (auth:| {2}(user|password|token):)/gm, "  $1");
    const doc = parseYaml(text);
    expect(doc.server.auth).toEqual({ user: "admin", password: "change-me", token: "a-long-random-token" });
  });
});

describe("deploy/perch.service", () => {
  const directive = (name: string) =>
    UNIT.split("\n")
      .filter((l) => l.startsWith(`${name}=`))
      .map((l) => l.slice(name.length + 1));

  test("runs the binary with the config file as a dedicated user with its state directory", () => {
    expect(directive("ExecStart")).toEqual(["/usr/local/bin/perch server --config /etc/perch/perch.yaml"]);
    expect(directive("DynamicUser")).toEqual(["yes"]);
    expect(directive("StateDirectory")).toEqual(["perch"]);
    expect(directive("Restart")).toEqual(["on-failure"]);
  });

  test("hardening on, but not MemoryDenyWriteExecute (Bun's JIT), with the reason written down", () => {
    for (const d of ["NoNewPrivileges", "ProtectHome", "PrivateTmp", "PrivateDevices", "ProtectKernelTunables"]) {
      expect(directive(d)).toEqual(["yes"]);
    }
    expect(directive("ProtectSystem")).toEqual(["strict"]);
    expect(directive("SystemCallFilter")).toEqual(["@system-service"]);
    expect(directive("RestrictAddressFamilies")).toEqual(["AF_INET AF_INET6 AF_UNIX"]);
    expect(directive("MemoryDenyWriteExecute")).toEqual([]);
    expect(UNIT).toMatch(/MemoryDenyWriteExecute is deliberately NOT set: perch runs on Bun, whose JavaScriptCore JIT/);
  });

  test("TimeoutStopSec is above the default shutdown bound", () => {
    const bound = SERVER_OPTIONS.find((o) => o.key === "shutdownTimeoutMs")!.default as number;
    const stop = Number(/^(\d+)s$/.exec(directive("TimeoutStopSec")[0] ?? "")?.[1]);
    expect(stop * 1000).toBeGreaterThan(bound);
  });
});
