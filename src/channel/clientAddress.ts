import { isIP } from 'node:net';
import type { Request } from 'restify';

/**
 * The client's IP address travels with an activity of our own Direct Line as a symbol property:
 * JSON cannot carry a symbol, so no body can forge it, and /api/messages (where the caller is the
 * Bot Framework service, not the person) never has one.
 */
const CLIENT_ADDRESS = Symbol('klachtwijzer.clientAddress');

export function withClientAddress<T extends object>(activity: T, address: string | undefined): T {
  if (address) Object.defineProperty(activity, CLIENT_ADDRESS, { value: address, enumerable: true });
  return activity;
}

export function clientAddressOf(activity: object | undefined): string | undefined {
  const v = activity ? (activity as Record<symbol, unknown>)[CLIENT_ADDRESS] : undefined;
  return typeof v === 'string' ? v : undefined;
}

/** `::ffff:10.0.0.1` is the IPv4 address 10.0.0.1. */
function plain(ip: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip.trim());
  return (m ? m[1]! : ip.trim()).toLowerCase();
}

function ipv4ToInt(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

/** Does `ip` fall in `range` (an address or a CIDR range, IPv4 or IPv6)? */
export function inRange(ip: string, range: string): boolean {
  const address = plain(ip);
  const [base, bitsText] = range.trim().split('/') as [string, string | undefined];
  const net = plain(base);
  if (bitsText === undefined) return address === net;
  const bits = Number(bitsText);
  if (isIP(address) === 4 && isIP(net) === 4) {
    if (bits === 0) return true;
    const mask = bits >= 32 ? 0xffffffff : (~0 << (32 - bits)) >>> 0;
    return (ipv4ToInt(address) & mask) >>> 0 === (ipv4ToInt(net) & mask) >>> 0;
  }
  if (isIP(address) === 6 && isIP(net) === 6) {
    const expand = (v6: string) => {
      const [head, tail] = v6.split('::') as [string, string | undefined];
      const h = head ? head.split(':') : [];
      const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
      const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
      return groups.map((g) => parseInt(g || '0', 16).toString(2).padStart(16, '0')).join('');
    };
    return expand(address).slice(0, bits) === expand(net).slice(0, bits);
  }
  return false;
}

/**
 * The client's address: the socket's, or, when the socket is a proxy listed in TRUST_PROXY, the
 * nearest address in X-Forwarded-For that is not itself a trusted proxy.
 */
export function clientAddress(req: Request, trustedProxies: readonly string[] = []): string {
  const socket = plain(req.socket?.remoteAddress ?? 'unknown');
  const trusted = (ip: string) => trustedProxies.some((r) => inRange(ip, r));
  if (!trusted(socket)) return socket;
  const forwarded = String(req.headers['x-forwarded-for'] ?? '')
    .split(',')
    .map((s) => plain(s))
    .filter((s) => isIP(s) !== 0);
  for (let i = forwarded.length - 1; i >= 0; i--) if (!trusted(forwarded[i]!)) return forwarded[i]!;
  return forwarded[0] ?? socket;
}
