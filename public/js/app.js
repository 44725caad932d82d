// Small progressive enhancements; every page works without them.
document.addEventListener('DOMContentLoaded', () => {
  // Confirm dangerous actions: <button data-confirm="...">.
  document.body.addEventListener('click', (event) => {
    const el = event.target.closest('[data-confirm]');
    if (el && !window.confirm(el.getAttribute('data-confirm'))) event.preventDefault();
    // Print buttons: <button data-print> (the CSP forbids inline handlers).
    if (event.target.closest('[data-print]')) window.print();
  });
  // Select-all checkboxes: <input type="checkbox" data-check-all="name">.
  document.body.addEventListener('change', (event) => {
    const el = event.target.closest('[data-check-all]');
    if (!el) return;
    const name = el.getAttribute('data-check-all');
    document.querySelectorAll(`input[type=checkbox][name="${name}"]`).forEach((box) => { box.checked = el.checked; });
  });
  // A Bootstrap modal loaded by htmx into #modal-host (e.g. "Changer le statut") opens once swapped in.
  document.body.addEventListener('htmx:afterSwap', (event) => {
    if (event.detail.target.id !== 'modal-host' || !window.bootstrap) return;
    const modal = event.detail.target.querySelector('.modal');
    if (!modal) return;
    modal.addEventListener('hidden.bs.modal', () => { event.detail.target.innerHTML = ''; }, { once: true });
    window.bootstrap.Modal.getOrCreateInstance(modal).show();
  });
});
