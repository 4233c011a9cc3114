import { describe, expect, it } from 'vitest';
import { emailKey, idnDomain, normalizeDomain } from '../../functions/core/email-key.js';

describe('emailKey (SPEC §4.2)', () => {
  it.each([
    ['Anna.Keller@Acme.COM', 'anna.keller@acme.com'],
    ['  anna.keller@acme.com \t', 'anna.keller@acme.com'],
    ['anna.keller+newsletter@acme.com', 'anna.keller@acme.com'],
    ['a.n.n.a+x@gmail.com', 'anna@gmail.com'],
    ['A.Nna@GoogleMail.com', 'anna@gmail.com'],
    ['anna.keller@gmx.ch', 'anna.keller@gmx.ch'],
    ['müller@bücher.de', 'müller@xn--bcher-kva.de'],
    ['Mu\u0308ller@xn--bcher-kva.de', 'müller@xn--bcher-kva.de'],
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
    ['a@b@acme.com'],
    ['Jane Doe <jane@acme.com>'],
    ['jane@acme.com, bob@acme.com'],
    ['"jane"@acme.com'],
    ['\u200b@acme.com'],
    ['anna@localhost'],
  ])('unusable %s → null', (input) => {
    expect(emailKey(input)).toBeNull();
  });

  it('keeps dots for non-Gmail domains', () => {
    expect(emailKey('first.last@outlook.com')).toBe('first.last@outlook.com');
  });
});

describe('emailKey: invisible characters and white space (SPEC §4.2, field case F8)', () => {
  it.each([
    ['zero-width space at the end', 'anna.keller@northwind.example\u200b'],
    ['byte-order mark at the start', '\ufeffanna.keller@northwind.example'],
    ['no-break space at the end', 'anna.keller@northwind.example\u00a0'],
    ['right-to-left mark at the start', '\u200fanna.keller@northwind.example'],
    ['left-to-right mark inside the domain', 'anna.keller@north\u200ewind.example'],
    ['soft hyphen inside the local part', 'anna.kel\u00adler@northwind.example'],
    ['word joiner inside the local part', 'anna\u2060.keller@northwind.example'],
    ['narrow no-break space before the @', 'anna.keller\u202f@northwind.example'],
    ['a space inside', 'anna .keller@northwind.example'],
    ['ideographic space and tab', '\u3000anna.keller@northwind.example\t'],
  ])('%s', (_what, input) => {
    expect(emailKey(input)).toBe('anna.keller@northwind.example');
  });

  it('removes them before NFC, so a zero-width space cannot block an accent from composing', () => {
    expect(emailKey('ju\u200b\u0308rgen@x.example')).toBe('jürgen@x.example');
  });

  it('removes them before the +tag and Gmail rules', () => {
    expect(emailKey('a.n\u200bna+x\u00ad@gmail.com\u200b')).toBe('anna@gmail.com');
  });
});

describe('emailKey: internationalized domains in one form (xn-- labels)', () => {
  it('a Unicode domain and its xn-- form are one person', () => {
    expect(emailKey('anna@müller.example')).toBe('anna@xn--mller-kva.example');
    expect(emailKey('anna@xn--mller-kva.example')).toBe('anna@xn--mller-kva.example');
    expect(emailKey('Anna@MÜLLER.Example')).toBe(emailKey('ANNA@XN--MLLER-KVA.EXAMPLE'));
  });

  it('a decomposed ü (typed on a Mac) gives the same key', () => {
    expect(emailKey('anna@mu\u0308ller.example')).toBe('anna@xn--mller-kva.example');
  });

  it('the local part stays Unicode (NFC, lower case)', () => {
    expect(emailKey('JÜRGEN@müller.example')).toBe('jürgen@xn--mller-kva.example');
  });

  it('a domain IDNA refuses is kept as written (lower case)', () => {
    expect(idnDomain('bar´.example')).toBe('bar´.example');
    expect(emailKey('foo@Bar´.example')).toBe('foo@bar´.example');
  });

  it('an ASCII domain is returned unchanged', () => {
    expect(idnDomain('exa_mple.example')).toBe('exa_mple.example');
    expect(idnDomain('xn--zz.example')).toBe('xn--zz.example');
  });
});

describe('normalizeDomain', () => {
  it('writes an internationalized domain as xn-- labels and drops invisible characters', () => {
    expect(normalizeDomain('https://www.Müller.example/kontakt')).toBe('xn--mller-kva.example');
    expect(normalizeDomain('\u200bnorthwind.example\u00a0')).toBe('northwind.example');
  });

  it('lower-cases and strips www., scheme and path', () => {
    expect(normalizeDomain('https://WWW.Acme.com/about')).toBe('acme.com');
    expect(normalizeDomain('')).toBeNull();
  });
});
