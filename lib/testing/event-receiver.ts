import http from "node:http";
import { afterAll, beforeAll } from "vitest";
import type { AddressInfo } from "node:net";

export type Received = {
  body: string;
  headers: http.IncomingHttpHeaders;
  json: { id: string; type: string; communityId: string; data: Record<string, unknown> };
};

/**
 * An HTTP receiver of event deliveries on 127.0.0.1 (allowlisted by the tests): records each
 * request's raw body and headers and answers `status()` (200 unless a test says otherwise).
 */
export async function startEventReceiver(port = 0) {
  const received: Received[] = [];
  let status = () => 200;
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      received.push({ body, headers: request.headers, json: JSON.parse(body) });
      response.writeHead(status()).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`,
    port: (server.address() as AddressInfo).port,
    received,
    answer: (next: () => number) => (status = next),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * For a test file: one receiver for all its tests, and 127.0.0.1 allowlisted for outbound requests
 * meanwhile (what was configured comes back after).
 */
export function useEventReceiver() {
  const holder = {} as { current: Awaited<ReturnType<typeof startEventReceiver>> };
  const allowlist = process.env.OUTBOUND_ALLOWLIST;
  beforeAll(async () => {
    holder.current = await startEventReceiver();
    process.env.OUTBOUND_ALLOWLIST = "127.0.0.1";
  });
  afterAll(async () => {
    await holder.current.close();
    if (allowlist === undefined) delete process.env.OUTBOUND_ALLOWLIST;
    else process.env.OUTBOUND_ALLOWLIST = allowlist;
  });
  return {
    get url() {
      return holder.current.url;
    },
    get received() {
      return holder.current.received;
    },
    answer: (next: () => number) => holder.current.answer(next),
  };
}
