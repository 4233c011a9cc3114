import { describe, expect, it } from 'vitest';
import { isSalesforceId, salesforceKeyPrefix, toSalesforceId18 } from '../../functions/sources/salesforce/ids.js';

describe('toSalesforceId18', () => {
  it('adds the checksum suffix of the published algorithm', () => {
    // 001A0 → bit 3 → I; 00000 → A; 6Vm9r → bit 1 → C.
    expect(toSalesforceId18('001A0000006Vm9r')).toBe('001A0000006Vm9rIAC');
    expect(toSalesforceId18('00Q5g00000XyZ9B')).toBe('00Q5g00000XyZ9BEAV'); // Q → E; X, Z, B → 1+4+16 = 21 → V
    expect(toSalesforceId18('aaaaaaaaaaaaaaa')).toBe('aaaaaaaaaaaaaaaAAA');
    expect(toSalesforceId18('AAAAAAAAAAAAAAA')).toBe('AAAAAAAAAAAAAAA555');
  });

  it('ids that differ only in case get different 18-character forms', () => {
    expect(toSalesforceId18('00T5g00001Qa1Aa')).not.toBe(toSalesforceId18('00T5g00001Qa1AA'));
  });

  it('keeps an 18-character id as given and trims white space', () => {
    expect(toSalesforceId18('001A0000006Vm9rIAC')).toBe('001A0000006Vm9rIAC');
    expect(toSalesforceId18(' 001A0000006Vm9r ')).toBe('001A0000006Vm9rIAC');
  });

  it('refuses what is not an id', () => {
    for (const bad of [
      '',
      '001A0000006Vm9',
      '001A0000006Vm9rI',
      '001A0000006Vm9rIACX',
      '1.23457E+11',
      '001A00000-6Vm9r',
    ])
      expect(() => toSalesforceId18(bad)).toThrow(RangeError);
    expect(isSalesforceId('001A0000006Vm9r')).toBe(true);
    expect(isSalesforceId('1.23457E+11')).toBe(false);
  });

  it('names the object by its key prefix', () => {
    expect(salesforceKeyPrefix('00U5g00000Rb2Cc')).toBe('00U');
  });
});
