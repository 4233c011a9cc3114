/**
 * Field case F2 and its kind: an 18-character Salesforce id is case-insensitive (its last 3
 * characters encode the case of the first 15), so an id a tool or spreadsheet upper-cased is
 * still the same record, in every Salesforce id column; a 15-character id stays case-sensitive.
 * Field case F12 for Salesforce ids: an id whose key prefix does not fit the object of its
 * column (`650000001230000`, a spreadsheet's reading of `0065000000123E4`) is refused.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { toSalesforceId18 } from '../../../functions/sources/salesforce/ids.js';
import { fieldCase, type FieldCaseRun } from '../../helpers/field-case.js';
import { importBytes, utf8 } from './helpers.js';

let run: FieldCaseRun | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

const USD = { sources: { 'salesforce-opportunities-csv': { currency: 'USD' } } };

describe('18-character Salesforce ids in another letter case', () => {
  it('restores the case of the first 15 from the suffix; 15-character ids differing in case stay distinct', () => {
    expect(toSalesforceId18('0065G00000QRSTUAAF')).toBe('0065g00000QrStuAAF');
    expect(toSalesforceId18('0065g00000qrstuaaf')).toBe('0065g00000QrStuAAF');
    expect(toSalesforceId18('0065g00000QrStuAAF')).toBe('0065g00000QrStuAAF');
    expect(toSalesforceId18('00Q5g00000abcde')).not.toBe(toSalesforceId18('00Q5g00000ABCDE'));
  });

  it('refuses an 18-character id whose last 3 characters fit its first 15 in no case', () => {
    // `9` is no suffix character; `5` (all five upper-case) cannot be over the digits `00650`.
    for (const bad of ['0065g00000QrStuAA9', '0065g00000QrStu5AF'])
      expect(() => toSalesforceId18(bad)).toThrow(/its last 3 characters do not fit/);
  });

  it('a leads report with an upper-cased Converted Opportunity ID and OwnerId names the Data Loader records', async () => {
    run = await fieldCase('cfg-ny.json');
    const users = join(run.dir, 'users.csv');
    const leads = join(run.dir, 'leads.csv');
    const opps = join(run.dir, 'opps.csv');
    await writeFile(users, 'Id,Name,Email,IsActive\n0055g00000XyZwVAAV,Sam Lee,sam@ourco.example,true\n');
    await writeFile(
      leads,
      [
        '"Lead Owner","First Name","Last Name","Company / Account","Lead Source","Lead Status","Create Date","Email","Lead ID","Converted","Converted Opportunity ID"',
        '"0055G00000XYZWVAAV","Tom","Baker","Northwind Ltd","Web","Qualified","2026-11-09 09:05","tom@gmail.com","00Q5g00000AbCdE","1","0065g00000XyZab"',
        '"0055g00000xyzwvaav","Amy","Clarke","Fabrikam Inc","Web","Qualified","2026-11-09 14:40","amy@yahoo.com","00Q5g00000abcde","1","0065G00000QRSTUAAF"',
        '',
      ].join('\n'),
    );
    await writeFile(
      opps,
      [
        'Id,Name,StageName,Amount,CurrencyIsoCode,CloseDate,CreatedDate,IsClosed,IsWon',
        '0065g00000XyZabAAF,Northwind - Platform,Closed Won,12000.00,USD,2026-11-12,2026-11-10T09:15:00.000Z,true,true',
        '0065g00000QrStuAAF,Fabrikam - Renewal,Qualification,8000.00,USD,2026-12-20,2026-11-11T14:30:00.000Z,false,false',
        '',
      ].join('\n'),
    );
    await run.import(users, 'salesforce-users-csv', { date: '2026-11-23' });
    await run.import(leads, 'salesforce-leads-csv', { date: '2026-11-23' });
    await run.import(opps, 'salesforce-opportunities-csv', { date: '2026-11-23' });
    expect(await run.query('select converted_deal_id, owner_id from leads order by lead_id')).toEqual([
      { converted_deal_id: '0065g00000XyZabAAF', owner_id: '0055g00000XyZwVAAV' },
      { converted_deal_id: '0065g00000QrStuAAF', owner_id: '0055g00000XyZwVAAV' },
    ]);
    // Both opportunities come from their converted leads: 20,000 marketing-sourced, not 12,000.
    expect(
      await run.query('select deal_id, is_marketing_sourced, match_method from fct_deals order by deal_id'),
    ).toEqual([
      { deal_id: '0065g00000QrStuAAF', is_marketing_sourced: true, match_method: 'conversion' },
      { deal_id: '0065g00000XyZabAAF', is_marketing_sourced: true, match_method: 'conversion' },
    ]);
  });

  it('every Salesforce id column of the files canonicalizes the case and names the field of an id that does not fit', async () => {
    const opps = await importBytes(
      'salesforce-opportunities-csv',
      utf8(
        'Id,StageName,Amount,CloseDate,CreatedDate,OwnerId,ConvertedFromLeadId,ContactId\n' +
          '0065G00000QRSTUAAF,Prospecting,1,2026-12-01,2026-11-09,0055G00000XYZWVAAV,00Q5G00000ABCDEEAV,0035G00000AA1BCAAB\n',
      ),
      'opps.csv',
      'UTC',
      USD,
    );
    expect(opps.rejects.map((r) => r.reason)).toEqual([]);
    expect(opps.rows[0]).toMatchObject({
      deal_id: '0065g00000QrStuAAF',
      owner_id: '0055g00000XyZwVAAV',
      converted_from_lead_id: '00Q5g00000AbCdEEAV',
      contact_ids: ['0035g00000Aa1bcAAB'],
    });
    const tasks = await importBytes(
      'salesforce-activities-csv',
      utf8(
        'Id,WhoId,OwnerId,TaskSubtype,Status,CompletedDateTime\n' +
          '00T5G00001QB1AAEAJ,00Q5G00000ABCDEEAV,0055G00000XYZWVAAV,Call,Completed,2026-11-10T10:00:00Z\n',
      ),
      'tasks.csv',
    );
    expect(tasks.rejects).toEqual([]);
    expect(tasks.rows[0]).toMatchObject({ activity_id: '00T5g00001Qb1AaEAJ', lead_id: '00Q5g00000AbCdEEAV' });
    const leads = await importBytes(
      'salesforce-leads-csv',
      utf8(
        'Lead ID,Email,Create Date,Lead Status,Converted Opportunity ID\n00Q5g00000AbCdE,a@x.example,2026-11-09,Open,0065g00000QrStuAA9\n',
      ),
      'leads.csv',
    );
    expect(leads.rows).toEqual([]);
    expect(leads.rejects[0]).toMatchObject({
      field: 'Converted Opportunity ID',
      reason: expect.stringContaining('not a Salesforce id: its last 3 characters do not fit'),
    });
  });
});

describe('Salesforce ids whose key prefix does not fit the object of their column', () => {
  it('F12: an Opportunity ID a spreadsheet read as a number (650000001230000) is refused, naming the damage', async () => {
    run = await fieldCase('cfg-ny.json');
    const clean = join(run.dir, 'clean.csv');
    const damaged = join(run.dir, 'damaged.csv');
    await writeFile(
      clean,
      'Id,Name,StageName,Amount,CurrencyIsoCode,CloseDate,CreatedDate,IsClosed,IsWon\n' +
        '0065000000123E4AAI,Northwind - Platform,Closed Won,12000.00,USD,2026-11-13,2026-11-10T09:15:00.000Z,true,true\n',
    );
    await writeFile(
      damaged,
      '"Opportunity Name","Stage","Amount Currency","Amount","Close Date","Created Date","Opportunity ID"\n' +
        '"Northwind - Platform","Closed Won","USD","12000.00","11/13/2026","11/10/2026","650000001230000"\n',
    );
    await run.import(clean, 'salesforce-opportunities-csv', { date: '2026-11-20' });
    const out = await run
      .import(damaged, 'salesforce-opportunities-csv', { date: '2026-11-23' })
      .catch((err: Error) => err.message);
    expect(out).toContain(
      'Opportunity ID: "650000001230000" is not a Salesforce Opportunity id (they start with 006): a spreadsheet program read the id as a number',
    );
    expect(await run.query('select deal_id, amount from deals')).toEqual([
      { deal_id: '0065000000123E4AAI', amount: 12000 },
    ]);
  });

  it.each([
    [
      'salesforce-leads-csv',
      'Lead ID,Email,Create Date,Lead Status\n0065g00000QrStu,a@x.example,2026-11-09,Open\n',
      'Lead ID',
      'Lead',
    ],
    [
      'salesforce-leads-csv',
      'Lead ID,Email,Create Date,Lead Status,Converted Contact ID\n00Q5g00000AbCdE,a@x.example,2026-11-09,Open,350000000123000\n',
      'Converted Contact ID',
      'Contact',
    ],
    ['salesforce-users-csv', 'Id,Name\n550000000123000,Sam Lee\n', 'Id', 'User'],
    [
      'salesforce-activities-csv',
      'Id,WhoId,TaskSubtype,CompletedDateTime\n650000001230000,00Q5g00000AbCdE,Call,2026-11-10T10:00:00Z\n',
      'Id',
      'Task or Event',
    ],
  ])('%s: a %s id of another object is a reject naming the field', async (format, text, field, object) => {
    const { rows, rejects } = await importBytes(format, utf8(text), 'export.csv');
    expect(rows).toEqual([]);
    expect(rejects[0]).toMatchObject({ field, reason: expect.stringContaining(`is not a Salesforce ${object} id`) });
  });
});
