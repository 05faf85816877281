/**
 * A BSN (burgerservicenummer) is nine digits that pass the elfproef: 9·d1 + 8·d2 + … + 2·d8 − d9
 * is a multiple of 11. Klachtwijzer never needs one (DOMAIN G1, G5), so a typed BSN is masked
 * before anything is stored or mailed.
 */
export function passesElfproef(digits: string): boolean {
  if (!/^\d{9}$/.test(digits) || /^0+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(digits[i]) * (9 - i);
  sum -= Number(digits[8]);
  return sum % 11 === 0;
}

// Nine digits, optionally grouped by single spaces, dots or dashes (123 456 782, 1234.56.782),
// and not part of a longer number such as a phone number or an IBAN.
const CANDIDATE = /(?<![\d])\d(?:[ .-]?\d){8}(?![ .-]?\d)/g;

export const BSN_MASK = '*********';

/** The text with every BSN replaced by asterisks, and whether one was found. */
export function maskBsn(text: string): { text: string; found: boolean } {
  let found = false;
  const masked = text.replace(CANDIDATE, (match) => {
    if (!passesElfproef(match.replace(/[ .-]/g, ''))) return match;
    found = true;
    return BSN_MASK;
  });
  return { text: masked, found };
}
