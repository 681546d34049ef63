/**
 * Values worked out from stored content and kept until content changes: what a page would
 * otherwise load or compute again on every request (the home page's featured item and
 * statistics figures). Register `forget` with `app.whenContentChanges`, so that a change made
 * here or on another server drops them. Each key is loaded once however many requests wait for
 * it; a failed load is not kept; a load that was under way when content changed is not kept
 * either (it may have read the content before the change).
 */
export class UntilChange<K, V> {
  private values = new Map<K, Promise<V>>();

  constructor(private readonly load: (key: K) => Promise<V>) {}

  get(key: K): Promise<V> {
    let value = this.values.get(key);
    if (!value) {
      const loading = this.load(key);
      value = loading;
      this.values.set(key, loading);
      loading.catch(() => {
        if (this.values.get(key) === loading) this.values.delete(key);
      });
    }
    return value;
  }

  forget(): void {
    this.values.clear();
  }
}
