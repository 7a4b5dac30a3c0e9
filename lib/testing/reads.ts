import { openAttachment } from "../domain/attachments";
import { listReadStates } from "../domain/read-state";
import type { Actor } from "../domain/actor";
import type { ChannelReadState } from "../dto";
import { AppError, ErrorCode } from "../errors";
import { fileStorage } from "../storage";

/** An attachment's bytes through the same check as the file route (small files only). */
export async function readAttachment(actor: Actor, messageId: string, variant: "original" | "thumbnail") {
  const { key, size: _size, ...rest } = await openAttachment(actor, messageId, variant);
  const bytes = await fileStorage().get(key);
  if (!bytes) throw new Error(`the stored file ${key} is missing`);
  return { bytes, ...rest };
}

/** The actor's read state in one channel, as the client receives it (a channel they cannot read: 6001006). */
export async function channelReadState(actor: Actor, channelId: string): Promise<ChannelReadState> {
  const states = await listReadStates(actor);
  const state = states.flatMap((community) => community.channels).find((channel) => channel.channelId === channelId);
  if (!state) throw new AppError(ErrorCode.CHANNEL_NOT_FOUND, "This channel does not exist.");
  return state;
}
