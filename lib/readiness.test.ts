import { afterEach, describe, expect, it } from "vitest";
import { db } from "./db";
import { routeLabel } from "./metrics";
import { readiness } from "./readiness";

const redisUrl = process.env.REDIS_URL;
afterEach(() => {
  if (redisUrl === undefined) delete process.env.REDIS_URL;
  else process.env.REDIS_URL = redisUrl;
});

describe("readiness", () => {
  it("is ready with the database up and every migration applied; says which migration is pending", async () => {
    delete process.env.REDIS_URL;
    expect(await readiness()).toEqual({
      ok: true,
      checks: { database: "ok", migrations: "ok", redis: "not configured" },
    });
    const [newest] = await db.$queryRaw<{ id: string; migration_name: string }[]>`
      SELECT "id", "migration_name" FROM "_prisma_migrations" ORDER BY "migration_name" DESC LIMIT 1`;
    await db.$executeRaw`UPDATE "_prisma_migrations" SET "rolled_back_at" = now() WHERE "id" = ${newest.id}`;
    try {
      expect(await readiness()).toMatchObject({
        ok: false,
        checks: { database: "ok", migrations: `pending: ${newest.migration_name}` },
      });
    } finally {
      await db.$executeRaw`UPDATE "_prisma_migrations" SET "rolled_back_at" = NULL WHERE "id" = ${newest.id}`;
    }
  });

  it("checks Redis when it is configured", async () => {
    process.env.REDIS_URL = "redis://127.0.0.1:6379";
    expect((await readiness()).checks.redis).toBe("ok");
  });
});

describe("metric route labels", () => {
  it("name routes by pattern: ids, codes and secrets never become labels", () => {
    const id = "01HZX3M6Q7R8S9T0V1W2X3Y4Z5";
    expect(routeLabel(`/c/${id}/${id}?m=${id}`, 200)).toBe("/c/:id/:id");
    expect(routeLabel(`/api/channels/${id}/messages?before=${id}`, 200)).toBe("/api/channels/:id/messages");
    expect(routeLabel("/invite/Xk3pQ9zz2a", 200)).toBe("/invite/:param");
    expect(routeLabel(`/api/webhooks/${id}/s3cr3t-very-long-secret-value-of-the-webhook-abc`, 200)).toBe(
      "/api/webhooks/:id/:token",
    );
    expect(routeLabel("/api/files/avatars/users/x/y.webp", 200)).toBe("/api/files/*");
    expect(routeLabel("/_next/static/chunks/abc.js", 200)).toBe("/_next/*");
    expect(routeLabel("/anything/at/all", 404)).toBe("unmatched");
    expect(routeLabel("/", 200)).toBe("/");
  });
});
