import type { Metadata, Viewport } from "next";
import { GeistSans } from "geist/font/sans";
import { GeistMono } from "geist/font/mono";
import { Toaster } from "sonner";
import { HydrationMark } from "@/components/ui/hydration-mark";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Community Chat", template: "%s · Community Chat" },
  description: "Self-hosted community chat: communities, channels, live messages.",
  // static assets in public/ (one copy of the icon, also named by the manifest)
  icons: { icon: { url: "/icon.svg", type: "image/svg+xml", sizes: "any" } },
  manifest: "/manifest.webmanifest",
};

export const viewport: Viewport = { themeColor: "#1e1f22" };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en" suppressHydrationWarning className={`${GeistSans.variable} ${GeistMono.variable} dark`}>
      <body className="font-sans antialiased">
        {children}
        <Toaster theme="dark" position="bottom-right" richColors closeButton />
        <HydrationMark />
      </body>
    </html>
  );
}
