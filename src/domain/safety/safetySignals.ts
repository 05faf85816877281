/**
 * Words that may signal danger, abuse or suicide, in Dutch and English. A false alarm costs a
 * few phone numbers; a missed one may cost much more, so the lists lean towards reporting.
 * Matching is on whole words or word starts, case- and accent-insensitive.
 */
const PATTERNS: readonly RegExp[] = [
  // Suicide and self-harm.
  /\bzelfmoord/,
  /\bsuicid/,
  /\bsuicide/,
  /\bniet meer (?:leven|willen leven)\b/,
  /\bdood (?:willen|wil) /,
  /\bwil (?:ik )?dood\b/,
  /\bmezelf (?:van kant|iets aan|pijn)/,
  /\bmijzelf (?:van kant|iets aan|pijn)/,
  /\beinde aan mijn leven\b/,
  /\bkill (?:myself|me)\b/,
  /\bend my life\b/,
  /\bwant to die\b/,
  /\bhurt(?:ing)? myself\b/,
  /\bself[- ]harm/,
  // Abuse and violence.
  /\bmishandel/,
  /\bmisbruik/,
  /\bverkracht/,
  /\baangerand/,
  /\baanranding/,
  /\bgeslagen\b/,
  /\bslaat (?:me|mij|ons|mijn)\b/,
  /\bschopt (?:me|mij)\b/,
  /\bhuiselijk geweld/,
  /\bgeweld\b/,
  /\babuse/,
  /\babusing\b/,
  /\braped?\b/,
  /\bsexual(?:ly)? assault/,
  /\bhits? me\b/,
  /\bbeat(?:s|ing)? me\b/,
  /\bdomestic violence\b/,
  // Danger.
  /\bin gevaar\b/,
  /\bniet veilig\b/,
  /\bonveilig\b/,
  /\bbedreig/,
  /\bin danger\b/,
  /\bnot safe\b/,
  /\bunsafe\b/,
  /\bthreaten/,
];

function fold(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

/** True when the text contains a word that may signal danger, abuse or suicide. */
export function signalsDanger(text: string): boolean {
  const folded = ` ${fold(text).replace(/\s+/g, ' ')} `;
  return PATTERNS.some((p) => p.test(folded));
}
