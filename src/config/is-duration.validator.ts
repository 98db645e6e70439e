import { ValidateBy, ValidationOptions } from 'class-validator';
import ms from 'ms';

/** A positive duration in the `ms` format: "900s", "15m", "12h", "30d". */
export function IsDuration(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isDuration',
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string') return false;
          const parsed = ms(value as ms.StringValue);
          return typeof parsed === 'number' && parsed >= 1000;
        },
        defaultMessage: () => '$property must be a duration of at least one second, such as "15m" or "30d"',
      },
    },
    options,
  );
}
