import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EnvSchema, parseEnv } from '../../src/config/env';

const text = readFileSync(join(__dirname, '..', '..', '.env.example'), 'utf8');
const entries = [...text.matchAll(/^([A-Za-z_]+)=(.*)$/gm)].map((m) => [m[1], m[2]] as const);

describe('.env.example', () => {
  it('when compared with the environment schema, then it lists every key once, each after a comment', () => {
    const keys = entries.map(([k]) => k);
    expect([...keys].sort()).toEqual(Object.keys(EnvSchema.shape).sort());
    const lines = text.split('\n');
    for (const key of keys) {
      const at = lines.findIndex((l) => l.startsWith(`${key}=`));
      expect(lines[at - 1]).toMatch(/^# \S/);
    }
  });

  it('when used as it is, then it is a valid environment with the documented defaults', () => {
    const env = parseEnv(Object.fromEntries(entries));
    expect(env).toMatchObject({ PORT: 3978, DATA_DIR: './data', CONVERSATION_RETENTION_DAYS: 30 });
    expect(env.MicrosoftAppId).toBeUndefined();
  });
});

describe('DATABASE_POOL_SIZE', () => {
  it('when it is not set, then PostgreSQL gets 5 connections; a number from 1 to 100 is taken; anything else stops the start with the key named', () => {
    expect(parseEnv({}).DATABASE_POOL_SIZE).toBe(5);
    expect(parseEnv({ DATABASE_POOL_SIZE: '12' }).DATABASE_POOL_SIZE).toBe(12);
    for (const wrong of ['0', '101', 'veel', '2.5']) expect(() => parseEnv({ DATABASE_POOL_SIZE: wrong })).toThrow(/DATABASE_POOL_SIZE/);
  });
});

describe('TEAMS_TENANT_ORGANISATIONS', () => {
  const A = '11111111-2222-3333-4444-555555555555';
  const B = '99999999-8888-7777-6666-555555555555';
  it('when it ties listed tenants to organisations, then each tenant gets its list; a malformed entry or a tenant not in TEAMS_TENANT_IDS stops the start with the key named', () => {
    expect(parseEnv({}).TEAMS_TENANT_ORGANISATIONS).toBeUndefined();
    const env = parseEnv({ TEAMS_TENANT_IDS: `${A},${B}`, TEAMS_TENANT_ORGANISATIONS: `${A.toUpperCase()}: xtra, jess ; ${B}:wijkz` });
    expect(env.TEAMS_TENANT_ORGANISATIONS).toEqual({ [A]: ['xtra', 'jess'], [B]: ['wijkz'] });
    expect(() => parseEnv({ TEAMS_TENANT_IDS: A, TEAMS_TENANT_ORGANISATIONS: `${A}=xtra` })).toThrow(/TEAMS_TENANT_ORGANISATIONS.*is not <tenant id>:<organisation id>/);
    expect(() => parseEnv({ TEAMS_TENANT_IDS: A, TEAMS_TENANT_ORGANISATIONS: `${B}:xtra` })).toThrow(/TEAMS_TENANT_ORGANISATIONS: tenant 9999.* is not in TEAMS_TENANT_IDS/);
    expect(() => parseEnv({ TEAMS_TENANT_ORGANISATIONS: `${A}:xtra` })).toThrow(/is not in TEAMS_TENANT_IDS/);
  });
});
