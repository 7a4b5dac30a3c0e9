import { z } from "zod";
import { text } from "./text";

export const usernameSchema = text()
  .trim()
  .toLowerCase()
  .min(3, "Username must be at least 3 characters.")
  .max(32, "Username must be at most 32 characters.")
  .regex(/^[a-z0-9_.]+$/, "Username may contain only letters, digits, '_' and '.'.");

export const passwordSchema = text()
  .min(8, "Password must be at least 8 characters.")
  .max(200, "Password must be at most 200 characters.")
  .refine((value) => /[a-zA-Z]/.test(value) && /[^a-zA-Z]/.test(value), {
    message: "Password is too weak: mix letters with digits or symbols.",
  });

export const displayNameSchema = text()
  .trim()
  .min(1, "Display name is required.")
  .max(64, "Display name must be at most 64 characters.");

export const registerSchema = z
  .object({
    username: usernameSchema,
    displayName: displayNameSchema,
    password: passwordSchema,
  })
  .refine((input) => !input.password.toLowerCase().includes(input.username), {
    message: "Password is too weak: it must not contain your username.",
    path: ["password"],
  });
export type RegisterInput = z.input<typeof registerSchema>;

export const signInSchema = z.object({
  username: text().trim().toLowerCase().min(1, "Enter your username.").max(64),
  password: text().min(1, "Enter your password.").max(200),
});
