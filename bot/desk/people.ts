import type { Desk } from './desk';
import type { DeskServices } from './register';

export function registerPeople(_desk: Desk, _services: DeskServices): void {}
