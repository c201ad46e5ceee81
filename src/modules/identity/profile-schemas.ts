import { z } from 'zod';
import { multilineText, optional, plainText, uuidParam } from '../../platform/http/validation.js';

export const PROFILE_VISIBILITIES = ['public', 'organizations', 'private'] as const;
export const PROFILE_LOCALES = ['en', 'fr'] as const;

export const UpdateProfileBody = z.object({
  displayName: plainText(80),
  pronouns: optional(plainText(40)),
  bioEn: optional(multilineText(500)),
  bioFr: optional(multilineText(500)),
  visibility: z.enum(PROFILE_VISIBILITIES),
  locale: z.enum(PROFILE_LOCALES),
});
export type UpdateProfileBody = z.infer<typeof UpdateProfileBody>;

export const ProfileParams = z.object({ accountId: uuidParam });
export type ProfileParams = z.infer<typeof ProfileParams>;

/**
 * The multipart avatar form carries its CSRF token in the query string (the body is a file
 * stream read only by the handler); the token must survive query parsing for the CSRF check.
 */
export const AvatarQuery = z.object({ _csrf: z.string().max(200).optional() });
export type AvatarQuery = z.infer<typeof AvatarQuery>;

/** The header's language switch. `_csrf` is declared so that parsing keeps it for the CSRF check. */
export const LanguageBody = z.object({ lang: z.enum(PROFILE_LOCALES), next: z.string().max(500).optional(), _csrf: z.string().max(200).optional() });
export type LanguageBody = z.infer<typeof LanguageBody>;

export const AVATAR_ACCEPT = 'image/jpeg,image/png,image/webp,image/gif';
