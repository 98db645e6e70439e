import { Column } from 'typeorm';

export enum Condition {
  New = 'new',
  LikeNew = 'like_new',
  Excellent = 'excellent',
  Good = 'good',
  Fair = 'fair',
  Poor = 'poor',
}

export enum FuelType {
  Petrol = 'petrol',
  Diesel = 'diesel',
  Hybrid = 'hybrid',
  PluginHybrid = 'plugin_hybrid',
  Electric = 'electric',
  Lpg = 'lpg',
  Hydrogen = 'hydrogen',
  Other = 'other',
}

export enum Transmission {
  Manual = 'manual',
  Automatic = 'automatic',
  SemiAutomatic = 'semi_automatic',
  Cvt = 'cvt',
}

/** What a car for sale is like: embedded in listings and auctions (same columns in both tables). */
export class CarSpecs {
  @Column({ type: 'varchar', length: 16, nullable: true })
  condition!: Condition | null;

  @Column({ name: 'fuel_type', type: 'varchar', length: 16, nullable: true })
  fuelType!: FuelType | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  transmission!: Transmission | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  color!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  engine!: string | null;

  /** JSON array of short strings. */
  @Column({ type: 'simple-json' })
  features!: string[];
}
