/** The audience procedure as the clerk loads it (see dialogs/procedure.ts). */
export { audienceBookings as procedure } from './bookings';
