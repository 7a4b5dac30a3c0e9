"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Avatar } from "@/components/ui/avatar";
import { Button } from "@/components/ui/button";
import { withFailureToast } from "@/components/ui/toast-failure";
import { setDefaultNotifyAction, unblockUserAction, updatePrivacyAction } from "@/lib/actions/account";
import type { DmPolicy, NotifyDefault, UserSummary } from "@/lib/dto";

/** A set of radio cards that saves on change (the choice is the whole form). */
function ChoiceCards<T extends string>({
  legend,
  name,
  value,
  options,
  save,
}: {
  legend: string;
  name: string;
  value: T;
  options: { value: T; title: string; text: string }[];
  save: (value: T) => Promise<boolean>;
}) {
  const [chosen, setChosen] = useState(value);
  const [pending, setPending] = useState(false);
  const choose = async (next: T) => {
    const before = chosen;
    setChosen(next);
    setPending(true);
    const saved = await save(next);
    setPending(false);
    if (!saved) setChosen(before);
  };
  return (
    <fieldset className="flex flex-col gap-2" disabled={pending} aria-busy={pending || undefined}>
      <legend className="mb-2 text-xs font-bold uppercase tracking-wide text-muted">{legend}</legend>
      {options.map((option) => (
        <label
          key={option.value}
          className="flex cursor-pointer items-start gap-3 rounded bg-rail p-3 has-[:checked]:ring-2 has-[:checked]:ring-accent"
        >
          <input
            type="radio"
            name={name}
            value={option.value}
            checked={chosen === option.value}
            onChange={() => void choose(option.value)}
            className="mt-0.5 size-4 shrink-0 accent-accent"
          />
          <span>
            <span className="block text-sm font-medium text-strong">{option.title}</span>
            <span className="block text-sm text-muted">{option.text}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}

export function DmPolicyChoice({ value }: { value: DmPolicy }) {
  return (
    <ChoiceCards<DmPolicy>
      legend="Who may message you directly"
      name="dmPolicy"
      value={value}
      options={[
        {
          value: "COMMUNITY_MEMBERS",
          title: "Members of my communities",
          text: "Anyone who shares a community with you.",
        },
        { value: "NOBODY", title: "Nobody", text: "No one can start a direct conversation with you." },
      ]}
      save={async (dmPolicy) => {
        const result = await withFailureToast(() => updatePrivacyAction({ dmPolicy }))();
        if (result.ok) toast.success("Saved");
        return result.ok;
      }}
    />
  );
}

export function DefaultNotifyChoice({ value }: { value: NotifyDefault }) {
  return (
    <ChoiceCards<NotifyDefault>
      legend="When you join a community, notify you of"
      name="defaultNotify"
      value={value}
      options={[
        { value: "ALL", title: "All messages", text: "Every message counts toward badges and notifications." },
        { value: "MENTIONS", title: "Only @mentions", text: "Only messages that mention you." },
        { value: "NONE", title: "Nothing", text: "No badges or notifications; you can still read everything." },
      ]}
      save={async (level) => {
        const result = await withFailureToast(() => setDefaultNotifyAction({ level }))();
        if (result.ok) toast.success("Saved. Communities you already joined keep their setting.");
        return result.ok;
      }}
    />
  );
}

/** The people the user blocked, each with "Unblock". */
export function BlockedList({ blocked }: { blocked: UserSummary[] }) {
  const router = useRouter();
  const [unblocking, setUnblocking] = useState<string | null>(null);
  if (!blocked.length) return <p className="text-sm text-muted">You have not blocked anyone.</p>;
  const unblock = async (user: UserSummary) => {
    setUnblocking(user.id);
    const result = await withFailureToast(() => unblockUserAction({ userId: user.id }))();
    setUnblocking(null);
    if (result.ok) {
      toast.success(`${user.displayName} is unblocked`);
      router.refresh();
    }
  };
  return (
    <ul aria-label="Blocked users" className="flex flex-col gap-2">
      {blocked.map((user) => (
        <li key={user.id} className="flex items-center gap-3 rounded bg-rail p-3">
          <Avatar name={user.displayName} seed={user.id} size={32} />
          <div className="min-w-0 flex-1 text-sm">
            <div className="truncate font-medium text-strong">{user.displayName}</div>
            <div className="truncate text-xs text-muted">@{user.username}</div>
          </div>
          <Button
            variant="secondary"
            className="shrink-0 px-3 py-1"
            pending={unblocking === user.id}
            onClick={() => void unblock(user)}
            aria-label={`Unblock ${user.displayName}`}
          >
            Unblock
          </Button>
        </li>
      ))}
    </ul>
  );
}
