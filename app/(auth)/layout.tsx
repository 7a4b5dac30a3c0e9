export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <main className="flex min-h-full items-center justify-center bg-[radial-gradient(circle_at_top,#404eed_0%,#1e1f22_60%)] p-4">
      <div className="w-full max-w-md rounded-lg bg-main p-8 shadow-2xl">{children}</div>
    </main>
  );
}
