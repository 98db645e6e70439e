import { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import Redis from 'ioredis';
import { ServerOptions } from 'socket.io';
import { eventsChannelPrefix } from './auction-events';

/**
 * Socket.IO over Redis pub/sub: rooms span every API process, and events published by the
 * worker (through the Redis emitter) reach clients of any of them.
 */
export class RedisIoAdapter extends IoAdapter {
  private readonly clients: Redis[] = [];

  constructor(
    app: INestApplicationContext,
    private readonly redisUrl: string,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions) {
    const server = super.createIOServer(port, options);
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
