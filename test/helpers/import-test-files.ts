import { test } from 'node:test';

/**
 * Loads the test files of one group into this process, one after another (test/run.ts). A file
 * that fails to load fails as a test of its own, and the other files of the group still run.
 */
export async function importTestFiles(urls: readonly string[]): Promise<void> {
  for (const url of urls) {
    try {
      await import(url);
    } catch (error) {
      test(`${url} loads`, () => {
        throw error;
      });
    }
  }
}
