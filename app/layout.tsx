import type { Metadata, Viewport } from "next";
import { GeistSans } from "geist/font/sans";
import { GeistMono } from "geist/font/mono";
import { cookies } from "next/headers";
import { Toaster } from "sonner";
import { HydrationMark } from "@/components/ui/hydration-mark";
import { parseTheme, themeCookie } from "@/lib/theme";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Community Chat", template: "%s · Community Chat" },
  description: "Self-hosted community chat: communities, channels, live messages.",
  // static assets in public/ (one copy of the icon, also named by the manifest)
  icons: { icon: { url: "/icon.svg", type: "image/svg+xml", sizes: "any" } },
  manifest: "/manifest.webmanifest",
};

export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#e3e5e8" },
    { media: "(prefers-color-scheme: dark)", color: "#1e1f22" },
  ],
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const theme = parseTheme((await cookies()).get(themeCookie)?.value);
  return (
    <html lang="en" data-theme={theme} className={`${GeistSans.variable} ${GeistMono.variable}`}>
      <body className="font-sans antialiased">
        {children}
        <Toaster theme={theme} position="bottom-right" richColors closeButton />
        <HydrationMark />
      </body>
    </html>
  );
}
