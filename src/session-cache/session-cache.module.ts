import { Global, Module } from '@nestjs/common';
import { SessionCache } from './session-cache';

/**
 * The session cache, shared by the guard (auth), the code that changes users (users) and the live
 * sockets' gateway (realtime), which listens to it: global for that one.
 */
@Global()
@Module({ providers: [SessionCache], exports: [SessionCache] })
export class SessionCacheModule {}
