/** Wraps a close function so a test may call it and the cleanup hook may call it again, harmlessly. */
export function once(close: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => (closing ??= close());
}
