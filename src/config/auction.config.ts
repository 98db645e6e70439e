import { registerAs } from '@nestjs/config';
import { readEnv } from './read-env';

export const auctionConfig = registerAs('auction', () => ({
  softCloseMs: Number(readEnv('AUCTION_SOFT_CLOSE_MS') ?? 120_000),
  maxDays: Number(readEnv('AUCTION_MAX_DAYS') ?? 30),
}));
