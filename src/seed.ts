import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import { AppConfigModule } from './config';
import { DatabaseModule } from './database/database.module';
import { Condition, FuelType, Transmission } from './marketplace/car-specs';
import { ListingsService } from './marketplace/listings.service';
import { MarketplaceModule } from './marketplace/marketplace.module';
import { Role } from './common/roles';
import { UsersModule } from './users/users.module';
import { UsersService } from './users/users.service';

export const DEMO_EMAIL = 'demo@example.com';

/** Demo listings: varied enough to try every filter and sort of the marketplace. */
const DEMO_LISTINGS = [
  {
    make: 'Toyota',
    model: 'Corolla',
    year: 2019,
    price: 14500,
    mileage: 61000,
    condition: Condition.Good,
    fuelType: FuelType.Petrol,
    transmission: Transmission.Automatic,
    color: 'Silver',
    features: ['Bluetooth', 'Backup camera'],
  },
  {
    make: 'Toyota',
    model: 'RAV4',
    year: 2021,
    price: 27900.5,
    mileage: 28000,
    condition: Condition.Excellent,
    fuelType: FuelType.Hybrid,
    transmission: Transmission.Cvt,
    color: 'Blue',
    features: ['AWD', 'Lane assist'],
  },
  {
    make: 'Honda',
    model: 'Civic',
    year: 2018,
    price: 12999.99,
    mileage: 74000,
    condition: Condition.Good,
    fuelType: FuelType.Petrol,
    transmission: Transmission.Manual,
    color: 'Red',
    features: ['Sunroof'],
  },
  {
    make: 'Tesla',
    model: 'Model 3',
    year: 2022,
    price: 33950,
    mileage: 19000,
    condition: Condition.LikeNew,
    fuelType: FuelType.Electric,
    transmission: Transmission.Automatic,
    color: 'White',
    features: ['Autopilot', 'Heated seats'],
  },
  {
    make: 'Ford',
    model: 'F-150',
    year: 2020,
    price: 31500,
    mileage: 52000,
    condition: Condition.Good,
    fuelType: FuelType.Petrol,
    transmission: Transmission.Automatic,
    color: 'Black',
    features: ['Tow package', '4x4'],
  },
  {
    make: 'BMW',
    model: '330i',
    year: 2017,
    price: 18750,
    mileage: 88000,
    condition: Condition.Fair,
    fuelType: FuelType.Petrol,
    transmission: Transmission.Automatic,
    color: 'Grey',
    features: ['Leather seats'],
  },
  {
    make: 'Volkswagen',
    model: 'Golf',
    year: 2016,
    price: 9900,
    mileage: 103000,
    condition: Condition.Fair,
    fuelType: FuelType.Diesel,
    transmission: Transmission.Manual,
    color: 'Green',
    features: [],
  },
  {
    make: 'Mazda',
    model: 'MX-5',
    year: 2023,
    price: 29990,
    mileage: 4000,
    condition: Condition.New,
    fuelType: FuelType.Petrol,
    transmission: Transmission.Manual,
    color: 'Soul Red',
    features: ['Convertible', 'Apple CarPlay'],
  },
];

@Module({
  imports: [AppConfigModule, DatabaseModule.forRoot({ runMigrations: true }), UsersModule, MarketplaceModule],
})
class SeedModule {}

/**
 * `npm run seed`: a demo user with listings for trying the API. Safe to run again: an existing
 * demo user keeps its password, and listings are only added when it has none.
 */
async function seed(): Promise<void> {
  const app = await NestFactory.createApplicationContext(SeedModule, { logger: ['error', 'warn'] });
  try {
    const password = randomBytes(12).toString('base64url');
    const { user, created } = await app.get(UsersService).ensureUser(DEMO_EMAIL, password, Role.User);
    const listings = app.get(ListingsService);
    // Any listing of the demo user, whatever its status, means the demo data is there.
    const { active, sold, withdrawn } = await listings.dashboardFor(user.id);
    const existing = active + sold + withdrawn;
    if (existing === 0) {
      for (const {
        price,
        mileage,
        condition,
        fuelType,
        transmission,
        color,
        features,
        ...car
      } of DEMO_LISTINGS) {
        await listings.create(user.id, {
          ...car,
          price,
          mileage,
          description: `Demo listing: ${car.year} ${car.make} ${car.model}.`,
          specs: { condition, fuelType, transmission, color, features },
        });
      }
    }
    console.log(
      created
        ? `Created the demo user ${DEMO_EMAIL} with password ${password} (shown only now)`
        : `The demo user ${DEMO_EMAIL} exists; its password is unchanged`,
    );
    console.log(
      existing === 0
        ? `Added ${DEMO_LISTINGS.length} demo listings`
        : `The demo user already has listings; none added`,
    );
  } finally {
    await app.close();
  }
}

seed().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
