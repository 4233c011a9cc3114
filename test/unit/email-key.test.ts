import { describe, expect, it } from 'vitest';
import { emailKey, normalizeDomain } from '../../functions/core/email-key.js';

describe('emailKey (SPEC §4.2)', () => {
  it.each([
    ['Anna.Keller@Acme.COM', 'anna.keller@acme.com'],
    ['  anna.keller@acme.com \t', 'anna.keller@acme.com'],
    ['anna.keller+newsletter@acme.com', 'anna.keller@acme.com'],
    ['a.n.n.a+x@gmail.com', 'anna@gmail.com'],
    ['A.Nna@GoogleMail.com', 'anna@gmail.com'],
    ['anna.keller@gmx.ch', 'anna.keller@gmx.ch'],
    ['müller@bücher.de', 'müller@bücher.de'],
  ])('%s → %s', (input, key) => {
    expect(emailKey(input)).toBe(key);
  });

  it.each([
    [null],
    [''],
    ['   '],
    ['not-an-email'],
    ['@acme.com'],
    ['+tag@acme.com'],
    ['a b@acme.com'],
    ['anna@localhost'],
  ])('unusable %s → null', (input) => {
    expect(emailKey(input)).toBeNull();
  });

  it('keeps dots for non-Gmail domains', () => {
    expect(emailKey('first.last@outlook.com')).toBe('first.last@outlook.com');
  });
});

describe('normalizeDomain', () => {
  it('lower-cases and strips www., scheme and path', () => {
    expect(normalizeDomain('https://WWW.Acme.com/about')).toBe('acme.com');
    expect(normalizeDomain('')).toBeNull();
  });
});
