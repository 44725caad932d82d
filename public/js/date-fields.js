// Every date field (<input data-date>, see views/partials/date-input.ejs) gets the same picker, in
// the page's language (<html lang>), not the browser's: jj/mm/aaaa in French, "22 Nov 2026" in English.
// Typing stays possible; the server reads both formats and ISO. Fields swapped in by htmx get it too.
(function () {
  const FORMATS = { fr: 'd/m/Y', en: 'j M Y' };
  function attach(root) {
    if (!window.flatpickr) return;
    const lang = document.documentElement.lang === 'en' ? 'en' : 'fr';
    root.querySelectorAll('input[data-date]').forEach((input) => {
      if (input._flatpickr) return;
      window.flatpickr(input, {
        dateFormat: FORMATS[lang],
        allowInput: true,
        locale: lang === 'fr' && window.flatpickr.l10ns.fr ? window.flatpickr.l10ns.fr : 'default',
        // The label stays bound to the visible field, and Escape closes the calendar.
        clickOpens: true,
        disableMobile: true,
        onReady: (_d, _s, fp) => { fp.calendarContainer.setAttribute('aria-label', input.labels && input.labels[0] ? input.labels[0].textContent.trim() : input.name); },
      });
    });
  }
  document.addEventListener('DOMContentLoaded', () => {
    attach(document);
    document.body.addEventListener('htmx:afterSwap', (event) => attach(event.detail.target));
  });
})();
