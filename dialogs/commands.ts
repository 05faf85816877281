import type { Command } from './services';

const WORDS: Readonly<Record<string, Command>> = {
  hulp: 'help',
  help: 'help',
  terug: 'back',
  back: 'back',
  opnieuw: 'restart',
  restart: 'restart',
  stop: 'stop',
  wissen: 'delete',
  delete: 'delete',
  mens: 'human',
  human: 'human',
  intrekken: 'withdraw',
  withdraw: 'withdraw',
  status: 'status',
  'volgende stap': 'next_step',
  'next step': 'next_step',
  taal: 'language',
  language: 'language',
  regeling: 'procedure',
  procedure: 'procedure',
};

// Asking for a person in a few words is the same request as `mens` (DOMAIN P4); whole message only.
const HUMAN_PHRASES = [
  /^ik wil (?:graag )?(?:een |met een )?(?:mens|persoon|medewerker)(?: spreken)?$/,
  /^(?:een )?(?:echt )?mens spreken$/,
  /^(?:i want to |can i |could i )?(?:talk|speak) (?:to|with) a (?:real )?(?:human|person)(?: please)?$/,
];
const IDENTITY_PHRASES = [/^(?:ben|bent) (?:jij|je|u) een (?:echt(?:e)? )?(?:mens|robot|computer|persoon)$/, /^are you (?:a )?(?:real )?(?:human|person|robot|bot)$/];


/** A command only when it is the whole message (trimmed, any case, a closing ! . or ? allowed). */
export function recognizeCommand(text: string): Command | undefined {
  const t = text.trim().toLowerCase().replace(/[!.?]+$/, '').trim();
  if (t.length === 0 || t.length > 80) return undefined;
  const word = WORDS[t];
  if (word) return word;
  if (HUMAN_PHRASES.some((p) => p.test(t))) return 'human';
  if (IDENTITY_PHRASES.some((p) => p.test(t))) return 'identity';
  return undefined;
}
