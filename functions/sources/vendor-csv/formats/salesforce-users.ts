/**
 * Salesforce users → `owners`: a Data Loader export of the User object (API names `Id`, `Name`,
 * `Email`, `IsActive`, `LastModifiedDate`, as the API connector reads them) or a users report
 * (labels `User ID`, `Full Name`, `Email`, `Active`, `Last Modified Date`). A report exported
 * without the user id gives only names: the owner's id is then the full name as written,
 * which is what a leads or opportunities report puts in `owner_id` ("Lead Owner"), so those
 * leads read the same owner (docs/vendor-imports.md).
 */
import { FieldError } from '../errors.js';
import { aliasSpec, names, type HeaderTable } from '../headers.js';
import { resolveColumns } from '../kit.js';
import { isSalesforceId } from '../../salesforce/ids.js';
import { defineRowFormat } from '../row-format.js';

/** User report labels other than English are not verified (no localized export seen). */
export const SALESFORCE_USER_HEADERS = {
  id: { en: ['id', 'user id'] },
  name: { en: ['name', 'full name'] },
  email: { en: ['email'] },
  active: { en: ['isactive', 'active'] },
  updated: { en: ['lastmodifieddate', 'last modified date'] },
} satisfies HeaderTable;

export const salesforceUsersCsv = defineRowFormat({
  name: 'salesforce-users-csv',
  table: 'owners',
  defaultSource: 'salesforce',
  description:
    'Salesforce users, the owners of leads and opportunities (Data Loader export of User, or a users report)',
  headers: SALESFORCE_USER_HEADERS,
  required: [{ label: 'Name', aliases: names(SALESFORCE_USER_HEADERS.name) }],
  prepare({ columns, source }) {
    const col = resolveColumns(columns, aliasSpec(SALESFORCE_USER_HEADERS));
    return (r) => {
      const name = r.text(col.name);
      const text = r.text(col.id);
      if (text !== null && !isSalesforceId(text))
        throw new FieldError(r.field(col.id), `"${text}" is no Salesforce user id`);
      // In its 18-character form, the letter case restored (ids.ts), as leads' and opportunities' owner ids.
      const id = r.id(col.id, 'salesforce', ['User']);
      if (name === null && id === null) throw new FieldError(r.field(col.name), 'the user has neither name nor id');
      return {
        owner_id: id ?? name,
        source,
        name,
        email: r.text(col.email),
        is_active: r.boolean(col.active),
        updated_at: r.timestamp(col.updated),
        is_deleted: null,
      };
    };
  },
});
