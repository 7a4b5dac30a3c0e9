/** Beside a bot account's name, wherever it shows. */
export function BotBadge() {
  return (
    <span className="inline-flex shrink-0 items-center rounded-[3px] bg-accent px-1 py-px text-[10px] font-semibold uppercase leading-tight tracking-wide text-white">
      Bot
    </span>
  );
}
