import type { Activity } from 'botbuilder';
import { maskBsn, maskBsnDeep } from '../domain/privacy/bsn';

/**
 * Masks every BSN in what a person sends, on every channel, before anything reads or stores it:
 * the typed `text`, the `value` that buttons and Adaptive Cards send (card submissions included),
 * attachments, channel data and entities, and the display name. Changes the activity in place; true when something was masked.
 */
export function maskIncomingActivity(activity: Partial<Activity>): boolean {
  let found = false;
  if (typeof activity.text === 'string') {
    const m = maskBsn(activity.text);
    if (m.found) {
      activity.text = m.text;
      found = true;
    }
  }
  if (activity.value !== undefined) {
    const m = maskBsnDeep(activity.value);
    if (m.found) {
      activity.value = m.value;
      found = true;
    }
  }
  for (const key of ['attachments', 'channelData', 'entities'] as const) {
    if (activity[key] === undefined) continue;
    const m = maskBsnDeep(activity[key]);
    if (m.found) {
      (activity as Record<string, unknown>)[key] = m.value;
      found = true;
    }
  }
  if (activity.from && typeof activity.from.name === 'string') {
    const m = maskBsn(activity.from.name);
    if (m.found) {
      activity.from = { ...activity.from, name: m.text };
      found = true;
    }
  }
  return found;
}
