import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';

/** The published schema, compiled by a real validator; formats checked the way the model means them. */
export function complaintValidator() {
  const schema = JSON.parse(readFileSync(join(__dirname, '..', '..', 'schemas', 'complaint.schema.json'), 'utf8'));
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  ajv.addFormat('email', /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/);
  ajv.addFormat('date', { validate: (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) });
  ajv.addFormat('date-time', { validate: (s: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s) && !Number.isNaN(Date.parse(s)) });
  const validate = ajv.compile(schema);
  return (data: unknown): string[] => (validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
}
