// The little JavaScript the pages need; everything works without it.
document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.querySelector(".main-nav__toggle");
  if (toggle) {
    toggle.addEventListener("click", () => {
      const nav = toggle.closest(".main-nav");
      const open = nav.classList.toggle("is-open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  // "Add row" buttons of repeated rows: copy the last row, empty and renumbered, here and
  // now (without JavaScript the button posts the form back with one more empty row).
  document.querySelectorAll("button[data-add-row]").forEach((button) => {
    button.addEventListener("click", (event) => {
      const part = button.dataset.addRow;
      const list = button.closest("fieldset").querySelector(`[data-rows="${part}"]`);
      const rows = list.querySelectorAll(":scope > .row-entry");
      if (!rows.length) return;
      event.preventDefault();
      const row = rows[rows.length - 1].cloneNode(true);
      const prefix = new RegExp(`^${part}-\\d+-`);
      const renumber = (value) => value.replace(prefix, `${part}-${rows.length}-`);
      row.querySelectorAll("[name], [id], [for], [aria-describedby]").forEach((el) => {
        ["name", "id", "for"].forEach((attr) => {
          if (el.hasAttribute(attr)) el.setAttribute(attr, renumber(el.getAttribute(attr)));
        });
        el.removeAttribute("aria-describedby");
        el.removeAttribute("aria-invalid");
      });
      row.querySelectorAll(".field__error").forEach((el) => el.remove());
      row.querySelectorAll(".field--error").forEach((el) => el.classList.remove("field--error"));
      row.querySelectorAll("input, textarea, select").forEach((el) => {
        if (el.type === "checkbox") el.checked = el.dataset.default === "on";
        else if (el.tagName === "SELECT") el.selectedIndex = 0;
        else el.value = "";
      });
      list.appendChild(row);
      const first = row.querySelector("input, select, textarea");
      if (first) first.focus();
    });
  });
  // Forms that change something important ask for confirmation first.
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
});
