import type { Car } from './car.entity';

/** A car's identity in the catalogue: (make, model, year), compared in any letter case. */
export type CarKey = Pick<Car, 'make' | 'model' | 'year'>;
