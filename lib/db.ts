import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";

export type { Prisma } from "./generated/prisma/client";

/**
 * One PrismaClient per process, kept on globalThis because Next evaluates server modules in
 * several chunks. Always PostgreSQL's wire protocol: server.ts sets DATABASE_URL to the embedded
 * database it serves when none is configured. Created on first use, so `next build` needs no database.
 */
const holder = globalThis as typeof globalThis & { __prisma?: PrismaClient };

function client(): PrismaClient {
  if (!holder.__prisma) {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error("DATABASE_URL is not set (start the app through server.ts).");
    const max = Number(process.env.DATABASE_POOL_SIZE ?? 10);
    holder.__prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString, max }) });
  }
  return holder.__prisma;
}

export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_, property) {
    const target = client();
    const value = Reflect.get(target, property);
    return typeof value === "function" ? value.bind(target) : value;
  },
});

export async function disconnectDb() {
  await holder.__prisma?.$disconnect();
  holder.__prisma = undefined;
}
