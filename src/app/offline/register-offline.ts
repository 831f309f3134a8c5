// Registers the offline service worker (production builds only: the dev server's
// modules are not a fixed list to precache).
export async function registerOfflineSupport(): Promise<ServiceWorkerRegistration | null> {
  if (!import.meta.env.PROD || typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return null;
  try {
    return await navigator.serviceWorker.register(`${import.meta.env.BASE_URL}sw.js`, { scope: import.meta.env.BASE_URL });
  } catch (error) {
    console.warn(`offline support unavailable: ${(error as Error).message}`);
    return null;
  }
}
