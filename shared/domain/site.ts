/** The site profile: device configuration entered at first start (not exam data). */
import { z } from 'zod';

export const uiLanguages = ['zh-CN', 'en'] as const;
export type UiLanguage = (typeof uiLanguages)[number];
export const defaultUiLanguage: UiLanguage = 'zh-CN';

export function isUiLanguage(value: unknown): value is UiLanguage {
  return typeof value === 'string' && (uiLanguages as readonly string[]).includes(value);
}

/**
 * Site codes are the codes the district authority assigns (letters, digits, hyphen).
 * Messages are i18n keys under `validation.`, translated by the renderer.
 */
export const siteProfileSchema = z.object({
  // An empty field arrives as undefined: the same words as a field too short, never zod's English.
  siteCode: z
    .string({ error: 'siteCodeFormat' })
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9-]{1,31}$/, { message: 'siteCodeFormat' }),
  siteName: z
    .string({ error: 'siteNameRequired' })
    .trim()
    .min(2, { message: 'siteNameRequired' })
    .max(100, { message: 'tooLong' }),
  district: z
    .string({ error: 'districtRequired' })
    .trim()
    .min(2, { message: 'districtRequired' })
    .max(100, { message: 'tooLong' }),
});
export type SiteProfile = z.infer<typeof siteProfileSchema>;
