// The customer type-ahead (views/partials/customer-picker.ejs): htmx fetches the options, this file
// makes them a keyboard-operable ARIA combobox (arrows, Enter, Escape, click). Without it the field
// is a plain search field that the server resolves.
(() => {
  const pickerOf = (el) => el && el.closest('[data-customer-picker]');
  const parts = (picker) => ({
    input: picker.querySelector('[data-picker-input]'),
    list: picker.querySelector('[role=listbox]'),
    mode: picker.getAttribute('data-customer-picker'),
  });
  const options = (list) => [...list.querySelectorAll('[role=option]:not([aria-disabled=true])')];

  function setOpen(picker, open) {
    const { input, list } = parts(picker);
    const show = open && list.children.length > 0;
    input.setAttribute('aria-expanded', show ? 'true' : 'false');
    list.classList.toggle('show', show);
    if (!show) input.removeAttribute('aria-activedescendant');
  }

  function setActive(picker, index) {
    const { input, list } = parts(picker);
    const opts = options(list);
    opts.forEach((o, i) => {
      o.classList.toggle('active', i === index);
      o.setAttribute('aria-selected', i === index ? 'true' : 'false');
    });
    if (opts[index]) {
      input.setAttribute('aria-activedescendant', opts[index].id);
      opts[index].scrollIntoView({ block: 'nearest' });
    }
  }

  function activeIndex(picker) {
    const { input, list } = parts(picker);
    const id = input.getAttribute('aria-activedescendant');
    return options(list).findIndex((o) => o.id === id);
  }

  function choose(picker, option) {
    const { input, mode } = parts(picker);
    if (mode === 'text') {
      input.value = option.getAttribute('data-account');
    } else if (mode === 'multi') {
      const box = picker.querySelector('[data-picker-chosen]');
      const name = box.getAttribute('data-name');
      const value = option.getAttribute('data-value');
      if (!box.querySelector(`input[value="${value}"]`)) {
        const id = `${input.id}-chosen-${value}`;
        const wrap = document.createElement('div');
        wrap.className = 'form-check mb-0';
        const check = Object.assign(document.createElement('input'), { type: 'checkbox', name, value, id, checked: true, className: 'form-check-input' });
        const label = Object.assign(document.createElement('label'), { htmlFor: id, className: 'form-check-label small', textContent: option.getAttribute('data-label') });
        wrap.append(check, label);
        box.append(wrap);
      }
      input.value = '';
    } else {
      let hidden = picker.querySelector('[data-picker-value]');
      picker.querySelectorAll('[data-picker-candidates]').forEach((c) => c.remove());
      if (!hidden) {
        hidden = Object.assign(document.createElement('input'), { type: 'hidden', name: input.name.replace(/Query$/, '') });
        hidden.setAttribute('data-picker-value', '');
        picker.prepend(hidden);
      }
      input.value = option.getAttribute('data-label');
      hidden.value = option.getAttribute('data-value');
      hidden.dispatchEvent(new Event('change', { bubbles: true }));
    }
    setOpen(picker, false);
    input.focus();
  }

  document.addEventListener('keydown', (event) => {
    const input = event.target.closest && event.target.closest('[data-picker-input]');
    const picker = pickerOf(input);
    if (!picker) return;
    const { list } = parts(picker);
    const opts = options(list);
    const open = input.getAttribute('aria-expanded') === 'true';
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!open) setOpen(picker, true);
      if (!opts.length) return;
      const i = activeIndex(picker);
      setActive(picker, event.key === 'ArrowDown' ? (i + 1) % opts.length : (i <= 0 ? opts.length - 1 : i - 1));
    } else if (event.key === 'Enter' && open) {
      const i = activeIndex(picker);
      if (i >= 0) {
        event.preventDefault();
        choose(picker, opts[i]);
      }
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      setOpen(picker, false);
    }
  });

  document.addEventListener('input', (event) => {
    const picker = pickerOf(event.target.closest && event.target.closest('[data-picker-input]'));
    if (!picker || parts(picker).mode !== 'single') return;
    // Typing again means another customer is being looked for: the old choice no longer holds.
    const hidden = picker.querySelector('[data-picker-value]');
    if (hidden) hidden.value = '';
  });

  // Mousedown, not click: it comes before the field's blur closes the list.
  document.addEventListener('mousedown', (event) => {
    const option = event.target.closest && event.target.closest('[data-customer-picker] [role=option]:not([aria-disabled=true])');
    if (!option) return;
    event.preventDefault();
    choose(pickerOf(option), option);
  });

  document.addEventListener('focusout', (event) => {
    const picker = pickerOf(event.target.closest && event.target.closest('[data-picker-input]'));
    if (picker) setTimeout(() => setOpen(picker, false), 100);
  });

  document.addEventListener('htmx:afterSwap', (event) => {
    const picker = pickerOf(event.detail.target);
    if (!picker || event.detail.target.getAttribute('role') !== 'listbox') return;
    const { input } = parts(picker);
    setOpen(picker, document.activeElement === input);
    if (options(parts(picker).list).length) setActive(picker, -1);
  });
})();
