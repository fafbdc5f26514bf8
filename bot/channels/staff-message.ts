import type { Municipality } from '../../dialogs/municipality';
import type { StaffMessage } from '../desk/relay';
import type { Texts } from '../i18n';

/**
 * A message from the desk as the citizen reads it on any channel: a person's words under their first name and
 * saying that a person writes; the clerk's own notice as it is.
 */
export function staffText(texts: Texts, city: Municipality, message: StaffMessage): string {
  if (!message.firstName) return message.text;
  return texts.t(message.lang, 'staff.says', {
    name: message.firstName,
    city: city.name[message.lang],
    text: message.text,
  });
}
