/** Channel from UTM values (MAPPINGS §6, "our utm_medium normalisation"). */
import { withoutFormatCharacters } from '../core/invisible.js';
import type { Channel } from '../core/schema.js';

const SOCIAL_SOURCES =
  /(^|\.)(facebook|fb|instagram|ig|linkedin|lnkd|twitter|x|t\.co|tiktok|pinterest|reddit|snapchat|youtube|xing|meta)(\.|$)/i;

export function channelFromUtm(source: string | null, medium: string | null): Channel | null {
  const m = medium ? withoutFormatCharacters(medium).trim().toLowerCase() : '';
  const s = source ? withoutFormatCharacters(source).trim().toLowerCase() : '';
  if (!m && !s) return null;
  const social = SOCIAL_SOURCES.test(s);
  if (['cpc', 'ppc', 'paidsearch', 'paid'].includes(m)) return social ? 'paid_social' : 'paid_search';
  if (['paidsocial', 'paid_social', 'paid-social'].includes(m)) return 'paid_social';
  if (['social', 'social-network', 'social-media', 'sm', 'social network', 'social media'].includes(m))
    return 'organic_social';
  if (['email', 'e-mail', 'e_mail', 'newsletter'].includes(m)) return 'email';
  if (['referral', 'affiliate'].includes(m)) return 'referral';
  if (['display', 'banner', 'cpm'].includes(m)) return 'display';
  if (m === 'organic') return 'organic_search';
  if (m === 'event' || m === 'events') return 'events';
  if ((m === '' || m === '(none)') && s === '(direct)') return 'direct';
  return 'other';
}
