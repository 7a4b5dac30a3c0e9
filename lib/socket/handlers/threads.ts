import { createThread, followThread, getThread, listThreads, updateThread } from "../../domain/threads";
import {
  createThreadSchema,
  followThreadSchema,
  listThreadsSchema,
  threadRefSchema,
  updateThreadSchema,
} from "../../schemas/thread";
import type { HandlerContext } from "../contract";

/** Threads: starting, reading, listing, changing and following them. */
export function registerThreads({ actor, answer }: HandlerContext) {
  answer("thread:create", createThreadSchema, (input) => createThread(actor, input));
  answer("thread:get", threadRefSchema, ({ threadId }) => getThread(actor, threadId));
  answer("thread:update", updateThreadSchema, (input) => updateThread(actor, input));
  answer("thread:follow", followThreadSchema, (input) => followThread(actor, input));
  answer("thread:list", listThreadsSchema, (input) => listThreads(actor, input));
}
