"use client";

import { useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { FormError, TextField } from "@/components/ui/field";
import { LocalTime } from "@/components/ui/local-time";
import { withFailureToast } from "@/components/ui/toast-failure";
import { useSubmit } from "@/components/ui/use-submit";
import { OneTimeSecret } from "./one-time-secret";
import { createWebhookAction, deleteWebhookAction, listWebhooksAction } from "@/lib/actions/webhooks";
import type { ChannelDTO, WebhookDTO } from "@/lib/dto";
import { limits } from "@/lib/limits";

/**
 * Owner and admins, in a channel's settings: its incoming webhooks (who made them, when last used),
 * a new one (its URL shown once, with a curl example) and deletion. Applies at once.
 */
export function WebhookList({ channel }: { channel: ChannelDTO }) {
  const [webhooks, setWebhooks] = useState<WebhookDTO[] | null>(null);
  const [created, setCreated] = useState<{ name: string; url: string } | null>(null);
  const load = useSubmit();
  const create = useSubmit();
  const [name, setName] = useState("");
  const notice = useRef<HTMLDivElement>(null);
  // the new URL is what the person came for: bring it into view in the scrolling dialog
  useEffect(() => {
    notice.current?.scrollIntoView({ block: "nearest" });
  }, [created]);

  const reload = () =>
    load.submit(
      withFailureToast(() => listWebhooksAction(channel.id)),
      setWebhooks,
    );
  useEffect(() => {
    reload();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [channel.id]);

  function onCreate(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    return create.submit(
      () => createWebhookAction({ channelId: channel.id, name }),
      ({ webhook, path }) => {
        setCreated({ name: webhook.name, url: `${window.location.origin}${path}` });
        setName("");
        reload();
      },
    );
  }

  const full = (webhooks?.length ?? 0) >= limits.webhooksPerChannel;
  return (
    <section aria-labelledby={`webhooks-${channel.id}`} className="flex flex-col gap-2 border-t border-line pt-4">
      <h3 id={`webhooks-${channel.id}`} className="text-xs font-bold uppercase tracking-wide text-muted">
        Webhooks
      </h3>
      <p className="-mt-1 text-xs text-faint">
        A webhook URL lets other software post in #{channel.name}: anyone with the URL can post, so keep it secret.
      </p>
      {created && (
        <div ref={notice} className="flex flex-col gap-2">
          <OneTimeSecret secret={created.url} label="Webhook URL" copyLabel="Copy webhook URL">
            The URL of <strong>{created.name}</strong>. Copy it now: you will not see it again.
          </OneTimeSecret>
          <pre className="whitespace-pre-wrap break-all rounded bg-rail p-2 font-mono text-xs text-muted">
            {`curl -X POST -H 'Content-Type: application/json' \\\n  -d '{"content": "Hello from a webhook"}' \\\n  '${created.url}'`}
          </pre>
        </div>
      )}
      <form onSubmit={onCreate} noValidate className="flex items-end gap-2" aria-label="New webhook">
        <TextField
          label="Webhook name"
          name="webhookName"
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={84}
          placeholder="Deploy notices"
          error={create.fieldErrors.name?.[0]}
          className="min-w-0 flex-1"
        />
        <Button type="submit" variant="secondary" pending={create.pending} disabled={full}>
          Create webhook
        </Button>
      </form>
      <FormError message={create.error ?? load.error} />
      {webhooks === null ? null : webhooks.length === 0 ? (
        <p className="text-sm text-muted">No webhooks in this channel yet.</p>
      ) : (
        <ul aria-label="Webhooks" className="flex flex-col gap-1">
          {webhooks.map((webhook) => (
            <WebhookRow key={webhook.id} webhook={webhook} onDeleted={reload} />
          ))}
        </ul>
      )}
    </section>
  );
}

function WebhookRow({ webhook, onDeleted }: { webhook: WebhookDTO; onDeleted: () => void }) {
  const [confirm, setConfirm] = useState(false);
  const { pending, submit } = useSubmit();
  const remove = () =>
    submit(
      withFailureToast(() => deleteWebhookAction({ webhookId: webhook.id })),
      () => {
        toast.success(`Deleted the webhook ${webhook.name}`);
        onDeleted();
      },
    );
  return (
    <li className="flex flex-wrap items-center gap-2 rounded bg-rail py-1.5 pl-3 pr-1.5 text-sm">
      <div className="min-w-0 flex-1">
        <div className="break-words font-medium text-strong">{webhook.name}</div>
        <div className="text-xs text-faint">
          URL …{webhook.hint} · by {webhook.createdBy?.displayName ?? "a deleted user"},{" "}
          <LocalTime iso={webhook.createdAt} /> ·{" "}
          {webhook.lastUsedAt ? (
            <>
              last used <LocalTime iso={webhook.lastUsedAt} />
            </>
          ) : (
            "never used"
          )}
        </div>
      </div>
      {confirm ? (
        <>
          <Button type="button" variant="ghost" onClick={() => setConfirm(false)}>
            Keep
          </Button>
          <Button type="button" variant="danger" pending={pending} onClick={remove}>
            Delete {webhook.name}
          </Button>
        </>
      ) : (
        <Button type="button" variant="ghost" className="!text-danger" onClick={() => setConfirm(true)}>
          Delete
        </Button>
      )}
    </li>
  );
}
