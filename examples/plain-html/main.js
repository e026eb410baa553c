// The host page's own code: it sets a property on the map and listens to its events.
const map = document.querySelector('#map');
const selected = document.querySelector('#selected');
document.querySelector('#theme').addEventListener('change', (e) => (map.theme = e.target.value));
map.addEventListener('gm-select', (e) => (selected.textContent = `${e.detail.name} (${e.detail.code})`));
map.addEventListener('gm-error', (e) => console.warn('gm-error', e.detail.reason, e.detail.detail));
