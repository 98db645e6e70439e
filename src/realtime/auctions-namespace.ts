import { Injectable } from '@nestjs/common';
import { Namespace } from 'socket.io';

/**
 * The gateway's Socket.IO namespace, once Socket.IO has made it. The API's `AuctionEvents` emit
 * through it: they cannot be the gateway itself, whose message handlers call the services that
 * announce the events (a circular dependency).
 */
@Injectable()
export class AuctionsNamespace {
  private namespace?: Namespace;

  set(namespace: Namespace): void {
    this.namespace = namespace;
  }

  get(): Namespace {
    if (!this.namespace) throw new Error('The Socket.IO namespace is not up yet');
    return this.namespace;
  }
}
