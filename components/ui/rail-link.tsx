import { clsx } from "clsx";
import Link from "next/link";
import { badgeText } from "@/lib/unread";

/** The rail's icon shape and colours: a squircle when active or hovered. */
export const railIcon = (active: boolean) =>
  clsx(
    "size-12 transition-all",
    active
      ? "rounded-2xl bg-accent text-white"
      : "rounded-3xl bg-main group-hover:rounded-2xl group-hover:bg-accent group-hover:text-white",
  );

/** One place on the rail: its icon, the pill on its left (active, unread) and its badge. */
export function RailLink({
  href,
  name,
  active,
  unread,
  badge,
  badgeId,
  badgeTestId,
  children,
}: {
  href: string;
  name: string;
  active: boolean;
  unread: boolean;
  badge: number;
  badgeId: string;
  badgeTestId: string;
  children: React.ReactNode;
}) {
  return (
    <Link
      href={href}
      title={name}
      aria-describedby={badge > 0 ? badgeId : undefined}
      aria-current={active ? "page" : undefined}
      className="group relative flex w-full shrink-0 justify-center"
    >
      <span
        className={clsx(
          "absolute left-0 top-1/2 w-1 -translate-y-1/2 rounded-r bg-white transition-all",
          active ? "h-10" : unread ? "h-2 group-hover:h-5" : "h-0 group-hover:h-5",
        )}
      />
      {children}
      <span className="sr-only">{name}</span>
      {badge > 0 && (
        <span
          id={badgeId}
          data-testid={badgeTestId}
          aria-label={`${badge} unread`}
          className="absolute bottom-0 right-2.5 min-w-5 rounded-full border-[3px] border-rail bg-danger-solid px-1 text-center text-xs font-bold leading-[14px] text-white"
        >
          {badgeText(badge)}
        </span>
      )}
    </Link>
  );
}
