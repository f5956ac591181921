/** Response schemas shared by several route groups, registered once as OpenAPI components. */
import { userSchema } from '../../contracts/users.ts';

export const userOut = userSchema.meta({ id: 'User' });
