import { randomInt } from 'node:crypto';

/** 32 signs without 0/O and 1/I, which people mix up when they read a reference aloud. */
export const REFERENCE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const REFERENCE_PATTERN = /^KW-\d{4}-[2-9A-HJ-NP-Z]{6}$/;

/**
 * `KW-2026-7F3K9Q`: the year and six signs from a cryptographic source (32^6, about a billion a
 * year), so nobody can guess another person's reference and use it to withdraw their complaint.
 */
export function newReference(year: string | number): string {
  let code = '';
  for (let i = 0; i < 6; i++) code += REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)];
  return `KW-${year}-${code}`;
}

/** People type references in lower case and with spaces; this is the form we store. */
export function normaliseReference(input: string): string {
  return input.trim().toUpperCase().replace(/\s+/g, '');
}
