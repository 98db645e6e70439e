import { BadRequestException } from '@nestjs/common';
import fc from 'fast-check';
import { BidOfferCents, BiddingPosition, BidRecord, BidResolution, resolveOffer } from './proxy-bidding';

const ALICE = 2;
const BOB = 3;

/** An auction starting at 1000 with an increment of 10, and no bids; `changes` make the case. */
const position = (changes: Partial<BiddingPosition> = {}): BiddingPosition => ({
  currentPriceCents: 100_000,
  bidCount: 0,
  leadingBidderId: null,
  leadingMaxCents: null,
  startingPriceCents: 100_000,
  minIncrementCents: 1_000,
  ...changes,
});

/** Alice leads at 1200 with a maximum of `maxCents` (by default her bid: no maximum above it). */
const aliceLeads = (maxCents = 120_000) =>
  position({ currentPriceCents: 120_000, bidCount: 3, leadingBidderId: ALICE, leadingMaxCents: maxCents });

const mine = (bidderId: number, amountCents: number, maxAmountCents: number | null = null): BidRecord => ({
  bidderId,
  amountCents,
  maxAmountCents,
  auto: false,
});
const autoFor = (bidderId: number, amountCents: number): BidRecord => ({
  bidderId,
  amountCents,
  maxAmountCents: null,
  auto: true,
});

const refusal = (at: BiddingPosition, offer: BidOfferCents) => {
  try {
    resolveOffer(at, offer);
  } catch (error) {
    return error;
  }
  throw new Error('the offer was accepted');
};

/** The offer is refused with 400 and `message`. */
const expectRefused = (at: BiddingPosition, offer: BidOfferCents, message: string) => {
  const error = refusal(at, offer);
  expect(error).toBeInstanceOf(BadRequestException);
  expect(error).toEqual(new BadRequestException(message));
};

describe('resolveOffer', () => {
  describe('the first bid', () => {
    it('takes a plain bid at its amount', () => {
      expect(resolveOffer(position(), { bidderId: ALICE, amountCents: 120_000 })).toEqual({
        records: [mine(ALICE, 120_000)],
        own: 0,
        priceCents: 120_000,
        leaderId: ALICE,
        leaderMaxCents: 120_000,
      });
    });

    it('takes a maximum alone at the starting price', () => {
      expect(resolveOffer(position(), { bidderId: ALICE, maxCents: 150_000 })).toEqual({
        records: [mine(ALICE, 100_000, 150_000)],
        own: 0,
        priceCents: 100_000,
        leaderId: ALICE,
        leaderMaxCents: 150_000,
      });
    });

    it('takes an amount with a maximum at the amount, keeping the maximum', () => {
      expect(resolveOffer(position(), { bidderId: ALICE, amountCents: 110_000, maxCents: 150_000 })).toEqual({
        records: [mine(ALICE, 110_000, 150_000)],
        own: 0,
        priceCents: 110_000,
        leaderId: ALICE,
        leaderMaxCents: 150_000,
      });
    });

    it.each([
      ['a plain bid', { amountCents: 99_999 }],
      ['a maximum', { maxCents: 99_999 }],
      ['an amount below it with a maximum above it', { amountCents: 99_999, maxCents: 150_000 }],
    ])('refuses %s below the starting price with 400 naming it', (_, offer) => {
      expectRefused(position(), { bidderId: ALICE, ...offer }, 'The minimum bid is 1000');
    });
  });

  describe('a plain bid on an auction led without a maximum above the price', () => {
    it('is a bid of exactly its amount, at the minimum or above it', () => {
      for (const amountCents of [121_000, 135_050]) {
        expect(resolveOffer(aliceLeads(), { bidderId: BOB, amountCents })).toEqual({
          records: [mine(BOB, amountCents)],
          own: 0,
          priceCents: amountCents,
          leaderId: BOB,
          leaderMaxCents: amountCents,
        });
      }
    });

    it('is refused below the minimum with 400 naming it', () => {
      expectRefused(aliceLeads(), { bidderId: BOB, amountCents: 120_999 }, 'The minimum bid is 1210');
    });

    it('counts a leader without a stored maximum as leading at their bid', () => {
      const legacy = { ...aliceLeads(), leadingMaxCents: null };
      expect(resolveOffer(legacy, { bidderId: BOB, amountCents: 121_000 }).records).toEqual([
        mine(BOB, 121_000),
      ]);
      expectRefused(legacy, { bidderId: BOB, amountCents: 120_500 }, 'The minimum bid is 1210');
    });
  });

  describe('refusals', () => {
    it.each([
      ['a maximum below the current price', 110_000],
      ['a maximum at the current price', 120_000],
      ['a maximum between the price and the minimum', 120_500],
    ])('refuses %s with 400 naming the minimum', (_, maxCents) => {
      expectRefused(aliceLeads(150_000), { bidderId: BOB, maxCents }, 'The minimum bid is 1210');
    });

    it.each([
      ['on the first bid', position(), BOB],
      ['from a challenger', aliceLeads(150_000), BOB],
      ['from the leader', aliceLeads(150_000), ALICE],
    ])('refuses a maximum below the amount with 400, %s', (_, at, bidderId) => {
      expectRefused(
        at,
        { bidderId, amountCents: 160_000, maxCents: 159_999 },
        'maxAmount must be at least amount',
      );
    });

    it('leave the position as it was, as accepted offers do', () => {
      const at = aliceLeads(150_000);
      const before = { ...at };
      refusal(at, { bidderId: BOB, maxCents: 100 });
      resolveOffer(at, { bidderId: BOB, maxCents: 200_000 });
      expect(at).toEqual(before);
    });
  });

  describe('a maximum that takes the lead', () => {
    it("bids the old leader's unused maximum first, then leads one increment above it", () => {
      expect(resolveOffer(aliceLeads(150_000), { bidderId: BOB, maxCents: 200_000 })).toEqual({
        records: [autoFor(ALICE, 150_000), mine(BOB, 151_000, 200_000)],
        own: 1,
        priceCents: 151_000,
        leaderId: BOB,
        leaderMaxCents: 200_000,
      });
    });

    it('leads at its own maximum when that is less than an increment above the old one', () => {
      expect(resolveOffer(aliceLeads(150_000), { bidderId: BOB, maxCents: 150_500 })).toEqual({
        records: [autoFor(ALICE, 150_000), mine(BOB, 150_500, 150_500)],
        own: 1,
        priceCents: 150_500,
        leaderId: BOB,
        leaderMaxCents: 150_500,
      });
    });

    it('against a leader whose maximum is their bid: one bid, one increment above it', () => {
      expect(resolveOffer(aliceLeads(), { bidderId: BOB, maxCents: 200_000 })).toEqual({
        records: [mine(BOB, 121_000, 200_000)],
        own: 0,
        priceCents: 121_000,
        leaderId: BOB,
        leaderMaxCents: 200_000,
      });
    });

    it('with an amount above that, at the amount', () => {
      expect(
        resolveOffer(aliceLeads(150_000), { bidderId: BOB, amountCents: 170_000, maxCents: 200_000 }),
      ).toEqual({
        records: [autoFor(ALICE, 150_000), mine(BOB, 170_000, 200_000)],
        own: 1,
        priceCents: 170_000,
        leaderId: BOB,
        leaderMaxCents: 200_000,
      });
    });

    it("as a plain bid above the leader's maximum: the maximum is bid, then the plain bid", () => {
      expect(resolveOffer(aliceLeads(150_000), { bidderId: BOB, amountCents: 160_000 })).toEqual({
        records: [autoFor(ALICE, 150_000), mine(BOB, 160_000)],
        own: 1,
        priceCents: 160_000,
        leaderId: BOB,
        leaderMaxCents: 160_000,
      });
    });
  });

  describe('an offer that does not take the lead', () => {
    it("is bid in full and answered by the leader's maximum one increment above it", () => {
      expect(resolveOffer(aliceLeads(150_000), { bidderId: BOB, maxCents: 130_000 })).toEqual({
        records: [mine(BOB, 130_000, 130_000), autoFor(ALICE, 131_000)],
        own: 0,
        priceCents: 131_000,
        leaderId: ALICE,
        leaderMaxCents: 150_000,
      });
    });

    it("is answered at most at the leader's maximum", () => {
      expect(resolveOffer(aliceLeads(150_000), { bidderId: BOB, maxCents: 149_500 })).toEqual({
        records: [mine(BOB, 149_500, 149_500), autoFor(ALICE, 150_000)],
        own: 0,
        priceCents: 150_000,
        leaderId: ALICE,
        leaderMaxCents: 150_000,
      });
    });

    it('leaves the lead to the earlier of equal maximums, at that maximum', () => {
      expect(resolveOffer(aliceLeads(150_000), { bidderId: BOB, maxCents: 150_000 })).toEqual({
        records: [mine(BOB, 150_000, 150_000), autoFor(ALICE, 150_000)],
        own: 0,
        priceCents: 150_000,
        leaderId: ALICE,
        leaderMaxCents: 150_000,
      });
    });

    it('as a plain bid against a standing maximum: the bid, then the answer', () => {
      expect(resolveOffer(aliceLeads(150_000), { bidderId: BOB, amountCents: 125_000 })).toEqual({
        records: [mine(BOB, 125_000), autoFor(ALICE, 126_000)],
        own: 0,
        priceCents: 126_000,
        leaderId: ALICE,
        leaderMaxCents: 150_000,
      });
    });

    it('as a plain bid equal to the standing maximum: the earlier leads', () => {
      expect(resolveOffer(aliceLeads(150_000), { bidderId: BOB, amountCents: 150_000 })).toEqual({
        records: [mine(BOB, 150_000), autoFor(ALICE, 150_000)],
        own: 0,
        priceCents: 150_000,
        leaderId: ALICE,
        leaderMaxCents: 150_000,
      });
    });

    it('with an amount and a maximum: bid at the maximum', () => {
      expect(
        resolveOffer(aliceLeads(150_000), { bidderId: BOB, amountCents: 125_000, maxCents: 140_000 }),
      ).toEqual({
        records: [mine(BOB, 140_000, 140_000), autoFor(ALICE, 141_000)],
        own: 0,
        priceCents: 141_000,
        leaderId: ALICE,
        leaderMaxCents: 150_000,
      });
    });
  });

  describe('the leader', () => {
    it('raises their maximum without raising the price', () => {
      expect(resolveOffer(aliceLeads(150_000), { bidderId: ALICE, maxCents: 180_000 })).toEqual({
        records: [mine(ALICE, 120_000, 180_000)],
        own: 0,
        priceCents: 120_000,
        leaderId: ALICE,
        leaderMaxCents: 180_000,
      });
    });

    it('sets a maximum above the bid they lead with', () => {
      expect(resolveOffer(aliceLeads(), { bidderId: ALICE, maxCents: 150_000 })).toMatchObject({
        priceCents: 120_000,
        leaderId: ALICE,
        leaderMaxCents: 150_000,
      });
    });

    it.each([
      ['equal to', 150_000],
      ['below', 140_000],
    ])('is refused a maximum %s their current one with 400', (_, maxCents) => {
      expectRefused(
        aliceLeads(150_000),
        { bidderId: ALICE, maxCents },
        'Your maximum is already 1500: a new one must be higher',
      );
    });

    it('is refused a maximum not above the bid they lead with', () => {
      expectRefused(
        aliceLeads(),
        { bidderId: ALICE, maxCents: 120_000 },
        'Your maximum is already 1200: a new one must be higher',
      );
    });

    it('is refused a bid with a maximum not above their current one, whatever the amount', () => {
      expectRefused(
        aliceLeads(150_000),
        { bidderId: ALICE, amountCents: 130_000, maxCents: 140_000 },
        'Your maximum is already 1500: a new one must be higher',
      );
    });

    it('raises the price with their own bid, keeping a higher maximum', () => {
      expect(resolveOffer(aliceLeads(150_000), { bidderId: ALICE, amountCents: 130_000 })).toEqual({
        records: [mine(ALICE, 130_000)],
        own: 0,
        priceCents: 130_000,
        leaderId: ALICE,
        leaderMaxCents: 150_000,
      });
    });

    it('bids above their maximum, which becomes the bid', () => {
      expect(resolveOffer(aliceLeads(150_000), { bidderId: ALICE, amountCents: 170_000 })).toMatchObject({
        priceCents: 170_000,
        leaderMaxCents: 170_000,
      });
    });

    it('bids and raises their maximum at once', () => {
      expect(
        resolveOffer(aliceLeads(150_000), { bidderId: ALICE, amountCents: 130_000, maxCents: 180_000 }),
      ).toEqual({
        records: [mine(ALICE, 130_000, 180_000)],
        own: 0,
        priceCents: 130_000,
        leaderId: ALICE,
        leaderMaxCents: 180_000,
      });
    });

    it('is refused their own bid below the minimum with 400 naming it', () => {
      expectRefused(
        aliceLeads(150_000),
        { bidderId: ALICE, amountCents: 120_500 },
        'The minimum bid is 1210',
      );
    });
  });

  describe('a leader whose account is gone (bids, no leading bidder)', () => {
    const orphaned = () =>
      position({ currentPriceCents: 120_000, bidCount: 3, leadingBidderId: null, leadingMaxCents: 150_000 });

    it('leaves their maximum unused: the offer leads one increment above the price, unanswered', () => {
      expect(resolveOffer(orphaned(), { bidderId: BOB, maxCents: 200_000 })).toEqual({
        records: [mine(BOB, 121_000, 200_000)],
        own: 0,
        priceCents: 121_000,
        leaderId: BOB,
        leaderMaxCents: 200_000,
      });
      expect(resolveOffer(orphaned(), { bidderId: BOB, amountCents: 125_000 })).toMatchObject({
        records: [mine(BOB, 125_000)],
        priceCents: 125_000,
        leaderId: BOB,
      });
    });

    it('still counts the minimum from the price', () => {
      expectRefused(orphaned(), { bidderId: BOB, amountCents: 120_500 }, 'The minimum bid is 1210');
    });
  });

  describe('any sequence of offers (fast-check)', () => {
    const BIDDERS = [2, 3, 4];
    type Kind = 'amount' | 'max' | 'both' | 'tie';
    const offerSpec = fc.record({
      bidderId: fc.constantFrom(...BIDDERS),
      kind: fc.constantFrom<Kind>('amount', 'max', 'both', 'max', 'tie'),
      // In half increments from the price: ties and refusals are frequent.
      steps: fc.integer({ min: -2, max: 12 }),
      extraSteps: fc.integer({ min: -1, max: 8 }),
    });

    type OfferSpec = { bidderId: number; kind: Kind; steps: number; extraSteps: number };

    /** The offer a spec makes against the position as it stands. */
    const offerOf = (at: BiddingPosition, spec: OfferSpec) => {
      const half = at.minIncrementCents / 2;
      const value = Math.max(1, at.currentPriceCents + spec.steps * half);
      const offer: BidOfferCents = { bidderId: spec.bidderId };
      if (spec.kind === 'amount') offer.amountCents = value;
      if (spec.kind === 'max') offer.maxCents = value;
      if (spec.kind === 'both') {
        offer.amountCents = value;
        offer.maxCents = Math.max(1, value + spec.extraSteps * half);
      }
      if (spec.kind === 'tie') offer.maxCents = at.leadingMaxCents ?? value;
      return offer;
    };

    /**
     * What the contract says of an offer, from every offer accepted so far. The price is one
     * increment above the second-highest maximum or bid, capped at the leader's maximum, or the
     * highest amount bid when that is more; the leader's own offers leave the others where they
     * were, so they move the price only by an amount (a raised maximum alone leaves it, as eBay does).
     */
    class Contract {
      /** Each bidder's highest maximum or bid, and when they first offered it. */
      readonly best = new Map<number, { cents: number; at: number }>();
      /** The highest amount bid explicitly (never below the starting price). */
      private floor: number;
      /** The price the competition gave, as of the last offer that was not the leader's. */
      private proxied = 0;
      leader: number | null = null;

      constructor(private readonly start: BiddingPosition) {
        this.floor = start.startingPriceCents;
      }

      /** Why the offer must be refused, or null. */
      refusal(at: BiddingPosition, { bidderId, amountCents, maxCents }: BidOfferCents): string | null {
        if (amountCents !== undefined && maxCents !== undefined && maxCents < amountCents) {
          return 'maxAmount must be at least amount';
        }
        const minimum =
          at.bidCount === 0 ? at.startingPriceCents : at.currentPriceCents + at.minIncrementCents;
        const belowMinimum = `The minimum bid is ${minimum / 100}`;
        if (bidderId === this.leader) {
          const mine = this.best.get(bidderId)!.cents;
          if (maxCents !== undefined && maxCents <= mine) {
            return `Your maximum is already ${mine / 100}: a new one must be higher`;
          }
          return amountCents !== undefined && amountCents < minimum ? belowMinimum : null;
        }
        if ((amountCents ?? minimum) < minimum || (maxCents ?? amountCents!) < minimum) return belowMinimum;
        return null;
      }

      accept({ bidderId, amountCents, maxCents }: BidOfferCents, time: number): void {
        const top = maxCents ?? amountCents!;
        const previous = this.best.get(bidderId);
        if (!previous || top > previous.cents) this.best.set(bidderId, { cents: top, at: time });
        if (amountCents !== undefined) this.floor = Math.max(this.floor, amountCents);
        const byLeader = bidderId === this.leader;
        // The highest maximum leads; the earlier of equal ones.
        const ranked = [...this.best.entries()].sort(([, a], [, b]) => b.cents - a.cents || a.at - b.at);
        this.leader = ranked[0][0];
        if (!byLeader && ranked.length > 1) {
          this.proxied = Math.min(this.leaderMax, ranked[1][1].cents + this.start.minIncrementCents);
        }
      }

      get leaderMax(): number {
        return this.best.get(this.leader!)!.cents;
      }

      get price(): number {
        return Math.max(this.floor, this.proxied);
      }
    }

    it('keeps the price, the leader and the records to the contract', () => {
      fc.assert(
        fc.property(
          fc.constantFrom(100, 200, 1_000),
          fc.integer({ min: 1, max: 500 }),
          fc.array(offerSpec, { minLength: 1, maxLength: 40 }),
          (increment, start, specs) => {
            let at = position({
              startingPriceCents: start * 100,
              currentPriceCents: start * 100,
              minIncrementCents: increment,
            });
            const contract = new Contract(at);
            let lastRecord = 0;
            specs.forEach((spec, time) => {
              const offer = offerOf(at, spec);
              const refused = contract.refusal(at, offer);
              if (refused !== null) {
                expectRefused(at, offer, refused);
                return;
              }
              const result: BidResolution = resolveOffer(at, offer);
              contract.accept(offer, time);

              // The records: the offer's own, the others the platform's for the leader before it.
              const { records } = result;
              expect(records[result.own]).toEqual(
                mine(offer.bidderId, records[result.own].amountCents, offer.maxCents ?? null),
              );
              records.forEach((record, i) => {
                if (i !== result.own)
                  expect(record).toEqual(autoFor(at.leadingBidderId!, record.amountCents));
                // Never below the record before, across offers too.
                expect(record.amountCents).toBeGreaterThanOrEqual(lastRecord);
                lastRecord = record.amountCents;
              });
              // The last record is the leader's, at the price.
              expect(records[records.length - 1]).toMatchObject({
                bidderId: result.leaderId,
                amountCents: result.priceCents,
              });

              expect(result.priceCents).toBeGreaterThanOrEqual(at.currentPriceCents);
              expect(result.priceCents).toBeLessThanOrEqual(result.leaderMaxCents);
              expect(result.leaderId).toBe(contract.leader);
              expect(result.leaderMaxCents).toBe(contract.leaderMax);
              expect(result.priceCents).toBe(contract.price);

              at = {
                ...at,
                currentPriceCents: result.priceCents,
                bidCount: at.bidCount + records.length,
                leadingBidderId: result.leaderId,
                leadingMaxCents: result.leaderMaxCents,
              };
            });
          },
        ),
        { numRuns: 500 },
      );
    });
  });
});
