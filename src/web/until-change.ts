/**
 * Values worked out from stored content and kept until content changes: what a page would
 * otherwise load or compute again on every request (the home page's lists, featured item and
 * statistics figures). Register `forget` with `app.whenContentChanges`, so that a change made
 * here or on another server drops them. Each key is loaded once however many requests wait for
 * it; a failed load is not kept; a load that was under way when content changed is not kept
 * either (it may have read the content before the change).
 *
 * A value the clock can change without an edit (an item whose publication time comes) says when
 * through `outdated`: a kept value for which it returns true is loaded again on its next use.
 */
export class UntilChange<K, V> {
  private values = new Map<K, Kept<V>>();

  constructor(
    private readonly load: (key: K) => Promise<V>,
    private readonly options: { outdated?: (value: V) => boolean } = {},
  ) {}

  get(key: K): Promise<V> {
    const kept = this.values.get(key);
    if (kept && !this.isOutdated(kept)) return kept.value;
    return this.loadAndKeep(key);
  }

  forget(): void {
    this.values.clear();
  }

  private isOutdated(kept: Kept<V>): boolean {
    const { outdated } = this.options;
    return outdated !== undefined && kept.loaded !== undefined && outdated(kept.loaded.value);
  }

  private loadAndKeep(key: K): Promise<V> {
    const kept: Kept<V> = { value: this.load(key) };
    this.values.set(key, kept);
    kept.value.then(
      (value) => void (kept.loaded = { value }),
      () => {
        if (this.values.get(key) === kept) this.values.delete(key);
      },
    );
    return kept.value;
  }
}

interface Kept<V> {
  value: Promise<V>;
  /** Set once the load has succeeded, so that `outdated` can look at the value. */
  loaded?: { value: V };
}
