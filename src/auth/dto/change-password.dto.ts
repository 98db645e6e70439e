import { IsString, MaxLength } from 'class-validator';
import { IsNewPassword } from '../../users/dto/account-fields';

export class ChangePasswordDto {
  @IsString()
  @MaxLength(256)
  currentPassword!: string;

  /** At least 8 characters. */
  @IsNewPassword()
  newPassword!: string;
}
