import { existsSync } from "node:fs";
import { type BrowserContext, chromium, type Page } from "playwright-core";

/** Debian's Chromium, which test/run.sh installs where it is missing, or CHROMIUM_PATH. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

// Without the background-networking flags Chromium calls Google's services at start, which the
// browser tests would (rightly) count as requests leaving the page.
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A headless Chromium with its profile in `profileDir`, at a desktop reader's window size. */
export async function launchChromium(profileDir: string): Promise<BrowserContext> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `Chromium not found at ${CHROMIUM}: install it with \`apt-get update && apt-get install -y chromium\` (or set CHROMIUM_PATH)`,
    );
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    args: ARGS,
    viewport: { width: 1360, height: 900 },
  });
}

/**
 * The context's page, with what a reader would never see recorded: script errors, console errors
 * (a refused script or style among them) and dialogs, dismissed.
 */
export async function watchedPage(
  context: BrowserContext,
): Promise<{ page: Page; errors: string[]; dialogs: string[] }> {
  const errors: string[] = [];
  const dialogs: string[] = [];
  context.on("weberror", (e) => errors.push(e.error().message));
  const page = context.pages()[0] ?? (await context.newPage());
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  return { page, errors, dialogs };
}
