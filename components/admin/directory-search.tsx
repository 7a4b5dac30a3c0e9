"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Search } from "lucide-react";
import { Button } from "@/components/ui/button";

/** A console directory's search box: submitting puts `?q=` on `path` (empty: the whole list). */
export function DirectorySearch({
  path,
  query,
  label,
  placeholder,
  maxLength,
}: {
  path: string;
  query: string;
  label: string;
  placeholder: string;
  maxLength: number;
}) {
  const router = useRouter();
  const [text, setText] = useState(query);
  const id = `${path.replaceAll("/", "-").slice(1)}-query`;
  return (
    <form
      role="search"
      className="mb-4 flex gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        router.push(text.trim() ? `${path}?q=${encodeURIComponent(text.trim())}` : path);
      }}
    >
      <label className="sr-only" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        value={text}
        onChange={(event) => setText(event.target.value)}
        placeholder={placeholder}
        maxLength={maxLength}
        className="min-w-0 flex-1 rounded-[4px] bg-rail px-3 py-2 text-[15px] text-text placeholder:text-faint outline-none focus:ring-2 focus:ring-accent"
      />
      <Button type="submit" variant="secondary">
        <Search className="size-4" aria-hidden /> Search
      </Button>
    </form>
  );
}
