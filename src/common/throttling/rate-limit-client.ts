import { normalizeIp } from '@nestjs/throttler';

/** How much of an IPv6 address one client controls: a /64 is what a single site is given. */
const IPV6_CLIENT_PREFIX = 64;

/**
 * The client a request counts against: an IPv4 address as it is; an IPv6 address as its /64
 * (`2001:db8:1:2::/64`), since one client can cycle through all of them; an IPv4-mapped IPv6
 * address (`::ffff:1.2.3.4`) as its IPv4 address. Anything else as it is.
 */
export function rateLimitClient(ip: string | undefined): string {
  return ip ? normalizeIp(ip, IPV6_CLIENT_PREFIX) : 'unknown';
}
