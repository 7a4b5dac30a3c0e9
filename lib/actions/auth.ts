"use server";

import { registerUser } from "../domain/users";
import { toResult } from "../errors";
import type { RegisterInput } from "../schemas/auth";

export async function registerAction(input: RegisterInput) {
  return toResult(() => registerUser(input));
}
