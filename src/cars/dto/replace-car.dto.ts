import { CreateCarDto } from './create-car.dto';

/** `PUT`: the whole car; a category left out is cleared. */
export class ReplaceCarDto extends CreateCarDto {}
