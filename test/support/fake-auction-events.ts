import { AuctionEvents } from '../../src/auctions/auction-events.port';

/** An `AuctionEvents` of jest mocks: services tested without sockets, their announcements checked. */
export const fakeAuctionEvents = (): jest.Mocked<AuctionEvents> => ({
  newBid: jest.fn(),
  bidUpdate: jest.fn(),
  outbid: jest.fn(),
  extended: jest.fn(),
  statusChanged: jest.fn(),
});
