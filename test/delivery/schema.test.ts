import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMPLAINT_SCHEMA_FILE, complaintSchemaText } from '../../src/infra/delivery/complaintSchema';
import { complaintValidator } from '../helpers/complaintSchema';
import { draft, harness } from './fixtures';

describe('the published schema of complaint.json', () => {
  it('when the zod model changes, then the published schema must be regenerated (npm run schema)', () => {
    const published = readFileSync(join(__dirname, '..', '..', COMPLAINT_SCHEMA_FILE), 'utf8');
    expect(published).toBe(complaintSchemaText());
  });

  it('when a back office validates complaint.json, then a real complaint passes and a broken one fails with the reason', async () => {
    const h = await harness();
    const result = await h.delivery.sender.submit(draft('jess', 'manager'), { idempotencyKey: 'conv-schema' });
    await h.dispose();
    if (!result.ok) throw new Error('submit failed');
    const validate = complaintValidator();
    const good = JSON.parse(JSON.stringify(result.complaint));
    expect(validate(good)).toEqual([]);

    const broken: Array<[string, (c: Record<string, any>) => void, RegExp]> = [
      ['no reference', (c) => delete c.reference, /required property 'reference'/],
      ['a date in another format', (c) => (c.event.date = '30-03-2026'), /\/event\/date/],
      ['an unknown time-limit status', (c) => (c.timeLimit.status = 'perhaps'), /\/timeLimit\/status/],
      ['a key the model does not know', (c) => (c.bsn = '123456782'), /additional properties/],
      ['a submittedAt without offset', (c) => (c.submittedAt = '2026-04-20T10:15:00'), /\/submittedAt/],
    ];
    for (const [, breakIt, reason] of broken) {
      const copy = JSON.parse(JSON.stringify(good));
      breakIt(copy);
      expect(validate(copy).join('\n')).toMatch(reason);
    }
  });
});
