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
    // Keyboard: the first field takes the focus when the dialog opens; closing (Escape too) gives it back to the opener.
    const opener = document.activeElement;
    modal.addEventListener('shown.bs.modal', () => {
      const first = modal.querySelector('.modal-body input:not([type=hidden]):not([disabled]), .modal-body select:not([disabled]), .modal-body textarea');
      if (first) first.focus();
    }, { once: true });
    modal.addEventListener('hidden.bs.modal', () => {
      event.detail.target.innerHTML = '';
      if (opener && typeof opener.focus === 'function') opener.focus();
    }, { once: true });
    window.bootstrap.Modal.getOrCreateInstance(modal).show();
  });
});
