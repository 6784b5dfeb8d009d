import { E2E_ADMIN, createUserWithApi, expect, test, waitForHydration } from './fixtures';
import { E2E_BASE_URL } from './support/e2e-env';

test.describe('sign-in', () => {
  test('an admin signs in and out', async ({ page }) => {
    await page.goto('/');
    await expect(page).toHaveURL(/\/sign-in/);
    await waitForHydration(page.getByLabel('Email'));
    await page.getByLabel('Email').fill(E2E_ADMIN.email);
    await page.getByLabel('Password').fill(E2E_ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Users' })).toBeVisible();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    await page.goto('/status');
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fstatus/);
  });

  test('a wrong password and an unknown email get the same clear message', async ({ page }) => {
    await page.goto('/sign-in');
    await waitForHydration(page.getByLabel('Email'));
    await page.getByLabel('Email').fill(E2E_ADMIN.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert').filter({ hasText: /\w/ });
    await expect(alert).toHaveText('That email and password do not match an account.');
    const wrongPassword = await alert.textContent();

    await waitForHydration(page.getByLabel('Email'));
    await page.getByLabel('Email').fill('nobody@e2e.test');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(alert).toHaveText('That email and password do not match an account.');
    expect(await alert.textContent()).toBe(wrongPassword);
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test('a sign-in from another address than CONSOLE_URL says where the console is', async ({
    page,
  }) => {
    // The same server under another name: CONSOLE_URL says 127.0.0.1, so this origin is foreign.
    await page.goto(`${E2E_BASE_URL.replace('127.0.0.1', 'localhost')}/sign-in`);
    await waitForHydration(page.getByLabel('Email'));
    await page.getByLabel('Email').fill(E2E_ADMIN.email);
    await page.getByLabel('Password').fill(E2E_ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').filter({ hasText: /\w/ })).toHaveText(
      `This console accepts sign-ins only at its own address, ${E2E_BASE_URL}. Open it there, or ask the operator to set CONSOLE_URL to the address you use.`,
    );
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test('after signing in, the page asked for is opened', async ({ page }) => {
    await page.goto('/users');
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fusers/);
    await waitForHydration(page.getByLabel('Email'));
    await page.getByLabel('Email').fill(E2E_ADMIN.email);
    await page.getByLabel('Password').fill(E2E_ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { name: 'Users' })).toBeVisible();
  });
});

test.describe('roles', () => {
  test('a member cannot reach admin pages or admin actions', async ({ memberPage, browser }) => {
    await memberPage.goto('/');
    await expect(memberPage.getByRole('navigation', { name: 'Main' })).toBeVisible();
    await expect(memberPage.getByRole('link', { name: 'Users' })).toHaveCount(0);

    const response = await memberPage.goto('/users');
    expect(response?.status()).toBe(403);
    await expect(memberPage.getByRole('heading', { name: 'Admins only' })).toBeVisible();

    // better-auth's admin endpoints refuse members too.
    const create = await memberPage.request.post('/api/auth/admin/create-user', {
      data: {
        email: 'sneaky@e2e.test',
        password: 'password-123456',
        name: 'Sneaky',
        role: 'admin',
      },
      headers: { origin: new URL(memberPage.url()).origin },
    });
    expect(create.status()).toBe(403);

    // Nobody can sign themselves up.
    const context = await browser.newContext();
    const signUp = await context.request.post(
      `${new URL(memberPage.url()).origin}/api/auth/sign-up/email`,
      {
        data: { email: 'self@e2e.test', password: 'password-123456', name: 'Self' },
        headers: { origin: new URL(memberPage.url()).origin },
      },
    );
    expect(signUp.ok()).toBe(false);
    await context.close();
  });

  test('an admin adds a member who can then sign in', async ({ adminPage, page, db }) => {
    const email = `new-member-${Date.now()}@e2e.test`;
    await adminPage.goto('/users');
    await waitForHydration(adminPage.getByRole('button', { name: 'Add user' }));
    await adminPage.getByRole('button', { name: 'Add user' }).click();
    const dialog = adminPage.getByRole('dialog', { name: 'Add user' });
    await dialog.getByLabel('Name').fill('New Member');
    await dialog.getByLabel('Email').fill(email);
    await dialog.getByLabel('Password').fill('short');
    await dialog.getByRole('button', { name: 'Add user' }).click();
    // the browser's own validation stops a too-short password before anything is sent
    await expect(dialog).toBeVisible();
    expect(await db.user.count({ where: { email } })).toBe(0);

    await dialog.getByLabel('Password').fill('member-password-1');
    await dialog.getByRole('button', { name: 'Add user' }).click();
    await expect(dialog).toBeHidden();
    await expect(adminPage.getByRole('cell', { name: email })).toBeVisible();
    expect((await db.user.findUnique({ where: { email } }))?.role).toBe('member');

    await page.goto('/sign-in');
    await waitForHydration(page.getByLabel('Email'));
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('member-password-1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
    await expect(page.getByText('New Member')).toBeVisible();
  });

  test('adding an email that exists says so and changes nothing', async ({
    adminPage,
    browser,
    db,
  }) => {
    const existing = await createUserWithApi(browser, 'member');
    const before = await db.user.count();
    await adminPage.goto('/users');
    await waitForHydration(adminPage.getByRole('button', { name: 'Add user' }));
    await adminPage.getByRole('button', { name: 'Add user' }).click();
    const dialog = adminPage.getByRole('dialog', { name: 'Add user' });
    await dialog.getByLabel('Name').fill('Duplicate');
    await dialog.getByLabel('Email').fill(existing.email);
    await dialog.getByLabel('Password').fill('member-password-1');
    await dialog.getByRole('button', { name: 'Add user' }).click();
    await expect(dialog.getByText('An account with this email already exists.')).toBeVisible();
    expect(await db.user.count()).toBe(before);
  });

  test('an admin makes a member an admin', async ({ adminPage, browser, db }) => {
    const someone = await createUserWithApi(browser, 'member');
    await adminPage.goto('/users');
    await waitForHydration(adminPage.getByLabel(`Role of ${someone.email}`));
    await adminPage.getByLabel(`Role of ${someone.email}`).selectOption('admin');
    await expect(adminPage.getByText(`${someone.email} is now an admin.`)).toBeVisible();
    expect((await db.user.findUnique({ where: { email: someone.email } }))?.role).toBe('admin');
  });
});
