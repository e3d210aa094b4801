/**
 * The body of a node request: read as text with a byte limit (the direct webhook path), or as a web stream
 * pulled on demand (the Elysia path); whatever was left unread can be drained after the answer.
 */
import type { IncomingMessage } from "node:http";
import type { PerchError } from "../model/errors.ts";
import { tooLarge } from "./http.ts";

/** past this many unread body bytes an early answer (413) closes the connection instead of draining the body */
const MAX_DRAIN = 64 * 1024 * 1024;
const decoder = new TextDecoder("utf-8");

export class NodeBody {
  private it?: AsyncIterator<Buffer>;
  constructor(private readonly req: IncomingMessage) {}

  /** true when the request announces a body (a non-zero Content-Length, or chunks) */
  get present(): boolean {
    const length = this.req.headers["content-length"];
    return length !== undefined ? length !== "0" : this.req.headers["transfer-encoding"] !== undefined;
  }

  private next(): Promise<IteratorResult<Buffer>> {
    this.it ??= this.req[Symbol.asyncIterator]();
    return this.it.next();
  }

  /** UTF-8 text (invalid bytes replaced), undefined when empty, PAYLOAD_TOO_LARGE past `limit` */
  text(limit: number): Promise<string | undefined | PerchError> {
    if (!this.present) return Promise.resolve(undefined);
    if (Number(this.req.headers["content-length"] ?? 0) > limit) return Promise.resolve(tooLarge(limit));
    const req = this.req;
    return new Promise((resolve) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const done = (value: string | undefined | PerchError) => {
        req.off("data", onData);
        req.off("end", onEnd);
        req.off("error", onError);
        resolve(value);
      };
      const onData = (chunk: Buffer) => {
        size += chunk.byteLength;
        if (size > limit) {
          req.pause();
          done(tooLarge(limit));
        } else chunks.push(chunk);
      };
      const onEnd = () =>
        done(size === 0 ? undefined : decoder.decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size)));
      const onError = () => done(undefined);
      req.on("data", onData);
      req.on("end", onEnd);
      req.on("error", onError);
    });
  }

  stream(): ReadableStream<Uint8Array> {
    return new ReadableStream<Uint8Array>(
      {
        pull: async (controller) => {
          const r = await this.next();
          if (r.done) controller.close();
          else controller.enqueue(new Uint8Array(r.value.buffer, r.value.byteOffset, r.value.byteLength));
        },
      },
      { highWaterMark: 0 },
    );
  }

  /** reads and drops the unread rest (bounded); false when the connection has to be cut instead */
  async drain(): Promise<boolean> {
    if (this.req.complete || this.req.readableEnded) return true;
    if (Number(this.req.headers["content-length"] ?? 0) > MAX_DRAIN) return false;
    if (!this.it) {
      const req = this.req;
      return new Promise((resolve) => {
        let size = 0;
        req.on("data", (chunk: Buffer) => {
          size += chunk.byteLength;
          if (size > MAX_DRAIN) {
            req.pause();
            resolve(false);
          }
        });
        req.on("end", () => resolve(true));
        req.on("error", () => resolve(false));
        req.resume();
      });
    }
    let size = 0;
    try {
      for (;;) {
        const r = await this.next();
        if (r.done) return true;
        size += r.value.byteLength;
        if (size > MAX_DRAIN) return false;
      }
    } catch {
      return false;
    }
  }
}
