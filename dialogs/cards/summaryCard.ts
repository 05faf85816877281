import { CardFactory, type Attachment } from 'botbuilder';
import type { Choice } from '../prompt';

/** Channels that show Adaptive Cards; elsewhere the summary is text. */
export const CARD_CHANNELS = ['webchat', 'directline', 'msteams', 'emulator'];

/**
 * The summary as an Adaptive Card (1.3: what Teams and Web Chat both render). The buttons send
 * `{ choice }`, the same values as the step's choices. In Web Chat a button is a `messageBack`
 * (its Bot Framework card action), so the chosen answer shows as the person's message.
 */
export function summaryCard(input: {
  title: string;
  facts: Array<{ label: string; value: string; long?: boolean }>;
  destination: string;
  choices: Choice[];
}): Attachment {
  const short = input.facts.filter((f) => !f.long);
  const long = input.facts.filter((f) => f.long);
  return CardFactory.adaptiveCard({
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.3',
    body: [
      { type: 'TextBlock', text: input.title, weight: 'Bolder', size: 'Medium', wrap: true },
      { type: 'FactSet', facts: short.map((f) => ({ title: f.label, value: f.value })) },
      ...long.flatMap((f) => [
        { type: 'TextBlock', text: f.label, weight: 'Bolder', wrap: true, spacing: 'Medium' },
        { type: 'TextBlock', text: f.value, wrap: true },
      ]),
      { type: 'TextBlock', text: input.destination, wrap: true, spacing: 'Medium' },
    ],
    actions: input.choices.map((c) => ({
      type: 'Action.Submit',
      title: c.title,
      data: {
        choice: c.value,
        __isBotFrameworkCardAction: true,
        cardAction: { type: 'messageBack', title: c.title, text: c.title, displayText: c.title, value: { choice: c.value } },
      },
    })),
  });
}
