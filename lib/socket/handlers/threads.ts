import { createThread, followThread, getThread, listThreads, updateThread } from "../../domain/threads";
import {
  createThreadSchema,
  followThreadSchema,
  listThreadsSchema,
  threadRefSchema,
  updateThreadSchema,
} from "../../schemas/thread";
import type { HandlerRegistry } from "../contract";

/** Threads: starting, reading, listing, changing and following them. */
export function registerThreads({ answer }: HandlerRegistry) {
  answer("thread:create", createThreadSchema, (input, { actor }) => createThread(actor, input));
  answer("thread:get", threadRefSchema, ({ threadId }, { actor }) => getThread(actor, threadId));
  answer("thread:update", updateThreadSchema, (input, { actor }) => updateThread(actor, input));
  answer("thread:follow", followThreadSchema, (input, { actor }) => followThread(actor, input));
  answer("thread:list", listThreadsSchema, (input, { actor }) => listThreads(actor, input));
}
