/**
 * A person's further addresses (SPEC §4.2) in every CRM export that can carry them: columns
 * named like `Email 2`, `Secondary Email`, `Work email` or `Secondary_Email__c` become the
 * lead's `additional_emails`; properties about email (`Email Opt Out`) never do. And a lead a
 * Salesforce merge deleted names its kept lead (`MasterRecordId`, SPEC §4.1).
 */
import { describe, expect, it } from 'vitest';
import { Columns } from '../../../functions/sources/vendor-csv/columns.js';
import { furtherEmailColumns } from '../../../functions/sources/vendor-csv/formats/person-headers.js';
import { importBytes, utf8 } from './helpers.js';

describe('further-address columns', () => {
  it('match by pattern, in labels and API names, and leave the main email and email properties alone', () => {
    const further = [
      'Email 2',
      'Email2',
      'E-mail Address 3',
      'Secondary Email',
      'Alternate E-mail Address',
      'Additional email addresses',
      'Work email',
      'Personal Email',
      'Email (Home)',
      'Email - Other',
      'Secondary_Email__c',
      'email_2',
      'hs_additional_emails',
    ];
    const not = [
      'Email',
      'Email Address',
      'Email Opt Out',
      'Email Bounced Reason',
      'Marketing emails opened',
      'Email Domain',
      'Emails Sent',
      'Has Opted Out Of Email',
    ];
    const columns = new Columns([...not, ...further]);
    expect(furtherEmailColumns(columns, 0).map((i) => columns.names[i])).toEqual(further);
  });
});

describe('further addresses per export', () => {
  it('hubspot-contacts-csv: Additional email addresses and a Work email column', async () => {
    const { rows, rejects } = await importBytes(
      'hubspot-contacts-csv',
      utf8(
        [
          '"Record ID","Email","Create Date","Additional email addresses","Work email","Email Domain","Lifecycle Stage"',
          '"11","anna@northwind.example","2026-11-09 10:00","anna.k@gmail.com;a.keller@gmail.com","Anna.Keller@northwind-group.example","northwind.example"',
        ].join('\n'),
      ),
      'contacts.csv',
    );
    expect(rejects).toEqual([]);
    expect(rows[0]?.additional_emails).toEqual([
      'anna.k@gmail.com',
      'a.keller@gmail.com',
      'Anna.Keller@northwind-group.example',
    ]);
  });

  it('salesforce-leads-csv: a custom Secondary_Email__c; a lead deleted by a merge names its kept lead', async () => {
    const { rows, rejects } = await importBytes(
      'salesforce-leads-csv',
      utf8(
        [
          'Id,Email,Secondary_Email__c,CreatedDate,IsDeleted,MasterRecordId,HasOptedOutOfEmail,Status',
          '00Q000000000002,max@contoso.example,max.m@gmail.com,2026-11-10T14:00:00.000Z,false,,false',
          '00Q000000000001,max.m@gmail.com,,2026-11-09T16:00:00.000Z,true,00Q000000000002,false',
        ].join('\n'),
      ),
      'leads.csv',
    );
    expect(rejects).toEqual([]);
    expect(rows.map((r) => [r.lead_id, r.additional_emails, r.is_deleted, r.merged_into_lead_id])).toEqual([
      ['00Q000000000002EAA', ['max.m@gmail.com'], false, null],
      // The 15-character MasterRecordId read in the 18-character form, as the lead ids are.
      ['00Q000000000001EAA', [], true, '00Q000000000002EAA'],
    ]);
  });

  it('mailchimp-audience-csv: an Alternate Email audience field', async () => {
    const { rows, rejects } = await importBytes(
      'mailchimp-audience-csv',
      utf8(
        [
          'Email Address,First Name,Alternate Email,OPTIN_TIME,LAST_CHANGED',
          'eva@acme.example,Eva,eva.private@gmail.com,2026-11-09 10:00:00,2026-11-09 10:00:00',
        ].join('\n'),
      ),
      'subscribed_members_export_1.csv',
    );
    expect(rejects).toEqual([]);
    expect(rows[0]?.additional_emails).toEqual(['eva.private@gmail.com']);
  });
});
