/** What a user may do: every account is a user; admins also manage users, the catalogue and the sync. */
export enum Role {
  User = 'user',
  Admin = 'admin',
}
