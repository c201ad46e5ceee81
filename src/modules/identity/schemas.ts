import { z } from 'zod';
import { emailField, passwordField, plainText } from '../../platform/http/validation.js';

export const SignUpBody = z.object({
  displayName: plainText(80),
  email: emailField,
  password: passwordField,
});
export type SignUpBody = z.infer<typeof SignUpBody>;

export const SignInBody = z.object({
  email: emailField,
  password: passwordField,
  next: z.string().max(500).optional(),
});
export type SignInBody = z.infer<typeof SignInBody>;

export const EmailBody = z.object({ email: emailField });
export type EmailBody = z.infer<typeof EmailBody>;

export const TokenQuery = z.object({ token: z.string().min(10).max(200).regex(/^[A-Za-z0-9_-]+$/) });
export type TokenQuery = z.infer<typeof TokenQuery>;

export const ResetPasswordBody = z.object({
  token: z.string().min(10).max(200).regex(/^[A-Za-z0-9_-]+$/),
  password: passwordField,
});
export type ResetPasswordBody = z.infer<typeof ResetPasswordBody>;

export const NextQuery = z.object({ next: z.string().max(500).optional() });

