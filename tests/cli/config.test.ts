/** The server configuration: flags > env > file > defaults, and clear errors naming the source of a bad value. */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadServerConfig } from "../../src/config/load.ts";
import { exposureError, isLoopback } from "../../src/config/exposure.ts";
import { byteSize, duration } from "../../src/config/values.ts";
import { tempDir } from "../helpers/server.ts";

let dir: string;

beforeAll(() => {
  dir = tempDir("config");
  writeFileSync(
    join(dir, "perch.yaml"),
    "server:\n  host: 0.0.0.0\n  port: 9000\n  url: http://file.example.com/\n  waitLimit: PT1M\ndata: state\nflows: flows\nworkers: 4\n",
  );
  writeFileSync(join(dir, "bad.yaml"), "server:\n  prot: 1\n");
  writeFileSync(join(dir, "broken.yaml"), "server: [\n");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const load = (flags: Record<string, string>, env: Record<string, string> = {}) =>
  loadServerConfig({ flags, env, cwd: dir });

describe("loadServerConfig", () => {
  test("defaults", () => {
    expect(load({})).toEqual({
      config: {
        data: join(dir, ".perch"),
        host: "127.0.0.1",
        port: 8080,
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

  test("file values, paths relative to the file; env over file; flags over env", () => {
    const sub = join(dir, "perch.yaml");
    const fromFile = load({ config: sub });
    expect(fromFile).toMatchObject({
      config: {
        host: "0.0.0.0",
        port: 9000,
        url: "http://file.example.com",
        waitLimitMs: 60_000,
        data: join(dir, "state"),
        flows: join(dir, "flows"),
        workers: 4,
      },
    });
    const fromEnv = load({}, { PERCH_CONFIG: sub, PERCH_PORT: "9100", PERCH_URL: "https://env.example.com" });
    expect(fromEnv).toMatchObject({ config: { port: 9100, url: "https://env.example.com", host: "0.0.0.0" } });
    const fromFlags = load(
      { config: sub, port: "0", "log-format": "json" },
      { PERCH_PORT: "9100", PERCH_LOG_FORMAT: "text" },
    );
    expect(fromFlags).toMatchObject({ config: { port: 0, logFormat: "json" } });
  });

  test("bad values name their source", () => {
    expect(load({ port: "abc" })).toEqual({ errors: ["--port: expected an integer 0-65535, got 'abc'"] });
    expect(load({}, { PERCH_PORT: "70000" })).toEqual({
      errors: ["PERCH_PORT: expected an integer 0-65535, got '70000'"],
    });
    expect(load({ "log-format": "xml", timezone: "Mars/Base", url: "ftp://x" })).toEqual({
      errors: [
        "--url: expected an http(s) URL like http://perch.example.com, got 'ftp://x'",
        "--log-format: expected 'text' or 'json', got 'xml'",
        "--timezone: expected an IANA time zone like Europe/Paris or UTC, got 'Mars/Base'",
      ],
    });
    expect(load({ config: "bad.yaml" })).toEqual({ errors: [`${join(dir, "bad.yaml")}: server.prot: unknown key`] });
    const broken = load({ config: "broken.yaml" });
    expect("errors" in broken && broken.errors[0]).toStartWith(`${join(dir, "broken.yaml")}: invalid YAML`);
    expect(load({ "auth-user": "admin" })).toEqual({
      errors: ["--auth-user and --auth-password (PERCH_AUTH_USER, PERCH_AUTH_PASSWORD) go together"],
    });
    expect(load({ "auth-user": "admin" }, { PERCH_AUTH_PASSWORD: "pw" })).toMatchObject({
      config: { authUser: "admin", authPassword: "pw" },
    });
    const missing = load({ config: "missing.yaml" });
    expect("errors" in missing && missing.errors[0]).toContain("cannot read the config file");
  });

  test("auth token, --insecure-no-auth, retention and shutdown timeout from every source", () => {
    expect(load({ "auth-token": "t0k3n", retention: "P7D", "shutdown-timeout": "PT3S" })).toMatchObject({
      config: { authToken: "t0k3n", retentionMs: 7 * 86_400_000, shutdownTimeoutMs: 3000, insecureNoAuth: false },
    });
    expect(load({ "insecure-no-auth": true } as never)).toMatchObject({ config: { insecureNoAuth: true } });
    expect(load({}, { PERCH_INSECURE_NO_AUTH: "true", PERCH_RETENTION: "off", PERCH_AUTH_TOKEN: "x" })).toMatchObject({
      config: { insecureNoAuth: true, retentionMs: 0, authToken: "x" },
    });
    expect(load({ retention: "0" })).toMatchObject({ config: { retentionMs: 0 } });
    expect(load({ retention: "later" })).toEqual({
      errors: ["--retention: expected a duration like P30D or PT12H, or 0/off to keep everything, got 'later'"],
    });
    expect(load({}, { PERCH_INSECURE_NO_AUTH: "maybe" })).toEqual({
      errors: ["PERCH_INSECURE_NO_AUTH: expected true or false, got 'maybe'"],
    });
  });

  test("exposure: a non-loopback host needs auth or --insecure-no-auth", () => {
    const base = { authUser: undefined, authToken: undefined, insecureNoAuth: false };
    for (const host of ["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"]) {
      expect(exposureError({ ...base, host })).toBeUndefined();
    }
    expect(isLoopback("0.0.0.0")).toBe(false);
    const why = exposureError({ ...base, host: "0.0.0.0" });
    expect(why).toContain("refusing to listen on 0.0.0.0 without authentication");
    expect(why).toContain("--auth-token");
    expect(why).toContain("--insecure-no-auth");
    expect(exposureError({ ...base, host: "0.0.0.0", authToken: "t" })).toBeUndefined();
    expect(exposureError({ ...base, host: "10.0.0.5", authUser: "u" })).toBeUndefined();
    expect(exposureError({ ...base, host: "::", insecureNoAuth: true })).toBeUndefined();
  });

  test("durations and sizes", () => {
    expect([duration("PT10M"), duration("30s"), duration("500ms"), duration("1h")]).toEqual([
      600_000, 30_000, 500, 3_600_000,
    ]);
    expect(() => duration("soon")).toThrow("expected a duration like PT10M, 30s or 500ms, got 'soon'");
    expect([byteSize("1048576"), byteSize("10MiB"), byteSize("1KB"), byteSize(512)]).toEqual([
      1048576, 10485760, 1000, 512,
    ]);
    expect(() => byteSize("0")).toThrow("expected a size in bytes");
  });
});
