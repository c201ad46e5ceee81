import { z } from 'zod';

export const LanguageBody = z.object({ lang: z.enum(['en', 'fr']), next: z.string().max(500).optional() });
