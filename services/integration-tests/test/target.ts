/** Where the deployed services are, by their DNS names; the Job, helm test and e2e set these. */
export const MARKETPLACE_URL = (process.env.MARKETPLACE_URL ?? 'http://marketplace:8080').replace(/\/$/, '');
export const RECOMMENDATIONS_TARGET = process.env.RECOMMENDATIONS_TARGET ?? 'recommendations:50051';

/** Retries `probe` until it resolves, for services that are still starting when the suite does. */
export async function eventually<T>(probe: () => Promise<T>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await probe();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}
