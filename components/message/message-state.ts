import type {
  AttachmentDTO,
  MessageDTO,
  MessagePage,
  MessageType,
  ReactionChange,
  ReplyPreviewDTO,
  ThreadDTO,
  UserSummary,
} from "@/lib/dto";
import { mergeMessages } from "@/lib/realtime/catch-up";
import type { OutboxEntry } from "./outbox";
import { WAITING_FOR_CONNECTION } from "./outbox-sender";

/**
 * The message list of one channel as plain data: the window of history shown, and every change
 * to it (live events, pages, optimistic sends and their fate) as a pure reducer. The hook in
 * use-channel-messages.ts only wires sockets, fetches and the outbox to these actions.
 */

/** A stored message, or a send not acknowledged yet (`status`): the optimistic shell. */
export type ClientMessage = MessageDTO & {
  status?: "pending" | "failed";
  error?: string;
  /** why a queued text send is not through yet (no connection, a wait the server named…) */
  pendingReason?: string;
  /** upload progress 0…1 of a pending attachment */
  progress?: number;
};

export type AttachmentDraft = {
  file: Blob;
  fileName: string;
  kind: "file" | "voice";
  durationMs?: number;
  caption: string;
};

/** Virtuoso keeps its scroll position on prepend when firstItemIndex shrinks by the count prepended. */
export const START_INDEX = 1_000_000;

export type MessageListState = {
  messages: ClientMessage[];
  hasOlder: boolean;
  hasNewer: boolean;
  /** Virtuoso's index of the first message (moves down as older pages are prepended) */
  firstItemIndex: number;
  /** bumps when the window is replaced (a jump): the list remounts at the target */
  windowKey: number;
};

export type MessageListAction =
  /** stored messages (live, an ack, a catch-up or newer page): inserted or replacing by id, or a shell by nonce */
  | { type: "stored"; messages: MessageDTO[] }
  /** edited or removed (an event, or the ack of one's own edit): reactions stay the list's own */
  | { type: "updated"; message: MessageDTO }
  | { type: "deleted"; messageId: string }
  | { type: "reaction"; change: ReactionChange; meId: string }
  | { type: "pinned"; messageId: string; pinned: boolean }
  /** a thread opened from a message, or its summary moving */
  | { type: "thread"; thread: ThreadDTO }
  /** an optimistic send or upload, shown at once after everything */
  | { type: "pending"; shell: ClientMessage }
  /** outbox shells, appended unless their nonce is shown already */
  | { type: "shells"; shells: ClientMessage[] }
  /** changes a shell (not a stored message with the same nonce) */
  | { type: "patchShell"; nonce: string; patch: Partial<ClientMessage> }
  /** upload progress of a pending shell */
  | { type: "progress"; nonce: string; progress: number }
  | { type: "failed"; nonce: string; error: string }
  | { type: "discarded"; nonce: string }
  | { type: "olderPage"; page: MessagePage }
  | { type: "newerPage"; page: MessagePage }
  /** the window replaced by a page (a jump); shells stay, after it, with `shells` added */
  | { type: "window"; page: MessagePage; shells: ClientMessage[] }
  /** a catch-up that could not reach the present: the rest loads on paging down */
  | { type: "gap" }
  /** the connection dropped or came back: queued text sends say they wait for it, or stop saying so */
  | { type: "connection"; connected: boolean };

export function initialMessageList(page: MessagePage): MessageListState {
  return {
    messages: page.messages,
    hasOlder: page.hasOlder,
    hasNewer: page.hasNewer,
    firstItemIndex: START_INDEX - page.messages.length,
    windowKey: 0,
  };
}

const withMessages = (state: MessageListState, messages: ClientMessage[]): MessageListState =>
  messages === state.messages ? state : { ...state, messages };

const mapWhere = (
  messages: ClientMessage[],
  match: (m: ClientMessage) => boolean,
  update: (m: ClientMessage) => ClientMessage,
) => {
  let changed = false;
  const next = messages.map((m) => {
    if (!match(m)) return m;
    changed = true;
    return update(m);
  });
  return changed ? next : messages;
};

const isShell = (nonce: string) => (m: ClientMessage) => m.nonce === nonce && m.status !== undefined;

export function messageListReducer(state: MessageListState, action: MessageListAction): MessageListState {
  const { messages } = state;
  switch (action.type) {
    case "stored":
      return withMessages(state, mergeMessages(messages, action.messages));
    case "updated": {
      const { message } = action;
      return withMessages(
        state,
        mapWhere(
          messages,
          (m) => m.id === message.id,
          (m) => ({ ...message, reactions: message.removed ? [] : m.reactions }),
        ),
      );
    }
    case "deleted":
      return withMessages(
        state,
        messages
          .filter((m) => m.id !== action.messageId)
          .map((m) =>
            m.replyTo?.id === action.messageId
              ? { ...m, replyTo: { ...m.replyTo, content: "", unavailable: true } }
              : m,
          ),
      );
    case "reaction":
      return withMessages(
        state,
        mapWhere(
          messages,
          (m) => m.id === action.change.messageId,
          (m) => applyReaction(m, action.change, action.meId),
        ),
      );
    case "pinned":
      return withMessages(
        state,
        mapWhere(
          messages,
          (m) => m.id === action.messageId,
          (m) => ({ ...m, pinned: action.pinned }),
        ),
      );
    case "thread":
      return withMessages(
        state,
        mapWhere(
          messages,
          (m) => m.id === action.thread.starterMessageId,
          (m) => ({ ...m, thread: action.thread }),
        ),
      );
    case "pending":
      return withMessages(state, [...messages, action.shell]);
    case "shells":
      return withMessages(state, appendShells(messages, action.shells));
    case "patchShell":
      return withMessages(
        state,
        mapWhere(messages, isShell(action.nonce), (m) => ({ ...m, ...action.patch })),
      );
    case "progress":
      return withMessages(
        state,
        mapWhere(
          messages,
          (m) => m.nonce === action.nonce && m.status === "pending",
          (m) => ({ ...m, progress: action.progress }),
        ),
      );
    case "failed":
      return withMessages(
        state,
        mapWhere(messages, isShell(action.nonce), (m) => ({
          ...m,
          status: "failed",
          error: action.error,
          progress: undefined,
          pendingReason: undefined,
        })),
      );
    case "discarded":
      return withMessages(
        state,
        messages.filter((m) => !isShell(action.nonce)(m)),
      );
    case "olderPage":
      return {
        ...state,
        messages: [...action.page.messages, ...messages],
        firstItemIndex: state.firstItemIndex - action.page.messages.length,
        hasOlder: action.page.hasOlder,
      };
    case "newerPage":
      return { ...state, messages: mergeMessages(messages, action.page.messages), hasNewer: action.page.hasNewer };
    case "window":
      return {
        messages: appendShells(
          mergeMessages(
            messages.filter((m) => m.status),
            action.page.messages,
          ),
          action.shells,
        ),
        hasOlder: action.page.hasOlder,
        hasNewer: action.page.hasNewer,
        firstItemIndex: START_INDEX - action.page.messages.length,
        windowKey: state.windowKey + 1,
      };
    case "gap":
      return state.hasNewer ? state : { ...state, hasNewer: true };
    case "connection":
      return withMessages(
        state,
        action.connected
          ? mapWhere(
              messages,
              (m) => isQueuedText(m) && m.pendingReason === WAITING_FOR_CONNECTION,
              (m) => ({ ...m, pendingReason: undefined }),
            )
          : mapWhere(messages, isQueuedText, (m) => ({ ...m, pendingReason: WAITING_FOR_CONNECTION })),
      );
  }
}

/** Applies a reaction event (the server's word, our own included: reactions are not optimistic). */
export function applyReaction(message: ClientMessage, change: ReactionChange, meId: string): ClientMessage {
  const reactions = [...message.reactions];
  const index = reactions.findIndex((r) => r.emoji === change.emoji);
  const mine = change.user.id === meId;
  const current = reactions[index];
  if (change.added) {
    if (!current) reactions.push({ emoji: change.emoji, count: 1, me: mine, users: [change.user] });
    else {
      const users = current.users.some((u) => u.id === change.user.id)
        ? current.users
        : [...current.users, change.user].slice(0, 10);
      reactions[index] = { ...current, count: current.count + 1, me: current.me || mine, users };
    }
  } else if (current) {
    if (current.count <= 1) reactions.splice(index, 1);
    else
      reactions[index] = {
        ...current,
        count: current.count - 1,
        me: mine ? false : current.me,
        users: current.users.filter((u) => u.id !== change.user.id),
      };
  }
  return { ...message, reactions };
}

export type PendingMessageInput = {
  channelId: string;
  author: UserSummary;
  nonce: string;
  content: string;
  replyTo: ReplyPreviewDTO | null;
  type?: MessageType;
  createdAt?: string;
  attachment?: AttachmentDTO | null;
};

/**
 * The optimistic shell of a send: a whole MessageDTO (a field added to it does not compile here
 * until the shell says what it holds) with a placeholder id, replaced by the stored message with
 * the same nonce when it comes.
 */
export function pendingMessage(input: PendingMessageInput): ClientMessage {
  const message: MessageDTO = {
    id: `pending-${input.nonce}`,
    channelId: input.channelId,
    type: input.type ?? "TEXT",
    content: input.content,
    nonce: input.nonce,
    createdAt: input.createdAt ?? new Date().toISOString(),
    editedAt: null,
    author: input.author,
    removed: false,
    replyTo: input.replyTo,
    mentions: [],
    mentionsEveryone: false,
    pinned: false,
    attachment: input.attachment ?? null,
    reactions: [],
    system: null,
    thread: null,
  };
  return { ...message, status: "pending" };
}

/** The shell of an upload: the file as far as the browser knows it, progress at 0. */
export function pendingUpload(
  channelId: string,
  author: UserSummary,
  nonce: string,
  draft: AttachmentDraft,
  replyTo: ReplyPreviewDTO | null,
): ClientMessage {
  const attachment: AttachmentDTO = {
    url: "",
    thumbnailUrl: null,
    fileName: draft.fileName,
    mimeType: draft.file.type,
    size: draft.file.size,
    width: null,
    height: null,
    durationMs: draft.durationMs ?? null,
  };
  const type = draft.kind === "voice" ? "VOICE" : "FILE";
  return {
    ...pendingMessage({ channelId, author, nonce, content: draft.caption, replyTo, type, attachment }),
    progress: 0,
  };
}

/** The shell of an outbox entry (queued in an earlier visit, or failed there). */
export function outboxShell(channelId: string, author: UserSummary, entry: OutboxEntry): ClientMessage {
  return {
    ...pendingMessage({
      channelId,
      author,
      nonce: entry.nonce,
      content: entry.content,
      replyTo: entry.replyTo,
      createdAt: entry.createdAt,
    }),
    status: entry.status,
    error: entry.error,
  };
}

/** Appends the shells whose nonce is not shown yet. */
export function appendShells(current: ClientMessage[], shells: ClientMessage[]): ClientMessage[] {
  const shown = new Set(current.map((m) => m.nonce));
  const added = shells.filter((shell) => !shown.has(shell.nonce));
  return added.length > 0 ? [...current, ...added] : current;
}

/** A text send still waiting for its ack (uploads are not queued in the outbox). */
export const isQueuedText = (message: ClientMessage) => message.status === "pending" && message.type === "TEXT";

/** The oldest and newest stored messages: the cursors of paging and catch-up (shells have no place in history). */
export const oldestStored = (messages: ClientMessage[]) => messages.find((m) => !m.status);
export const newestStored = (messages: ClientMessage[]) => messages.findLast((m) => !m.status);

/** The nonces of one's own messages among stored ones: their outbox entries are done. */
export const ownNonces = (messages: MessageDTO[], meId: string) =>
  messages.filter((m) => m.nonce && m.author.id === meId).map((m) => m.nonce!);

/**
 * The outbox against what is shown: entries shown stored (committed before their ack came) are
 * done, entries not shown at all need a shell.
 */
export function reconcileOutbox(
  entries: OutboxEntry[],
  shown: ClientMessage[],
  channelId: string,
  me: UserSummary,
): { done: string[]; shells: ClientMessage[] } {
  if (entries.length === 0) return { done: [], shells: [] };
  const stored = new Set(shown.filter((m) => !m.status && m.author.id === me.id).map((m) => m.nonce));
  const present = new Set(shown.map((m) => m.nonce));
  return {
    done: entries.filter((entry) => stored.has(entry.nonce)).map((entry) => entry.nonce),
    shells: entries.filter((entry) => !present.has(entry.nonce)).map((entry) => outboxShell(channelId, me, entry)),
  };
}
