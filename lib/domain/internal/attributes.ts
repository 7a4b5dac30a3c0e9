import { ErrorCode } from "../../errors";
import { limits } from "../../limits";
import { attributeChangesSchema, type AttributeChanges } from "../../schemas/community";
import type { DbClient } from "../actor";

/** Key/value attributes of a community or a channel: one validator and one writer for both. */

export type Attributes = Record<string, string>;
export type AttributeFailure = { key: string; code: number; message: string };

/** Where one owner's attributes live, bound to the caller's transaction. */
export type AttributeStore = {
  /** "community" or "channel", for messages */
  noun: string;
  max: number;
  /** Serializes writers of this owner, so concurrent saves cannot pass the limit together. */
  lock(): Promise<void>;
  list(): Promise<Array<{ key: string; value: string }>>;
  remove(keys: string[]): Promise<void>;
  put(key: string, value: string): Promise<void>;
};

export function communityAttributeStore(tx: DbClient, communityId: string): AttributeStore {
  return {
    noun: "community",
    max: limits.attributesPerCommunity,
    lock: async () => void (await tx.$queryRaw`SELECT 1 FROM "Community" WHERE "id" = ${communityId} FOR UPDATE`),
    list: () =>
      tx.communityAttribute.findMany({
        where: { communityId },
        orderBy: { key: "asc" },
        select: { key: true, value: true },
      }),
    remove: async (keys) =>
      void (await tx.communityAttribute.deleteMany({ where: { communityId, key: { in: keys } } })),
    put: async (key, value) =>
      void (await tx.communityAttribute.upsert({
        where: { communityId_key: { communityId, key } },
        create: { communityId, key, value },
        update: { value },
      })),
  };
}

export function channelAttributeStore(tx: DbClient, channelId: string): AttributeStore {
  return {
    noun: "channel",
    max: limits.attributesPerChannel,
    lock: async () => void (await tx.$queryRaw`SELECT 1 FROM "Channel" WHERE "id" = ${channelId} FOR UPDATE`),
    list: () =>
      tx.channelAttribute.findMany({
        where: { channelId },
        orderBy: { key: "asc" },
        select: { key: true, value: true },
      }),
    remove: async (keys) => void (await tx.channelAttribute.deleteMany({ where: { channelId, key: { in: keys } } })),
    put: async (key, value) =>
      void (await tx.channelAttribute.upsert({
        where: { channelId_key: { channelId, key } },
        create: { channelId, key, value },
        update: { value },
      })),
  };
}

/**
 * Judges a batch of changes against the keys an owner holds now, without touching the database:
 * removals first, then each set in order (empty key: 6002001; key > 16 characters: 6001009; value
 * > 1,024: 6001010; a new key beyond the limit: 6001008). Returns what may be applied and why the
 * rest may not.
 */
export function judgeAttributeChanges(
  existingKeys: Iterable<string>,
  changes: { set: Attributes; remove: string[] },
  owner: { noun: string; max: number },
) {
  const failures: AttributeFailure[] = [];
  const keyTooLong = (key: string) =>
    failures.push({
      key,
      code: ErrorCode.ATTRIBUTE_KEY_TOO_LONG,
      message: `Key "${key.slice(0, 20)}" is longer than ${limits.attributeKeyLength} characters.`,
    });
  const remove = [...new Set(changes.remove)].filter((key) =>
    key.length > limits.attributeKeyLength ? (keyTooLong(key), false) : true,
  );
  const held = new Set(existingKeys);
  for (const key of remove) held.delete(key);
  const put: Array<[string, string]> = [];
  for (const [rawKey, value] of Object.entries(changes.set)) {
    const key = rawKey.trim();
    if (!key) failures.push({ key: rawKey, code: ErrorCode.INVALID_INPUT, message: "A key cannot be empty." });
    else if (key.length > limits.attributeKeyLength) keyTooLong(key);
    else if (value.length > limits.attributeValueLength)
      failures.push({
        key,
        code: ErrorCode.ATTRIBUTE_VALUE_TOO_LONG,
        message: `The value of "${key}" is longer than ${limits.attributeValueLength.toLocaleString("en-US")} characters.`,
      });
    else if (!held.has(key) && held.size >= owner.max)
      failures.push({
        key,
        code: ErrorCode.TOO_MANY_ATTRIBUTES,
        message: `A ${owner.noun} can have at most ${owner.max} attributes.`,
      });
    else {
      put.push([key, value]);
      held.add(key);
    }
  }
  return { remove, put, failures };
}

/**
 * Inside the caller's transaction (after its permission check): applies what judgeAttributeChanges
 * allows and answers with every attribute the owner now has plus the per-key failures.
 */
export async function writeAttributes(
  store: AttributeStore,
  input: AttributeChanges,
): Promise<{ attributes: Attributes; failures: AttributeFailure[] }> {
  const changes = attributeChangesSchema.parse(input);
  await store.lock();
  const existing = (await store.list()).map((row) => row.key);
  const { remove, put, failures } = judgeAttributeChanges(existing, changes, store);
  if (remove.length) await store.remove(remove);
  for (const [key, value] of put) await store.put(key, value);
  return { attributes: await readAttributes(store), failures };
}

export async function readAttributes(store: Pick<AttributeStore, "list">): Promise<Attributes> {
  return Object.fromEntries((await store.list()).map((row) => [row.key, row.value]));
}
