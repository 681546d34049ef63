/**
 * How the audit log names who did something: `user:<id>` for a staff member, `ip:<address>` for
 * a visitor, `system:<task>` for the server itself. Every feature writes actors in these forms.
 */
export const userActor = (id: number) => `user:${id}`;
