import { validateEnv } from './env.validation';

describe('the caps of live sockets in the environment', () => {
  it('accepts positive integers, as numbers', () => {
    expect(validateEnv({ WS_MAX_SOCKETS_PER_USER: '5', WS_MAX_ROOMS_PER_SOCKET: '20' })).toMatchObject({
      WS_MAX_SOCKETS_PER_USER: 5,
      WS_MAX_ROOMS_PER_SOCKET: 20,
    });
  });

  it.each(['0', '-1', '2.5', 'ten'])('refuses %s, naming the variable', (value) => {
    expect(() => validateEnv({ WS_MAX_SOCKETS_PER_USER: value })).toThrow(/WS_MAX_SOCKETS_PER_USER=/);
    expect(() => validateEnv({ WS_MAX_ROOMS_PER_SOCKET: value })).toThrow(/WS_MAX_ROOMS_PER_SOCKET=/);
  });
});
