import type { Server } from 'restify';
import type { ProcedureBookings } from '../../dialogs/procedure';
import type { BookingStore } from '../store/booking-store';
import type { ConversationStore } from '../store/conversation-store';
import type { ProgrammeStore } from '../store/programme-store';
import type { StaffStore } from '../store/staff-store';
import type { TurnEngine } from '../turn-engine';
import { registerAdmin } from './admin';
import { registerAgenda } from './agenda';
import { registerAnswers } from './answers';
import { createDesk, type DeskDeps } from './desk';
import { registerPeople } from './people';
import { registerQueue } from './queue';
import type { Relay } from './relay';

/** What the desk's sections read and change besides the desk's own tables. */
export interface DeskServices {
  procedures: ProcedureBookings[];
  bookings: BookingStore;
  staff: StaffStore;
  conversations: ConversationStore;
  isHoliday: (isoDate: string) => boolean;
  relay: Relay;
  /** The clerk: a person's words go into its transcript, and it takes over again when the person hands back. */
  engine: Pick<TurnEngine, 'handle' | 'append'>;
  /** Programmes and blocked days set at the desk, over the city's data. */
  programmes: ProgrammeStore;
  /** Where citizens choose a place again (the web page), in messages about their bookings. */
  publicBaseUrl: string;
}

/** The staff desk at /staff, each section registering its own pages and its line on the start page. */
export function registerDesk(server: Server, deps: DeskDeps, services: DeskServices) {
  const desk = createDesk(server, deps);
  registerAgenda(desk, services);
  registerAnswers(desk, services);
  registerPeople(desk, services);
  registerQueue(desk, services);
  registerAdmin(desk, services);
  return desk;
}
