import { MIN_PASSWORD_LENGTH, hashPassword } from '../bot/desk/passwords';
import { createAuditLog } from '../bot/store/audit-store';
import type { Db } from '../bot/store/db';
import { STAFF_ROLES, createStaffUsers, type StaffRole } from '../bot/store/staff-users';
import type { Municipality } from '../dialogs/municipality';
import { option } from './script-env';

const USAGE = [
  'Usage:',
  '  npm run staff -- user add EMAIL --role desk|office|admin [--name FIRST_NAME] [--resource ID]',
  '      (the password is read from standard input; --resource: the official or counter service of an office user)',
  '  npm run staff -- user list',
  '  npm run staff -- user disable EMAIL',
];

export interface UserCommandDeps {
  db: Db;
  city: Municipality;
  /** The bookable resources of the city (an office user's must be one of them). */
  resources: { id: string; title: Record<string, string> }[];
  /** The password, as typed on standard input. */
  readPassword: () => Promise<string>;
  write: (line: string) => void;
  now: Date;
}

/** `npm run staff -- user …`: staff accounts for the desk at /staff. Resolves to the exit code. */
export async function runUserCommand(argv: string[], deps: UserCommandDeps): Promise<number> {
  const { write } = deps;
  const users = createStaffUsers(deps.db);
  const audit = createAuditLog(deps.db);
  const [, command, email] = argv;
  if (command === 'list') {
    const all = users.list();
    if (all.length === 0) write('No staff accounts. Add one: npm run staff -- user add EMAIL --role desk');
    for (const u of all)
      write(
        `${u.email}  ${u.role}${u.resourceId ? ` (${u.resourceId})` : ''}  ${u.municipality}  ${u.firstName}` +
          (u.disabledAt ? `  disabled ${u.disabledAt}` : ''),
      );
    return 0;
  }
  if (command === 'disable' && email) {
    if (!users.disable(email, deps.now)) {
      write(`No active account ${email}.`);
      return 1;
    }
    audit.write({ userId: null, action: 'user.disabled', detail: { email: email.toLowerCase() } }, deps.now);
    write(`${email} disabled; its sessions are ended.`);
    return 0;
  }
  if (command === 'add' && email) {
    const role = option(argv, '--role') as StaffRole | undefined;
    const resourceId = option(argv, '--resource') ?? null;
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || !role || !STAFF_ROLES.includes(role)) {
      USAGE.forEach((l) => write(l));
      return 2;
    }
    if ((role === 'office') !== (resourceId !== null)) {
      write('An office account needs --resource (and only an office account has one). The resources:');
      for (const r of deps.resources) write(`  ${r.id}  ${r.title.ro ?? ''}`);
      return 2;
    }
    if (resourceId && !deps.resources.some((r) => r.id === resourceId)) {
      write(`No resource ${resourceId} in ${deps.city.id}. The resources:`);
      for (const r of deps.resources) write(`  ${r.id}  ${r.title.ro ?? ''}`);
      return 2;
    }
    if (users.withPassword(email)) {
      write(`${email} already has an account.`);
      return 1;
    }
    const password = (await deps.readPassword()).replace(/\r?\n$/, '');
    if ([...password].length < MIN_PASSWORD_LENGTH) {
      write(`The password needs at least ${MIN_PASSWORD_LENGTH} characters.`);
      return 2;
    }
    const firstName = option(argv, '--name') ?? email.split('@')[0].split(/[._-]/)[0];
    users.add(
      {
        email,
        firstName: firstName.charAt(0).toUpperCase() + firstName.slice(1),
        role,
        municipality: deps.city.id,
        resourceId,
        passwordHash: await hashPassword(password),
      },
      deps.now,
    );
    audit.write(
      { userId: null, action: 'user.added', detail: { email: email.toLowerCase(), role, resourceId } },
      deps.now,
    );
    write(`${email} can sign in at /staff as ${role}${resourceId ? ` of ${resourceId}` : ''}.`);
    return 0;
  }
  USAGE.forEach((l) => write(l));
  return 2;
}

/** Standard input, whole: the password piped in (`printf '%s' "$PW" | npm run staff -- user add …`) or typed. */
export function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Password (then Enter, Ctrl-D): ');
  return new Promise((resolve, reject) => {
    let data = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk: string) => (data += chunk));
    process.stdin.on('end', () => resolve(data.split('\n')[0]));
    process.stdin.on('error', reject);
  });
}
