import { db, type Prisma } from "../db";

/** The signed-in user on whose behalf a domain function runs. */
export type Actor = { userId: string };

/** Either the client or a transaction client: domain helpers run inside or outside a transaction. */
export type DbClient = Prisma.TransactionClient | typeof db;

/** True when Prisma reports a unique-constraint violation. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}
