/**
 * The page side of the service worker: registers `<base>sw.js` in a built site and, when a
 * new version of the site has installed and waits, shows the "new version — reload" prompt
 * in `root` (rendered by src/components/starlight/Footer.astro). The reader's click tells the
 * waiting worker to take over and reloads once it controls the page, so no page ever mixes
 * two versions' files. Registration and the waiting/controlling events come from
 * @serwist/window, which also catches a version that was already waiting at page load.
 */
import { Serwist } from '@serwist/window';

export function startServiceWorker(root: HTMLElement): void {
  if (!('serviceWorker' in navigator)) return;
  const { swUrl, swScope } = root.dataset;
  if (!swUrl || !swScope) throw new Error('The update prompt needs data-sw-url and data-sw-scope.');
  if (import.meta.env.DEV) {
    // `astro dev` has no service worker; drop one left by a preview of a build on this origin,
    // which would otherwise serve that build's pages instead of the dev server's.
    void navigator.serviceWorker.getRegistration(swScope).then((registration) => registration?.unregister());
    return;
  }
  const serwist = new Serwist(swUrl, { scope: swScope, type: 'classic' });
  serwist.addEventListener('waiting', () => showPrompt(root, serwist));
  void serwist.register();
}

function showPrompt(root: HTMLElement, serwist: Serwist): void {
  const template = root.querySelector('template');
  if (!template || root.querySelector('[data-sw-reload]')) return;
  root.append(template.content.cloneNode(true));
  root.dataset.waiting = '';
  const button = root.querySelector<HTMLButtonElement>('[data-sw-reload]');
  button?.addEventListener('click', () => {
    button.disabled = true;
    serwist.addEventListener('controlling', () => location.reload());
    serwist.messageSkipWaiting();
  });
}
