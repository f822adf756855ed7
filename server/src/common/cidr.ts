/** CIDR networks (IPv4 and IPv6) with node:net's BlockList: parsing, normalizing and matching a client address. */
import { BlockList, isIP } from 'node:net';

export interface Network {
  address: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

/** "10.0.0.0/8", "2001:db8::/32" or a single address (a /32 or /128). Null when it is not one. */
export function parseCidr(text: string): Network | null {
  const m = /^([^/\s]+)(?:\/(\d{1,3}))?$/.exec(text.trim());
  if (!m) return null;
  const v = isIP(m[1]);
  if (v === 0) return null;
  const max = v === 4 ? 32 : 128;
  const prefix = m[2] === undefined ? max : Number(m[2]);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) return null;
  return { address: m[1].toLowerCase(), prefix, family: v === 4 ? 'ipv4' : 'ipv6' };
}

export function formatCidr(n: Network): string {
  return `${n.address}/${n.prefix}`;
}

/** "::ffff:192.0.2.1" (an IPv4 client on a dual-stack socket) is 192.0.2.1. */
function plainAddress(ip: string): { address: string; family: 'ipv4' | 'ipv6' } | null {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  const a = mapped ? mapped[1] : ip;
  const v = isIP(a);
  return v === 0 ? null : { address: a, family: v === 4 ? 'ipv4' : 'ipv6' };
}

/** True when the address lies in one of the networks (an unparseable address lies in none). */
export function addressInNetworks(ip: string, networks: readonly string[]): boolean {
  const a = plainAddress(ip);
  if (!a) return false;
  const list = new BlockList();
  for (const text of networks) {
    const n = parseCidr(text);
    if (n) list.addSubnet(n.address, n.prefix, n.family);
  }
  return list.check(a.address, a.family);
}
