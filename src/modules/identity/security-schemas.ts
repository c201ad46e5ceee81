import { z } from 'zod';
import { passwordField, plainText, uuidParam } from '../../platform/http/validation.js';

/** A six-digit code from an authenticator app; spaces people type between digit groups are ignored. */
const totpCode = z
  .string()
  .transform((s) => s.replace(/\s+/g, ''))
  .pipe(z.string().min(1).max(6).regex(/^[0-9]{6}$/));

/** Either an app code or a recovery code (letters, digits and a hyphen). */
const secondFactorCode = z
  .string()
  .transform((s) => s.replace(/\s+/g, ''))
  .pipe(z.string().min(1).max(24).regex(/^[0-9A-Za-z-]+$/));

export const TotpCodeBody = z.object({ code: totpCode });
export type TotpCodeBody = z.infer<typeof TotpCodeBody>;

export const SecondFactorBody = z.object({ code: secondFactorCode, next: z.string().max(500).optional() });
export type SecondFactorBody = z.infer<typeof SecondFactorBody>;

export const DisableTwoFactorBody = z.object({ password: passwordField });
export type DisableTwoFactorBody = z.infer<typeof DisableTwoFactorBody>;

export const PasskeyNameBody = z.object({ name: plainText(60) });
export type PasskeyNameBody = z.infer<typeof PasskeyNameBody>;

export const PasskeyParams = z.object({ id: uuidParam });
export type PasskeyParams = z.infer<typeof PasskeyParams>;

/** A form with nothing to fill in but its CSRF token. */
export const EmptyBody = z.object({});

const base64url = (max: number) => z.string().min(1).max(max).regex(/^[A-Za-z0-9_-]+$/);
const transports = z.array(z.string().max(32).regex(/^[a-z-]+$/)).max(10);
const extensionResults = z.record(z.string(), z.unknown()).default({});

/** What the browser's navigator.credentials.create() gives back, as @simplewebauthn/browser encodes it. */
export const RegistrationResponse = z.object({
  id: base64url(1024),
  rawId: base64url(1024),
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: base64url(8192),
    attestationObject: base64url(65536),
    authenticatorData: base64url(65536).optional(),
    transports: transports.optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: base64url(8192).optional(),
  }),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  clientExtensionResults: extensionResults,
});

/** What navigator.credentials.get() gives back. */
export const AuthenticationResponse = z.object({
  id: base64url(1024),
  rawId: base64url(1024),
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: base64url(8192),
    authenticatorData: base64url(65536),
    signature: base64url(8192),
    userHandle: base64url(512).optional(),
  }),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  clientExtensionResults: extensionResults,
});

export const RegisterPasskeyBody = z.object({ name: plainText(60), response: RegistrationResponse });
export type RegisterPasskeyBody = z.infer<typeof RegisterPasskeyBody>;

export const PasskeySignInBody = z.object({ response: AuthenticationResponse, next: z.string().max(500).optional() });
export type PasskeySignInBody = z.infer<typeof PasskeySignInBody>;
