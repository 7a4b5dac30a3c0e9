import Link from "next/link";

export default function NotFound() {
  return (
    <main className="flex min-h-full flex-col items-center justify-center gap-3 bg-main p-6 text-center">
      <h1 className="text-3xl font-bold text-strong">Nothing here</h1>
      <p className="max-w-md text-muted">This page does not exist, or you do not have access to it.</p>
      <Link
        href="/"
        className="mt-2 rounded-[4px] bg-accent px-4 py-2 text-sm font-medium text-white hover:bg-accent-hover"
      >
        Go home
      </Link>
    </main>
  );
}
