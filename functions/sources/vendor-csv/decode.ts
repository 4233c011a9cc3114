/**
 * Byte → text decoding of downloaded exports. The encoding comes from the BOM
 * (UTF-8, UTF-16LE, UTF-16BE). Without a BOM: UTF-16LE/BE when every other byte of the
 * start is zero (LinkedIn exports seen without BOM), UTF-8 when the WHOLE file is valid
 * UTF-8, else Windows-1252 (Excel's "CSV (Comma delimited)" on Western Windows), unless the
 * file also holds valid multi-byte UTF-8: then it is a UTF-8 file with rows pasted from a
 * Windows-1252 one, and the strict UTF-8 decoding refuses it at its first bad line.
 */
import { isUtf8 } from 'node:buffer';
import { FormatError } from './errors.js';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface DetectedEncoding {
  encoding: TextEncodingName;
  /** Bytes of BOM to skip. */
  bomLength: number;
  /** UTF-8 with bytes that are not: `decodeChunks` refuses it naming the first bad line. */
  mixed?: boolean;
}

/** Decode chunk size: a reader that stops early decodes only the start of a big file. */
const CHUNK_BYTES = 64 * 1024;

/**
 * The encoding of a whole export (never of its first bytes only: Excel's Windows-1252 CSV
 * may hold its first accented name after 64 KB). Never throws; a mixed file is reported as
 * `{ encoding: 'utf-8', mixed: true }` so that decoding fails with the line.
 */
export function detectEncoding(bytes: Uint8Array): DetectedEncoding {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  const sample = bytes.subarray(0, Math.min(bytes.length, 512));
  if (sample.length >= 4) {
    let zeroEven = 0;
    let zeroOdd = 0;
    for (let i = 0; i < sample.length; i++) {
      if (sample[i] !== 0) continue;
      if (i % 2 === 0) zeroEven++;
      else zeroOdd++;
    }
    const half = sample.length / 2;
    if (zeroOdd > half * 0.8 && zeroEven === 0) return { encoding: 'utf-16le', bomLength: 0 };
    if (zeroEven > half * 0.8 && zeroOdd === 0) return { encoding: 'utf-16be', bomLength: 0 };
  }
  if (isUtf8(bytes)) return { encoding: 'utf-8', bomLength: 0 };
  if (hasUtf8MultiByte(bytes)) return { encoding: 'utf-8', bomLength: 0, mixed: true };
  return { encoding: 'windows-1252', bomLength: 0 };
}

/**
 * True when the bytes hold at least one valid multi-byte UTF-8 sequence (lead byte C2–F4
 * followed by its continuation bytes). Windows-1252 text almost never does: its accented
 * letters (C0–FF) are rarely followed by the symbols and punctuation of 80–BF.
 */
export function hasUtf8MultiByte(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 0xc2 || b > 0xf4) continue;
    const length = b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
    if (i + length <= bytes.length && isUtf8(bytes.subarray(i, i + length))) return true;
  }
  return false;
}

/**
 * Decodes in chunks so the file is never held twice as one big string. UTF-8 is decoded
 * strictly: a file that switches encoding (rows pasted from a Windows-1252 export) fails
 * with a FormatError naming its first bad line, never loads as U+FFFD.
 */
export function* decodeChunks(
  bytes: Uint8Array,
  detected: DetectedEncoding,
  chunkSize = CHUNK_BYTES,
  fileName = 'file',
): Generator<string> {
  const strict = detected.encoding === 'utf-8';
  const decoder = new TextDecoder(detected.encoding, { fatal: strict });
  const decode = (chunk?: Uint8Array, offset = bytes.length): string => {
    try {
      return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
    } catch {
      throw new FormatError(
        `${fileName}: line ${lineOfInvalidUtf8(bytes, offset)}: not UTF-8 (mixed encodings?); re-export the file as UTF-8`,
      );
    }
  };
  for (let offset = detected.bomLength; offset < bytes.length; offset += chunkSize) {
    const text = decode(bytes.subarray(offset, offset + chunkSize), offset);
    if (text) yield text;
  }
  const rest = decode();
  if (rest) yield rest;
}

/** The 1-based line holding the first byte that breaks UTF-8 at or after `from` (line of `from` if none is found). */
function lineOfInvalidUtf8(bytes: Uint8Array, from: number): number {
  let line = 1;
  for (let i = 0; i < from && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
  let start = from;
  while (start > 0 && bytes[start - 1] !== 0x0a) start--;
  for (let i = start; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      if (!isUtf8(bytes.subarray(start, i))) return line;
      if (i > from) line++;
      start = i + 1;
    }
  }
  return line;
}
