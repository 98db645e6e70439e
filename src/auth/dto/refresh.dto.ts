import { IsString, MaxLength, MinLength } from 'class-validator';

export class RefreshDto {
  /** The refresh token of the last sign-in or refresh; it works once. */
  @IsString()
  @MinLength(1)
  @MaxLength(512)
  refreshToken!: string;
}
