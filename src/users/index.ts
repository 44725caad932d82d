/**
 * User administration: the users' list and form, with the credit controller each one is linked to.
 * Its own component, above auth and credit-controllers, which it both uses.
 */
export { changeOwnPassword, createUserAccount, getUser, listUsers, resetPassword, setUserActive, updateUser } from './user-admin.service';
export type { UserInput } from './user-admin.service';
