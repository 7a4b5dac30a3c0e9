import type { db, Prisma } from "../db";

/** The signed-in user on whose behalf a domain function runs. */
export type Actor = { userId: string };

/** Either the client or a transaction client: domain helpers run inside or outside a transaction. */
export type DbClient = Prisma.TransactionClient | typeof db;
