/**
 * Compact text for label maps, small enough for a URL: run-length coded symbols, varint
 * bytes, a checksum, base64url. A truncated or altered code is detected, never misread.
 *
 * Code = '1' (format version) + base64url(varint N, runs…, FNV-1a of the preceding bytes).
 * Each run is one varint of `length × 4 + symbol`; symbols are 0–3. A refused code's reason
 * is a phrase in the words of `t` (the page's language; English by default).
 */
import { englishWords, type LabWords } from './words';

/** Symbols per pixel: labels use 0–2 (UNLABELED, BACKGROUND, FOREGROUND), edits 0–3. */
export const SYMBOLS = 4;
const VERSION = '1';
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export type DecodeResult = { ok: true; symbols: Uint8Array } | { ok: false; reason: string };

/** base64url text of `bytes`, without padding. */
export function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] as number;
    const b = i + 1 < bytes.length ? (bytes[i + 1] as number) : 0;
    const c = i + 2 < bytes.length ? (bytes[i + 2] as number) : 0;
    const n = (a << 16) | (b << 8) | c;
    out += ALPHABET[(n >> 18) & 63];
    out += ALPHABET[(n >> 12) & 63];
    if (i + 1 < bytes.length) out += ALPHABET[(n >> 6) & 63];
    if (i + 2 < bytes.length) out += ALPHABET[n & 63];
  }
  return out;
}

/** Bytes of base64url text (padding tolerated); null when a character is not base64url. */
export function fromBase64Url(text: string): Uint8Array | null {
  const body = text.replace(/=+$/, '');
  if (body.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((body.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let k = 0;
  for (const ch of body) {
    const d = ALPHABET.indexOf(ch);
    if (d < 0) return null;
    value = (value << 6) | d;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[k++] = (value >> bits) & 255;
    }
  }
  return out;
}

/** FNV-1a over bytes, as four bytes. */
function checksum(bytes: ArrayLike<number>, length: number): number[] {
  let h = 0x811c9dc5;
  for (let i = 0; i < length; i++) {
    h ^= bytes[i] as number;
    h = Math.imul(h, 0x01000193);
  }
  h >>>= 0;
  return [h >>> 24, (h >>> 16) & 255, (h >>> 8) & 255, h & 255];
}

function pushVarint(out: number[], value: number): void {
  let v = value;
  while (v >= 128) {
    out.push((v % 128) | 128);
    v = Math.floor(v / 128);
  }
  out.push(v);
}

/** Encode symbols (each 0–3) as a compact URL-safe code. */
export function encodeSymbols(symbols: ArrayLike<number>): string {
  const bytes: number[] = [];
  pushVarint(bytes, symbols.length);
  let i = 0;
  while (i < symbols.length) {
    const s = symbols[i] as number;
    if (!Number.isInteger(s) || s < 0 || s >= SYMBOLS)
      throw new Error(`symbol ${s} at ${i} is outside 0–${SYMBOLS - 1}`);
    let j = i + 1;
    while (j < symbols.length && symbols[j] === s) j++;
    pushVarint(bytes, (j - i) * SYMBOLS + s);
    i = j;
  }
  bytes.push(...checksum(bytes, bytes.length));
  return VERSION + toBase64Url(Uint8Array.from(bytes));
}

/**
 * Decode a code made by `encodeSymbols`. `expected`, when given, is the number of
 * symbols the caller needs; a code of another length is refused with a reason.
 */
export function decodeSymbols(code: string, expected?: number, t: LabWords = englishWords): DecodeResult {
  if (code.length === 0) return { ok: false, reason: t('lab.code.empty') };
  if (code[0] !== VERSION) return { ok: false, reason: t('lab.code.unknownFormat') };
  const bytes = fromBase64Url(code.slice(1));
  if (!bytes) return { ok: false, reason: t('lab.code.badCharacters') };
  let pos = 0;
  const readVarint = (): number | null => {
    let value = 0;
    let scale = 1;
    for (let k = 0; k < 8; k++) {
      if (pos >= bytes.length) return null;
      const b = bytes[pos++] as number;
      value += (b & 127) * scale;
      if (b < 128) return value;
      scale *= 128;
    }
    return null;
  };
  const truncated: DecodeResult = {
    ok: false,
    reason: t('lab.code.truncated'),
  };
  const total = readVarint();
  if (total === null) return truncated;
  if (expected !== undefined && total !== expected) {
    return { ok: false, reason: t('lab.code.wrongSize', { total, expected }) };
  }
  if (total > 1 << 24) return { ok: false, reason: t('lab.code.impossibleSize') };
  const symbols = new Uint8Array(total);
  let filled = 0;
  while (filled < total) {
    const run = readVarint();
    if (run === null) return truncated;
    const length = Math.floor(run / SYMBOLS);
    const symbol = run % SYMBOLS;
    if (length === 0 || filled + length > total) return { ok: false, reason: t('lab.code.damaged') };
    symbols.fill(symbol, filled, filled + length);
    filled += length;
  }
  if (bytes.length < pos + 4) return truncated;
  const expectSum = checksum(bytes, pos);
  for (let k = 0; k < 4; k++) {
    if (bytes[pos + k] !== expectSum[k]) return { ok: false, reason: t('lab.code.checksum') };
  }
  if (bytes.length !== pos + 4) return { ok: false, reason: t('lab.code.extra') };
  return { ok: true, symbols };
}
