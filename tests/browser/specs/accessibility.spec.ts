import { expect, test } from '@playwright/test';
import { login, mainNav } from './support';

test('the skip link is the first thing the keyboard reaches and moves to the content', async ({ page }) => {
  await login(page, 'admin');
  await page.goto('/perfil');
  await expect(page.getByRole('heading', { level: 1, name: 'Mi perfil' })).toBeVisible();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Saltar al contenido principal' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();
});

test('at 375px the menu opens from a button and nothing overflows sideways', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await login(page, 'admin');
  await page.goto('/directorio/personas');
  const menu = page.getByRole('button', { name: 'Menú' });
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await menu.click();
  await expect(mainNav(page).getByRole('link', { name: 'Áreas' })).toBeVisible();
  await mainNav(page).getByRole('link', { name: 'Áreas' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Áreas' })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test('the language switch turns the interface to English and back', async ({ page }) => {
  await login(page, 'admin');
  await page.goto('/perfil');
  await page.getByLabel('Idioma').first().selectOption('en');
  await expect(page.getByRole('heading', { level: 1, name: 'My profile' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en-US');
  await page.getByLabel('Language').first().selectOption('es');
  await expect(page.getByRole('heading', { level: 1, name: 'Mi perfil' })).toBeVisible();
});
