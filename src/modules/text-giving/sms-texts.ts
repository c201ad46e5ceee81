import type { Formatters, I18n } from '../../platform/i18n/i18n.js';
import { formatters } from '../../platform/i18n/i18n.js';
import type { Lang } from './db/schema.js';

/** The words of every text this module sends, in the donor's language. */
export function createSmsTexts(i18n: I18n) {
  const fmt: Record<Lang, Formatters> = { en: formatters('en'), fr: formatters('fr') };
  return {
    text: (lang: Lang, key: string, params: Record<string, string | number> = {}) => i18n.t(lang)(`text-giving-sms.${key}`, params),
    money: (lang: Lang, cents: number) => fmt[lang].money(cents).replace(/[.,]00(?=\s|$|\u00a0)/, ''),
  };
}
export type SmsTexts = ReturnType<typeof createSmsTexts>;
