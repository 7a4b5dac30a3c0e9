"use client";

export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  return (
    <main className="flex min-h-full flex-col items-center justify-center gap-3 bg-main p-6 text-center">
      <h1 className="text-2xl font-bold text-strong">Something went wrong</h1>
      <p className="max-w-md text-muted">We could not load this page. Your messages are safe; please try again.</p>
      <button
        type="button"
        onClick={reset}
        className="mt-2 rounded-[4px] bg-accent px-4 py-2 text-sm font-medium text-white hover:bg-accent-hover"
      >
        Try again
      </button>
    </main>
  );
}
