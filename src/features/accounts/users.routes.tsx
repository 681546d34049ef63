import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { readForm } from '../../web/form-schema.js';
import { csrfTokenFor, sendAdminPage } from '../admin/admin-page.js';
import { refuse } from '../audit/refusals.js';
import { writeAudit } from '../audit/audit.repository.js';
import { accountsMessages } from './accounts.messages.js';
import { can } from './accounts.policy.js';
import { readNewAccount } from './form-input.js';
import { hashPassword } from './passwords.js';
import { ROLES, type Role } from './roles.js';
import { deleteOtherSessions } from './sessions.repository.js';
import { userActor } from '../audit/actors.js';
import { findUserByEmail, findUserById, insertUser, listUsers, updateUser } from './users.repository.js';
import { NewUserForm, UsersList } from './users.views.js';

const idParams = z.object({ id: z.coerce.number().int().min(1).max(2_147_483_647) });
const doneQuery = z.object({ done: z.enum(['userCreated', 'userUpdated']).optional() });
const isRole = (v: string): v is Role => (ROLES as readonly string[]).includes(v);
/** The role form on the users list: one of the roles. */
const roleShape = { role: z.enum(ROLES) };

/** The users admin: list, create, change role, disable and enable accounts (admins only). */
export async function usersRoutes(app: FastifyInstance): Promise<void> {
  app.get('/admin/users', { schema: { querystring: doneQuery } }, async (request, reply) => {
    const user = request.user!;
    if (!can(user, 'users.list')) return refuse(app, request, reply, 'users.list');
    const users = await listUsers(app.db);
    const { done } = request.query as z.infer<typeof doneQuery>;
    return sendAdminPage(request, reply, {
      title: accountsMessages[user.locale].usersTitle,
      path: '/admin/users',
      children: <UsersList locale={user.locale} csrfToken={csrfTokenFor(reply)} users={users} selfId={user.id} now={new Date().toISOString()} done={done} />,
    });
  });

  app.get('/admin/users/new', async (request, reply) => {
    const user = request.user!;
    if (!can(user, 'users.create')) return refuse(app, request, reply, 'users.create');
    return sendAdminPage(request, reply, {
      title: accountsMessages[user.locale].newUser,
      path: '/admin/users/new',
      children: <NewUserForm locale={user.locale} csrfToken={csrfTokenFor(reply)} values={{ role: 'editor' }} />,
    });
  });

  app.post('/admin/users/new', async (request, reply) => {
    const user = request.user!;
    if (!can(user, 'users.create')) return refuse(app, request, reply, 'users.create');
    const read = readNewAccount(request.body, { repeatPassword: false, lowerCaseEmail: true });
    const { password, errors } = read;
    const values = { ...read.values, role: read.role };
    if (!errors.email && (await findUserByEmail(app.db, values.email))) errors.email = 'emailTaken';
    const role = isRole(values.role) ? values.role : undefined;
    if (!role) values.role = 'editor';
    if (Object.keys(errors).length || !role) {
      return sendAdminPage(request, reply, {
        title: accountsMessages[user.locale].newUser,
        path: '/admin/users/new',
        status: 400,
        children: <NewUserForm locale={user.locale} csrfToken={csrfTokenFor(reply)} values={values} errors={errors} />,
      });
    }
    const passwordHash = await hashPassword(password);
    await app.db.transaction().execute(async (tx) => {
      const id = await insertUser(tx, { name: values.name, email: values.email, role, locale: app.config.defaultLocale, passwordHash });
      await writeAudit(tx, { actor: userActor(user.id), action: 'user.create', subjectType: 'user', subjectId: String(id), after: { name: values.name, email: values.email, role } });
    });
    return reply.redirect('/admin/users?done=userCreated', 303);
  });

  app.post('/admin/users/:id/role', { schema: { params: idParams } }, async (request, reply) => {
    const user = request.user!;
    const { id } = request.params as z.infer<typeof idParams>;
    if (!can(user, 'users.changeRole', { id })) return refuse(app, request, reply, 'users.changeRole', id);
    const target = await findUserById(app.db, id);
    if (!target) return reply.callNotFound();
    const read = readForm(roleShape, request.body);
    // The select offers only the roles; anything else is a form we did not make: nothing changes.
    if (!read.ok) return reply.redirect('/admin/users', 303);
    const { role } = read.value;
    await app.db.transaction().execute(async (tx) => {
      await updateUser(tx, id, { role });
      await writeAudit(tx, { actor: userActor(user.id), action: 'user.role', subjectType: 'user', subjectId: String(id), before: { role: target.role }, after: { role } });
    });
    return reply.redirect('/admin/users?done=userUpdated', 303);
  });

  for (const change of ['disable', 'enable'] as const) {
    app.post(`/admin/users/:id/${change}`, { schema: { params: idParams } }, async (request, reply) => {
      const user = request.user!;
      const { id } = request.params as z.infer<typeof idParams>;
      if (!can(user, 'users.disable', { id })) return refuse(app, request, reply, 'users.disable', id);
      const target = await findUserById(app.db, id);
      if (!target) return reply.callNotFound();
      const disabledAt = change === 'disable' ? new Date().toISOString() : null;
      await app.db.transaction().execute(async (tx) => {
        await updateUser(tx, id, { disabledAt, ...(disabledAt ? {} : { lockedUntil: null }) });
        // A disabled account keeps no way in: every session it had ends now.
        if (disabledAt) await deleteOtherSessions(tx, id, null);
        await writeAudit(tx, { actor: userActor(user.id), action: `user.${change}`, subjectType: 'user', subjectId: String(id), before: { disabledAt: target.disabledAt }, after: { disabledAt } });
      });
      return reply.redirect('/admin/users?done=userUpdated', 303);
    });
  }
}
