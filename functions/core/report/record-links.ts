/**
 * Links from the overdue list to a lead's record in its CRM, built from the source's config
 * (`recordLinkSettings`). The URL shapes are the CRMs' own record pages:
 * - HubSpot contact: `https://app.hubspot.com/contacts/{portalId}/record/0-1/{contactId}` (0-1 is the contact object);
 * - Salesforce: `{instanceUrl}/lightning/r/Lead/{id}/view` (a contact id, prefix 003, opens as Contact);
 * - Pipedrive person: `https://{companyDomain}.pipedrive.com/person/{id}`; a Leads Inbox lead (a UUID id):
 *   `https://{companyDomain}.pipedrive.com/leads/inbox/{id}`.
 */
import { recordLinkSettings, type Config } from '../config.js';

/**
 * The URL of lead `leadId` of `source`; null when the source has no config block, is no CRM we
 * link to, or lacks the key its link needs (a link is never guessed). Throws ConfigError for a
 * malformed link key.
 */
export function recordUrl(
  config: Pick<Config, 'sources'>,
  source: string | null,
  leadId: string | null,
): string | null {
  if (!source || !leadId) return null;
  const link = recordLinkSettings(config, source);
  if (!link) return null;
  const id = encodeURIComponent(leadId);
  switch (link.type) {
    case 'hubspot':
      return link.portalId && /^\d+$/.test(leadId)
        ? `https://app.hubspot.com/contacts/${link.portalId}/record/0-1/${id}`
        : null;
    case 'salesforce': {
      if (!link.instanceUrl) return null;
      const object = leadId.startsWith('003') ? 'Contact' : 'Lead';
      return `${link.instanceUrl}/lightning/r/${object}/${id}/view`;
    }
    case 'pipedrive': {
      if (!link.companyDomain) return null;
      const base = `https://${link.companyDomain}.pipedrive.com`;
      if (/^\d+$/.test(leadId)) return `${base}/person/${id}`;
      if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(leadId))
        return `${base}/leads/inbox/${id}`;
      return null;
    }
    default:
      return null;
  }
}
