/** Signs out and goes to /login; next-auth's client (≈ 10 KB gzip) loads for this click only. */
export async function signOutToLogin() {
  const { signOut } = await import("next-auth/react");
  await signOut({ callbackUrl: "/login" });
}
