import { INestApplicationContext } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import Redis from 'ioredis';
import { ServerOptions } from 'socket.io';
import { appConfig } from '../config/app.config';
import { eventsChannelPrefix } from './auction-events';

/**
 * Socket.IO over Redis pub/sub: rooms span every API process, and events published by the
 * worker (through the Redis emitter) reach clients of any of them. Browsers may connect from the
 * origins of CORS_ORIGINS, with credentials (a browser session's cookie), as they may call the
 * REST API; SocketSessions reads the same list to judge a handshake that carries the cookie.
 */
export class RedisIoAdapter extends IoAdapter {
  private readonly clients: Redis[] = [];

  constructor(
    private readonly app: INestApplicationContext,
    private readonly redisUrl: string,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions) {
    const { corsOrigins } = this.app.get<ConfigType<typeof appConfig>>(appConfig.KEY);
    // Socket.IO fills in the options left out, as it does for those the gateway leaves out.
    const withCors = { ...options, cors: { origin: corsOrigins, credentials: true } } as ServerOptions;
    const server = super.createIOServer(port, withCors);
    const publisher = new Redis(this.redisUrl);
    const subscriber = publisher.duplicate();
    for (const client of [publisher, subscriber]) client.on('error', () => undefined);
    this.clients.push(publisher, subscriber);
    server.adapter(createAdapter(publisher, subscriber, { key: eventsChannelPrefix(publisher) }));
    return server;
  }

  override async dispose(): Promise<void> {
    await super.dispose();
    this.clients.forEach((client) => client.disconnect());
  }
}
