"use server";

import { headers } from "next/headers";
import { CLIENT_IP_HEADER } from "../client-ip";
import { takeSignUpTurn } from "../domain/auth-throttle";
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
