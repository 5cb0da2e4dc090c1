// What every browser test script shares: its arguments, the overall time bound, logging with timings, bounded
// waits, checks, and the last stdout line (a JSON summary with "ok") that the Java side reads.
//
//   node test/SCRIPT.js http://127.0.0.1:PORT [--screenshots=DIR] [--chromium=/usr/bin/chromium] [--timeout=SECONDS]
import { resolve } from 'node:path';

export const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];

/**
 * Reads the arguments (exit 2 on a bad command line) and starts the overall bound. `requiredFlags` names flags the
 * script cannot run without (e.g. 'setup'). Set `harness.browser` once launched, so that finish() closes it;
 * `harness.overall` is the overall bound's timer, for a script to clear once it has passed.
 */
export function startHarness(name, requiredFlags = []) {
  const positional = [];
  const flags = {};
  for (const arg of process.argv.slice(2)) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (m) flags[m[1]] = m[2] ?? 'true';
    else positional.push(arg);
  }
  if (positional.length !== 1 || !/^http:\/\/127\.0\.0\.1:\d+$/.test(positional[0])
      || requiredFlags.some((flag) => !flags[flag])) {
    process.stderr.write(`usage: node test/${name}.js http://127.0.0.1:PORT${requiredFlags.map((f) => ` --${f}=...`).join('')} `
      + '[--screenshots=DIR] [--chromium=/usr/bin/chromium] [--timeout=SECONDS]\n');
    process.exit(2);
  }
  const started = Date.now();
  const timeoutSeconds = Number(flags.timeout || 120);
  let finished = false;

  const harness = {
    flags,
    base: positional[0],
    screenshots: resolve(flags.screenshots || 'target/screenshots'),
    executablePath: flags.chromium || '/usr/bin/chromium',
    started,
    timings: {},
    browser: null,

    log(...parts) {
      process.stderr.write(`[${name} ${((Date.now() - started) / 1000).toFixed(1)}s] ${parts.join(' ')}\n`);
    },

    mark(what, since) {
      harness.timings[what] = Date.now() - since;
      harness.log(`${what}: ${harness.timings[what]} ms`);
    },

    bounded(promise, ms, what) {
      let timer;
      const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
      });
      return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
    },

    check(condition, message) {
      if (!condition) throw new Error(`check failed: ${message}`);
    },

    /** Uncaught errors of the watched pages, as "page name: message"; a passing run has none. */
    pageErrors: [],

    /**
     * Gives `page` the step bound and logs what goes wrong in it: uncaught errors (also kept in pageErrors),
     * console errors and warnings, failed requests. Returns the page.
     */
    watch(page, pageName, stepMs) {
      page.setDefaultTimeout(stepMs);
      page.on('pageerror', (error) => {
        harness.pageErrors.push(`${pageName}: ${error.message}`);
        harness.log(`${pageName} page error:`, error.stack || error.message);
      });
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning') {
          harness.log(`${pageName} console.${message.type()}:`, message.text());
        }
      });
      page.on('requestfailed', (request) => harness.log(`${pageName} request failed:`, request.url(), request.failure()?.errorText));
      return page;
    },

    /** For main()'s rejection: screenshots every open page as PREFIX-CONTEXT-PAGE.png, then finishes failed. */
    async fail(error, screenshotPrefix) {
      harness.log('FAIL:', error.stack || error.message);
      if (harness.browser) {
        for (const [i, context] of harness.browser.contexts().entries()) {
          for (const [j, page] of context.pages().entries()) {
            await harness.bounded(page.screenshot({ path: resolve(harness.screenshots, `${screenshotPrefix}-${i}-${j}.png`) }),
              5000, 'a screenshot').catch(() => {});
          }
        }
      }
      await harness.finish(1, { ok: false, script: name, error: error.message, pageErrors: harness.pageErrors,
        timings: harness.timings });
    },

    /** Closes the browser, prints the summary as the last stdout line and exits with `code`; once only. */
    async finish(code, summary) {
      if (finished) return;
      finished = true;
      if (harness.browser) {
        await harness.bounded(harness.browser.close(), 10000, 'the browser to close').catch((e) => harness.log('close:', e.message));
      }
      process.stdout.write(`${JSON.stringify(summary)}\n`, () => process.exit(code));
      setTimeout(() => process.exit(code), 1000).unref();
    },
  };

  harness.overall = setTimeout(() => {
    harness.log(`FAIL: overall timeout of ${timeoutSeconds} s`);
    harness.finish(1, { ok: false, script: name, error: `overall timeout of ${timeoutSeconds} s`, timings: harness.timings });
  }, timeoutSeconds * 1000).unref();
  return harness;
}
