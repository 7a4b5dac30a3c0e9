"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { MoreHorizontal, Pencil, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormError, TextField } from "@/components/ui/field";
import { IconButton } from "@/components/ui/icon-button";
import { withFailureToast } from "@/components/ui/toast-failure";
import { useSubmit } from "@/components/ui/use-submit";
import { deleteCategoryAction, renameCategoryAction } from "@/lib/actions/channels";
import type { CategoryDTO } from "@/lib/dto";

/**
 * Owner and admins: a category's menu in the sidebar (rename, delete). A small menu button: Esc,
 * a click elsewhere or a choice closes it; arrow keys move between its items.
 */
export function CategoryMenu({ category, channelCount }: { category: CategoryDTO; channelCount: number }) {
  const [open, setOpen] = useState(false);
  const [dialog, setDialog] = useState<"rename" | "delete" | null>(null);
  const root = useRef<HTMLDivElement>(null);
  const menu = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    menu.current?.querySelector<HTMLButtonElement>("[role=menuitem]")?.focus();
    const away = (event: PointerEvent) => !root.current?.contains(event.target as Node) && setOpen(false);
    document.addEventListener("pointerdown", away);
    return () => document.removeEventListener("pointerdown", away);
  }, [open]);

  function onKeyDown(event: React.KeyboardEvent) {
    if (!open) return;
    const items = [...(menu.current?.querySelectorAll<HTMLButtonElement>("[role=menuitem]") ?? [])];
    const index = items.indexOf(document.activeElement as HTMLButtonElement);
    if (event.key === "Escape") {
      event.stopPropagation();
      setOpen(false);
      root.current?.querySelector<HTMLButtonElement>("[aria-haspopup]")?.focus();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      items[(index + (event.key === "ArrowDown" ? 1 : items.length - 1)) % items.length]?.focus();
    }
  }

  const choose = (next: "rename" | "delete") => {
    setOpen(false);
    setDialog(next);
  };

  // The dialogs render outside the menu's element: React events bubble through portals.
  return (
    <>
      <div ref={root} className="relative" onKeyDown={onKeyDown}>
        <IconButton
          label={`${category.name} category options`}
          aria-haspopup="menu"
          aria-expanded={open}
          className="p-0 hover:bg-transparent"
          onClick={() => setOpen((value) => !value)}
        >
          <MoreHorizontal className="size-4" />
        </IconButton>
        {open && (
          <div
            ref={menu}
            role="menu"
            aria-label={`${category.name} category`}
            className="absolute right-0 top-5 z-20 flex w-48 flex-col rounded-md bg-rail p-1.5 text-sm normal-case tracking-normal shadow-xl ring-1 ring-black/40"
          >
            <button
              type="button"
              role="menuitem"
              onClick={() => choose("rename")}
              className="flex items-center justify-between rounded px-2 py-1.5 text-left font-medium text-text hover:bg-accent hover:text-white focus:bg-accent focus:text-white focus:outline-none"
            >
              Rename category <Pencil className="size-4" aria-hidden />
            </button>
            <button
              type="button"
              role="menuitem"
              onClick={() => choose("delete")}
              className="flex items-center justify-between rounded px-2 py-1.5 text-left font-medium text-danger hover:bg-danger-solid hover:text-white focus:bg-danger-solid focus:text-white focus:outline-none"
            >
              Delete category <Trash2 className="size-4" aria-hidden />
            </button>
          </div>
        )}
      </div>
      {dialog === "rename" && <RenameCategoryDialog category={category} onClose={() => setDialog(null)} />}
      {dialog === "delete" && (
        <DeleteCategoryDialog category={category} channelCount={channelCount} onClose={() => setDialog(null)} />
      )}
    </>
  );
}

function RenameCategoryDialog({ category, onClose }: { category: CategoryDTO; onClose: () => void }) {
  const router = useRouter();
  const { pending, error, fieldErrors, submit } = useSubmit();
  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get("name") ?? "");
    return submit(
      withFailureToast(() =>
        renameCategoryAction({ communityId: category.communityId, categoryId: category.id, name }),
      ),
      (renamed) => {
        toast.success(`Renamed to ${renamed.name}`);
        onClose();
        router.refresh();
      },
    );
  }
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} title="Rename category">
      <form onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
        <FormError message={error} />
        <TextField
          label="Category name"
          name="name"
          defaultValue={category.name}
          required
          autoFocus
          maxLength={120}
          error={fieldErrors.name?.[0]}
        />
        <div className="flex justify-end gap-2">
          <Button type="button" variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" pending={pending}>
            Save
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

function DeleteCategoryDialog({
  category,
  channelCount,
  onClose,
}: {
  category: CategoryDTO;
  channelCount: number;
  onClose: () => void;
}) {
  const router = useRouter();
  const { pending, error, submit } = useSubmit();
  const remove = () =>
    submit(
      withFailureToast(() => deleteCategoryAction({ communityId: category.communityId, categoryId: category.id })),
      () => {
        toast.success(`Deleted category ${category.name}`);
        onClose();
        router.refresh();
      },
    );
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} title="Delete category" description={`“${category.name}”`}>
      <div className="flex flex-col gap-4">
        <FormError message={error} />
        <p className="text-sm text-text">
          {channelCount === 0
            ? "The category is empty. Delete it?"
            : channelCount === 1
              ? "Its channel stays, with its messages, and moves to Text channels (no category). Delete the category?"
              : `Its ${channelCount} channels stay, with their messages, and move to Text channels (no category). Delete the category?`}
        </p>
        <div className="flex justify-end gap-2">
          <Button type="button" variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button type="button" variant="danger" pending={pending} onClick={remove}>
            Delete category
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
