import type { Procedure } from '../dialog-protocol';
import { audienceBookings } from './bookings';
import { audienceDialog } from './dialog';

/** The audience procedure as the clerk loads it (see dialogs/dialog-protocol.ts). */
export const procedure: Procedure = { ...audienceBookings, dialog: audienceDialog };
