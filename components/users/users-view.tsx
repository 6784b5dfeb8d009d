'use client';

import { UserPlus } from 'lucide-react';
import { toast } from 'sonner';
import { createUser, setUserRole } from '@/server/actions/users';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Field, Input, Select } from '@/components/ui/field';
import { Table, Td, Th } from '@/components/ui/table';
import { FormDialog } from '@/components/ui/form-dialog';
import { useAction } from '@/components/ui/use-action';
import { useActionDialog } from '@/components/ui/use-action-dialog';
import type { UserRow } from '@/lib/db/users';

function AddUserDialog() {
  const dialog = useActionDialog(createUser);
  const fieldErrors = dialog.failure?.fieldErrors ?? {};

  function submit(form: FormData) {
    dialog.run(
      {
        name: form.get('name'),
        email: form.get('email'),
        password: form.get('password'),
        role: form.get('role'),
      },
      {
        onOk: () => {
          toast.success(`${String(form.get('email'))} can now sign in.`);
          dialog.setOpen(false);
        },
      },
    );
  }

  return (
    <FormDialog
      dialog={dialog}
      trigger={
        <Button>
          <UserPlus aria-hidden className="size-4" />
          Add user
        </Button>
      }
      title="Add user"
      description="They sign in with this email and password; ask them to change the password on their Account page."
      submitLabel="Add user"
      onSubmit={submit}
    >
      <Field label="Name" errors={fieldErrors.name}>
        {(props) => <Input {...props} name="name" required autoComplete="off" />}
      </Field>
      <Field label="Email" errors={fieldErrors.email}>
        {(props) => <Input {...props} name="email" type="email" required autoComplete="off" />}
      </Field>
      <Field label="Password" errors={fieldErrors.password} hint="At least 10 characters.">
        {(props) => (
          <Input
            {...props}
            name="password"
            type="password"
            required
            minLength={10}
            autoComplete="new-password"
          />
        )}
      </Field>
      <Field label="Role" errors={fieldErrors.role}>
        {(props) => (
          <Select {...props} name="role" defaultValue="member">
            <option value="member">Member: makes calls, sees own calls</option>
            <option value="admin">Admin: configures the agent, sees every call</option>
          </Select>
        )}
      </Field>
    </FormDialog>
  );
}

function RoleSelect({ user, isSelf }: { user: UserRow; isSelf: boolean }) {
  const change = useAction(setUserRole, { toast: true });
  return (
    <Select
      aria-label={`Role of ${user.email}`}
      className="h-9 w-32"
      defaultValue={user.role}
      disabled={change.pending}
      aria-busy={change.pending || undefined}
      onChange={(event) => {
        const role = event.target.value;
        const select = event.target;
        change.run(
          { userId: user.id, role },
          {
            onOk: () =>
              toast.success(`${user.email} is now ${role === 'admin' ? 'an admin' : 'a member'}.`),
            onFailure: () => {
              select.value = user.role;
            },
          },
        );
      }}
    >
      <option value="member">Member</option>
      <option value="admin">Admin{isSelf ? ' (you)' : ''}</option>
    </Select>
  );
}

export function UsersView({ users, currentUserId }: { users: UserRow[]; currentUserId: string }) {
  return (
    <div className="space-y-4">
      <div className="flex justify-end">
        <AddUserDialog />
      </div>
      <Table aria-label="Users">
        <thead>
          <tr>
            <Th>Name</Th>
            <Th>Email</Th>
            <Th>Role</Th>
            <Th className="hidden sm:table-cell">Added</Th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.id}>
              <Td className="font-medium">
                {user.name} {user.id === currentUserId ? <Badge tone="accent">you</Badge> : null}
              </Td>
              <Td className="break-all">{user.email}</Td>
              <Td>
                <RoleSelect user={user} isSelf={user.id === currentUserId} />
              </Td>
              <Td className="hidden text-zinc-600 sm:table-cell">
                {new Date(user.createdAt).toLocaleDateString()}
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </div>
  );
}
