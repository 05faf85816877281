import type { Activity } from 'botbuilder';

/** Longest display name kept (the complaint's name fields allow 200). */
export const MAX_DISPLAY_NAME = 100;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A display name from a channel, made safe to put in a complaint: line breaks, tabs and other
 * control or invisible characters become spaces, runs of spaces one, and it is cut at
 * MAX_DISPLAY_NAME characters. Undefined when nothing is left.
 */
export function cleanDisplayName(name: unknown): string | undefined {
  if (typeof name !== 'string') return undefined;
  const cleaned = name
    .normalize('NFKC')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\u00AD]/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
  const cut = [...cleaned].slice(0, MAX_DISPLAY_NAME).join('').trim();
  return cut === '' ? undefined : cut;
}

export interface StaffIdentity {
  /** The channel may offer `staff_on_behalf`: Teams, from a tenant in TEAMS_TENANT_IDS (any when unset). */
  allowed: boolean;
  /**
   * The tenant is named in TEAMS_TENANT_IDS (never when it is unset): its users work for the
   * organisation and may look up a complaint's status by reference alone.
   */
  tenantListed?: boolean;
  /** The Entra object id of the Teams user, when the channel gives a well-formed one. */
  aadObjectId?: string;
  /**
   * Whose cases a listed tenant's staff may look up (TEAMS_TENANT_ORGANISATIONS; none when the
   * setting names other tenants only); undefined when the setting is not used: any organisation's.
   */
  organisations?: readonly string[];
}

/** Who is typing in Teams, and whether they may file for a client. */
export function staffIdentity(
  activity: Partial<Activity>,
  tenantIds: readonly string[] | undefined,
  tenantOrganisations?: Readonly<Record<string, readonly string[]>>,
): StaffIdentity {
  if (activity.channelId !== 'msteams') return { allowed: false };
  const channelData = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const tenant = String(channelData?.tenant?.id ?? (activity.conversation as { tenantId?: unknown } | undefined)?.tenantId ?? '').toLowerCase();
  const tenantListed = tenantIds !== undefined && tenant !== '' && tenantIds.includes(tenant);
  const allowed = tenantIds === undefined || tenantListed;
  const aad = (activity.from as { aadObjectId?: unknown } | undefined)?.aadObjectId;
  return {
    allowed,
    tenantListed,
    ...(typeof aad === 'string' && GUID.test(aad) ? { aadObjectId: aad.toLowerCase() } : {}),
    ...(tenantListed && tenantOrganisations ? { organisations: tenantOrganisations[tenant] ?? [] } : {}),
  };
}
