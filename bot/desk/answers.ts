import type { Desk } from './desk';
import type { DeskServices } from './register';

export function registerAnswers(_desk: Desk, _services: DeskServices): void {}
