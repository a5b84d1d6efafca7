// Shared by the e2e scripts: Debian's Chromium driven by playwright-core (no browser download), the server under test
// (NERAVA_BASE_URL), screenshots (SCREENSHOT_DIR), and checks that hold on every page: no request leaves the server's
// origin, no uncaught error.

import { chromium } from 'playwright-core';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const BASE = required('NERAVA_BASE_URL');
export const ORIGIN = new URL(BASE).origin;
export const SCREENSHOTS = process.env.SCREENSHOT_DIR ?? 'target/screenshots';
export const MOBILE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
export const DESKTOP = { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 };

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

/**
 * Headless Chromium from the Debian package. Playwright gives every launch a fresh, empty profile directory of its own
 * (a temporary --user-data-dir, removed on close) and refuses one passed in the arguments.
 */
export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A context whose pages are watched: requests to other origins and page errors fail the run at check(). */
export async function watchedContext(browser, options) {
  const context = await browser.newContext({ locale: 'en-US', timezoneId: 'America/Los_Angeles', ...options });
  const problems = [];
  context.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(ORIGIN) && !url.startsWith('data:') && !url.startsWith('blob:')) problems.push(`request to another origin: ${url}`);
  });
  context.on('page', (page) => watchPage(page, problems));
  context.check = () => {
    if (problems.length) throw new Error(`page problems:\n  ${problems.join('\n  ')}`);
  };
  return context;
}

function watchPage(page, problems) {
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    // Failed photo loads (the fallback test) and refused requests the test provokes are logged by Chromium as errors.
    if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) problems.push(`console error: ${message.text()}`);
  });
}

export async function shot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
  console.log(`screenshot ${name}.png`);
}

/** The console OTP provider's newest code for this number, from the server's log (as a developer reads it). */
export async function consoleCode(phoneE164, after = 0, timeoutMs = 10000) {
  const log = required('NERAVA_LOG');
  const pattern = new RegExp(`console OTP ${phoneE164.replace('+', '\\+')} code ([0-9]+)`, 'g');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const codes = [...readFileSync(log, 'utf8').matchAll(pattern)].map((m) => m[1]);
    if (codes.length > after) return codes[codes.length - 1];
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no console OTP line for ${phoneE164}`);
}

export function codesSoFar(phoneE164) {
  const pattern = new RegExp(`console OTP ${phoneE164.replace('+', '\\+')} code ([0-9]+)`, 'g');
  return [...readFileSync(required('NERAVA_LOG'), 'utf8').matchAll(pattern)].length;
}

export function assert(condition, message) {
  if (!condition) throw new Error(`assertion failed: ${message}`);
}

export function equal(actual, expected, message) {
  if (actual !== expected) throw new Error(`assertion failed: ${message}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

/** Runs the steps, closing the browser whatever happens, and sets the exit code. */
export async function run(name, steps) {
  const browser = await launch();
  const started = Date.now();
  try {
    await steps(browser);
    console.log(`${name}: passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (e) {
    console.error(`${name}: FAILED: ${e.stack ?? e}`);
    process.exitCode = 1;
    // What the pages showed when it failed, for the CI log reader.
    let n = 0;
    for (const context of browser.contexts()) {
      for (const page of context.pages()) await shot(page, `failure-${name.replace(/\W+/g, '-')}-${++n}`).catch(() => {});
    }
  } finally {
    await browser.close();
  }
}
