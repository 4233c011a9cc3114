/**
 * Byte → text decoding of downloaded exports. The encoding comes from the BOM
 * (UTF-8, UTF-16LE, UTF-16BE). Without a BOM: UTF-16LE/BE when every other byte of the
 * start is zero (LinkedIn exports seen without BOM), UTF-8 when the start is valid UTF-8,
 * else Windows-1252 (Excel's "CSV" on Western Windows).
 */

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface DetectedEncoding {
  encoding: TextEncodingName;
  /** Bytes of BOM to skip. */
  bomLength: number;
}

const SNIFF_BYTES = 64 * 1024;

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
  try {
    // Cut the sample at a character boundary so a multi-byte sequence split by the cut is not an error.
    let end = Math.min(bytes.length, SNIFF_BYTES);
    if (end < bytes.length) while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end));
    return { encoding: 'utf-8', bomLength: 0 };
  } catch {
    return { encoding: 'windows-1252', bomLength: 0 };
  }
}

/** Decodes in chunks so the file is never held twice as one big string. */
export function* decodeChunks(
  bytes: Uint8Array,
  detected: DetectedEncoding,
  chunkSize = SNIFF_BYTES,
): Generator<string> {
  const decoder = new TextDecoder(detected.encoding);
  for (let offset = detected.bomLength; offset < bytes.length; offset += chunkSize) {
    const text = decoder.decode(bytes.subarray(offset, offset + chunkSize), { stream: true });
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}
