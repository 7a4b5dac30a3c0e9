import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AdminShell } from "@/components/admin/admin-shell";
import { isAppAdmin } from "@/lib/domain/app-admins";
import { requirePageUser } from "@/lib/queries/pages";

export const metadata: Metadata = { title: "Admin console" };

/** App administrators only: everyone else gets the 404 page (decided on the server). */
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const me = await requirePageUser("/admin");
  if (!(await isAppAdmin({ userId: me.id }))) notFound();
  return <AdminShell>{children}</AdminShell>;
}
