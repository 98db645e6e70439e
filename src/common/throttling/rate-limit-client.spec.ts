import { rateLimitClient } from './rate-limit-client';

describe('rateLimitClient', () => {
  it('counts an IPv4 address as itself', () => {
    expect(rateLimitClient('203.0.113.7')).toBe('203.0.113.7');
  });

  it.each([
    ['full', '2001:0db8:0001:0002:0003:0004:0005:0006'],
    ['compressed', '2001:db8:1:2::6'],
    ['upper case', '2001:DB8:1:2:FFFF::1'],
    ['with a zone', '2001:db8:1:2::1%eth0'],
  ])('counts an IPv6 address (%s) as its /64', (_form, address) => {
    expect(rateLimitClient(address)).toBe('2001:db8:1:2::/64');
  });

  it('gives the addresses of one /64 one client, and another /64 another', () => {
    const clients = ['2001:db8:1:2::1', '2001:db8:1:2:ffff:ffff:ffff:ffff', '2001:db8:1:2:abcd::'].map(
      rateLimitClient,
    );
    expect(new Set(clients).size).toBe(1);
    expect(rateLimitClient('2001:db8:1:3::1')).not.toBe(clients[0]);
    expect(rateLimitClient('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
  });

  it.each(['::ffff:203.0.113.7', '::FFFF:203.0.113.7', '::ffff:cb00:7107', '0:0:0:0:0:ffff:cb00:7107'])(
    'counts the IPv4-mapped address %p as its IPv4 address',
    (address) => {
      expect(rateLimitClient(address)).toBe('203.0.113.7');
    },
  );

  it('counts the IPv6 loopback as itself, and a request without an address as "unknown"', () => {
    expect(rateLimitClient('::1')).toBe('::1');
    expect(rateLimitClient(undefined)).toBe('unknown');
  });
});
