import { z } from 'zod';
import { Complaint } from '../../domain/complaint/complaint';

/** Where the published schema of `complaint.json` lives, relative to the project root. */
export const COMPLAINT_SCHEMA_FILE = 'schemas/complaint.schema.json';

/**
 * The JSON Schema of the `complaint.json` attachment, generated from the zod model so the two
 * cannot drift apart (a test compares it with the published file).
 */
export function complaintJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(Complaint, { io: 'output', target: 'draft-2020-12' }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    title: 'Klachtwijzer complaint.json',
    description:
      'One complaint as Klachtwijzer mails it to an organisation (attachment complaint.json). Dates are YYYY-MM-DD; submittedAt is ISO 8601 with offset. Regenerate with `npm run schema`.',
    ...rest,
  };
}

export function complaintSchemaText(): string {
  return `${JSON.stringify(complaintJsonSchema(), null, 2)}\n`;
}
