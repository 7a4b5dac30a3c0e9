"use server";

import { headers } from "next/headers";
import { CLIENT_IP_HEADER } from "../client-ip";
import { takeSignUpTurn } from "../domain/auth-throttle";
import { resetPasswordWithLink } from "../domain/admin-users";
import { registerUser } from "../domain/users";
import { toResult } from "../errors";
import type { RegisterInput } from "../schemas/auth";

export async function registerAction(input: RegisterInput) {
  const clientIp = (await headers()).get(CLIENT_IP_HEADER) ?? "unknown";
  return toResult(async () => {
    await takeSignUpTurn(clientIp);
    return registerUser(input);
  });
}

/** Anyone holding an administrator's reset link: sets the password once. */
export async function resetPasswordAction(input: { token: string; password: string }) {
  return toResult(async () => resetPasswordWithLink(input));
}
