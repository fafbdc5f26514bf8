/**
 * The desk's one script, served at /staff/desk.js (the page's CSP allows no inline script). Every page works
 * without it; with it, an element marked `data-refresh` (a transcript, a queue) is re-read from its own page
 * every few seconds, so a person sees a citizen's new messages without reloading and losing what they type.
 */
export const DESK_SCRIPT = `(() => {
  const REFRESH_MS = 2000;
  async function refresh() {
    const parts = document.querySelectorAll('[data-refresh][id]');
    for (const part of parts) {
      try {
        const res = await fetch(part.getAttribute('data-refresh'), { credentials: 'same-origin' });
        if (!res.ok) continue;
        const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
        const fresh = doc.getElementById(part.id);
        if (fresh && fresh.innerHTML !== part.innerHTML) part.innerHTML = fresh.innerHTML;
      } catch (e) {
        // Offline for a moment: the next round tries again.
      }
    }
    setTimeout(refresh, REFRESH_MS);
  }
  if (document.querySelector('[data-refresh][id]')) setTimeout(refresh, REFRESH_MS);
})();
`;
