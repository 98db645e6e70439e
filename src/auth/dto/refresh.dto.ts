import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export class RefreshDto {
  /**
   * The refresh token of the last sign-in or refresh; it works once. Left out in a browser
   * session: the refresh_token cookie is used (with the X-CSRF-Token header).
   */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(512)
  refreshToken?: string;
}
