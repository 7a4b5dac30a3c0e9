"use client";

import { clsx } from "clsx";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { CheckboxField, FormError, TextField } from "@/components/ui/field";
import { LocalTime } from "@/components/ui/local-time";
import { withFailureToast } from "@/components/ui/toast-failure";
import { useSubmit } from "@/components/ui/use-submit";
import { OneTimeSecret } from "./one-time-secret";
import {
  createSubscriptionAction,
  deleteSubscriptionAction,
  listDeliveriesAction,
  sendTestEventAction,
} from "@/lib/actions/subscriptions";
import type { DeliveryDTO, SubscriptionDTO } from "@/lib/dto";
import { eventTypes, type EventType } from "@/lib/schemas/subscription";

const eventLabels: Record<EventType, string> = {
  "message.created": "Message sent",
  "message.edited": "Message edited",
  "message.deleted": "Message deleted or removed",
  "member.joined": "Member joined",
  "member.left": "Member left, kicked or banned",
  "thread.created": "Thread created",
};

/** While a log shows a pending delivery, it is read again this often. */
const LOG_REFRESH_MS = 2_000;

/**
 * Owner and admins: the community's outgoing event subscriptions: subscribe a URL to chosen events
 * (the signing secret shown once), send a test event, read the delivery log, delete.
 */
export function SubscriptionList({
  communityId,
  subscriptions,
}: {
  communityId: string;
  subscriptions: SubscriptionDTO[];
}) {
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);
  return (
    <div className="flex flex-col gap-6">
      <NewSubscriptionForm communityId={communityId} onSecret={setSecret} />
      {secret && (
        <OneTimeSecret secret={secret.secret} label="Signing secret" copyLabel="Copy signing secret">
          The signing secret of <span className="break-all font-mono">{secret.url}</span>. Copy it now: you will not see
          it again. Check each delivery&apos;s <code>X-Chat-Signature</code> with it.
        </OneTimeSecret>
      )}
      {subscriptions.length === 0 ? (
        <p className="text-sm text-muted">No event subscriptions yet.</p>
      ) : (
        <ul aria-label="Event subscriptions" className="flex flex-col gap-2">
          {subscriptions.map((subscription) => (
            <SubscriptionRow key={subscription.id} subscription={subscription} />
          ))}
        </ul>
      )}
    </div>
  );
}

function NewSubscriptionForm({
  communityId,
  onSecret,
}: {
  communityId: string;
  onSecret: (secret: { url: string; secret: string }) => void;
}) {
  const router = useRouter();
  const { pending, error, fieldErrors, submit } = useSubmit();
  const [events, setEvents] = useState<EventType[]>(["message.created"]);
  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const url = String(new FormData(form).get("url") ?? "");
    return submit(
      () => createSubscriptionAction({ communityId, url, events }),
      ({ subscription, secret }) => {
        onSecret({ url: subscription.url, secret });
        form.reset();
        router.refresh();
      },
    );
  }
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4" aria-label="New event subscription">
      <FormError message={error} />
      <TextField
        label="Receiver URL"
        name="url"
        type="url"
        placeholder="https://example.com/chat-events"
        maxLength={2100}
        error={fieldErrors.url?.[0]}
      />
      <fieldset className="flex flex-col">
        <legend className="mb-1 text-xs font-bold uppercase tracking-wide text-muted">Events</legend>
        <div className="grid sm:grid-cols-2">
          {eventTypes.map((type) => (
            <CheckboxField
              key={type}
              checked={events.includes(type)}
              onChange={(e) => setEvents(e.target.checked ? [...events, type] : events.filter((t) => t !== type))}
            >
              {eventLabels[type]}
            </CheckboxField>
          ))}
        </div>
        {fieldErrors.events?.[0] && <p className="text-xs text-danger">{fieldErrors.events[0]}</p>}
      </fieldset>
      <Button type="submit" className="self-start" pending={pending} disabled={events.length === 0}>
        Subscribe
      </Button>
    </form>
  );
}

function SubscriptionRow({ subscription }: { subscription: SubscriptionDTO }) {
  const router = useRouter();
  const [log, setLog] = useState<DeliveryDTO[] | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const test = useSubmit();
  const remove = useSubmit();
  const load = useSubmit();

  const readLog = () =>
    load.submit(
      withFailureToast(() => listDeliveriesAction({ subscriptionId: subscription.id })),
      setLog,
    );
  const waiting = log?.some((delivery) => delivery.status === "PENDING") ?? false;
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(readLog, LOG_REFRESH_MS);
    return () => clearInterval(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [waiting]);

  const sendTest = () =>
    test.submit(
      withFailureToast(() => sendTestEventAction({ subscriptionId: subscription.id })),
      () => {
        toast.success("Test event queued");
        readLog();
      },
    );
  const deleteIt = () =>
    remove.submit(
      withFailureToast(() => deleteSubscriptionAction({ subscriptionId: subscription.id })),
      () => {
        toast.success("Subscription deleted");
        router.refresh();
      },
    );

  return (
    <li className="flex flex-col gap-3 rounded bg-rail p-3 text-sm">
      <div className="min-w-0">
        <div className="break-all font-mono text-strong">{subscription.url}</div>
        <div className="mt-1 flex flex-wrap gap-1">
          {subscription.events.map((event) => (
            <span key={event} className="rounded bg-main px-1.5 py-0.5 font-mono text-xs text-muted">
              {event}
            </span>
          ))}
        </div>
        <div className="mt-1 text-xs text-faint">
          by {subscription.createdBy?.displayName ?? "a deleted account"}, <LocalTime iso={subscription.createdAt} />
        </div>
      </div>
      <div className="flex flex-wrap gap-2">
        <Button variant="secondary" className="px-3 py-1" pending={test.pending} onClick={sendTest}>
          Send test event
        </Button>
        <Button variant="secondary" className="px-3 py-1" pending={load.pending && !log} onClick={readLog}>
          {log ? "Refresh log" : "Delivery log"}
        </Button>
        {confirmDelete ? (
          <>
            <Button variant="ghost" className="px-3 py-1" onClick={() => setConfirmDelete(false)}>
              Keep
            </Button>
            <Button variant="danger" className="px-3 py-1" pending={remove.pending} onClick={deleteIt}>
              Delete subscription
            </Button>
          </>
        ) : (
          <Button variant="ghost" className="px-3 py-1 !text-danger" onClick={() => setConfirmDelete(true)}>
            Delete
          </Button>
        )}
      </div>
      {log && <DeliveryLog deliveries={log} />}
    </li>
  );
}

const statusStyle: Record<DeliveryDTO["status"], string> = {
  DELIVERED: "text-success",
  PENDING: "text-warning",
  FAILED: "text-danger",
};
const statusLabel: Record<DeliveryDTO["status"], string> = {
  DELIVERED: "Delivered",
  PENDING: "Retrying",
  FAILED: "Failed",
};

function DeliveryLog({ deliveries }: { deliveries: DeliveryDTO[] }) {
  if (deliveries.length === 0) return <p className="text-muted">Nothing delivered yet.</p>;
  return (
    <ol aria-label="Delivery log" className="flex flex-col gap-1">
      {deliveries.map((delivery) => (
        <li
          key={delivery.id}
          data-testid="delivery"
          className="flex flex-wrap items-baseline gap-x-2 gap-y-0.5 rounded bg-main px-2 py-1.5"
        >
          <span className={clsx("rounded bg-rail px-1.5 text-xs font-semibold", statusStyle[delivery.status])}>
            {statusLabel[delivery.status]}
          </span>
          <span className="font-mono text-xs text-strong">{delivery.event}</span>
          <span className="text-xs text-muted">
            {delivery.attempts} {delivery.attempts === 1 ? "attempt" : "attempts"}
            {delivery.lastStatus !== null && ` · HTTP ${delivery.lastStatus}`}
          </span>
          <LocalTime iso={delivery.createdAt} className="ml-auto text-xs text-faint" />
          {delivery.lastError && <p className="w-full break-words text-xs text-danger">{delivery.lastError}</p>}
          {delivery.nextAttemptAt && (
            <p className="w-full text-xs text-faint">
              Next attempt <LocalTime iso={delivery.nextAttemptAt} />
            </p>
          )}
        </li>
      ))}
    </ol>
  );
}
