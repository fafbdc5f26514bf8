import type { Procedure } from '../dialog-protocol';
import { counterBookings } from './bookings';
import { counterDialog } from './dialog';

/** Counter appointments at a Citizen Office, as the clerk loads them (see dialogs/dialog-protocol.ts). */
export const procedure: Procedure = { ...counterBookings, dialog: counterDialog };
