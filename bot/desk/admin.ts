import type { Desk } from './desk';
import type { DeskServices } from './register';

export function registerAdmin(_desk: Desk, _services: DeskServices): void {}
