import { IsString, MaxLength } from 'class-validator';
import { IsNewPassword, MAX_PASSWORD_LENGTH } from '../../users/dto/account-fields';

export class ChangePasswordDto {
  @IsString()
  @MaxLength(MAX_PASSWORD_LENGTH)
  currentPassword!: string;

  /** At least 8 characters. */
  @IsNewPassword()
  newPassword!: string;
}
