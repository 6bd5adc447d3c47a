import type { UserIdentity } from "./backend";

/** The user's identity, as the app last read or set it (App.svelte keeps it current). */
export const me = $state<{ identity: UserIdentity | null }>({ identity: null });

/** How a record names a person: "Name (position)" for the user when a position is known,
 *  else the name as recorded. */
export function person(name: string): string {
  const i = me.identity;
  return i && i.position && i.name === name ? `${name} (${i.position})` : name;
}
